using System;
using System.Collections.Generic;
using System.Linq;

namespace GeminiTuning.Config;

/// <summary>The known names closest to a mistyped one, by edit distance, for "did you mean" messages.</summary>
public static class ClosestNames
{
    /// <summary>
    /// Up to <paramref name="count"/> names from <paramref name="candidates"/> nearest to <paramref name="value"/>
    /// (fewest insertions, deletions, substitutions or swaps of neighbours; ties keep the candidates' order). Names that
    /// share nothing with the value (a distance of more than half its length) are left out, unless nothing is closer.
    /// </summary>
    public static IReadOnlyList<string> Find(string? value, IEnumerable<string> candidates, int count = 3)
    {
        var v = (value ?? string.Empty).Trim().ToLowerInvariant();
        var scored = candidates.Select((c, i) => (Name: c, Index: i, Distance: Distance(v, c.ToLowerInvariant())))
            .OrderBy(s => s.Distance).ThenBy(s => s.Index).ToList();
        if (scored.Count == 0)
        {
            return Array.Empty<string>();
        }

        var limit = Math.Max(2, v.Length / 2);
        var near = scored.Where(s => s.Distance <= limit).Take(count).Select(s => s.Name).ToList();
        return near.Count > 0 ? near : scored.Take(count).Select(s => s.Name).ToList();
    }

    /// <summary>The edit distance with adjacent transpositions (optimal string alignment).</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
