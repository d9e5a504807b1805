using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using GeminiTuning.Emulator.Json;

namespace GeminiTuning.Emulator;

/// <summary>Project numbers and locations. Real Vertex AI answers with the project NUMBER in resource names even when
/// called with the project id; the emulator derives a stable 12-digit number from each id.</summary>
internal static class Projects
{
    private static readonly Regex LocationPattern = new Regex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", RegexOptions.CultureInvariant);
    private static readonly Regex ProjectPattern = new Regex("^[A-Za-z0-9][A-Za-z0-9._:-]*$", RegexOptions.CultureInvariant);

    public static string NumberFor(string projectIdOrNumber)
    {
        if (IsNumber(projectIdOrNumber))
        {
            return projectIdOrNumber;
        }

        // FNV-1a, 64 bit: stable across processes and runtimes (string.GetHashCode is not).
        ulong hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(projectIdOrNumber))
        {
            hash ^= b;
            hash = unchecked(hash * 1099511628211UL);
        }

        return (100_000_000_000UL + (hash % 900_000_000_000UL)).ToString(CultureInfo.InvariantCulture);
    }

    public static bool IsNumber(string text)
    {
        if (text.Length == 0)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Checks the project and location of a Vertex AI path and returns the project number.</summary>
    public static string Resolve(string project, string location)
    {
        if (!ProjectPattern.IsMatch(project))
        {
            throw ApiException.InvalidArgument("Invalid resource name: the project \"" + project + "\" is not a valid project id or number.");
        }

        if (!LocationPattern.IsMatch(location))
        {
            throw ApiException.InvalidArgument(
                "Invalid location \"" + location + "\": a location is a lowercase region name such as us-central1, or global, us or eu.");
        }

        return NumberFor(project);
    }
}
