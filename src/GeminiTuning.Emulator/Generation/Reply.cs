using System;
using System.Collections.Generic;

namespace GeminiTuning.Emulator.Generation;

/// <summary>The emulator's deterministic "model": it answers <c>[tuned {model}] ({system instruction}) You said: {last
/// user text} (with {MIME types of its files}) (turn {n, in a conversation})</c>, then applies stop sequences (cut before the first, finish STOP) and maxOutputTokens (cut after that
/// many whitespace-separated tokens, finish MAX_TOKENS).</summary>
internal sealed class Reply
{
    private Reply(string text, string finishReason)
    {
        Text = text;
        FinishReason = finishReason;
        Tokens = GenerateRequest.CountTokens(text);
    }

    public string Text { get; }

    public string FinishReason { get; }

    public int Tokens { get; }

    public static Reply For(string modelLabel, GenerateRequest request)
    {
        var text = "[tuned " + modelLabel + "] " + (request.SystemText is null ? string.Empty : "(" + request.SystemText + ") ") +
            "You said: " + request.LastUserText + Files(request) +
            (request.UserTurns > 1 ? " (turn " + request.UserTurns.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")" : string.Empty);
        var finish = "STOP";
        var cut = -1;
        foreach (var stop in request.StopSequences)
        {
            var at = text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (cut < 0 || at < cut))
            {
                cut = at;
            }
        }

        if (cut >= 0)
        {
            text = text.Substring(0, cut);
        }

        if (request.MaxOutputTokens is int max && GenerateRequest.CountTokens(text) > max)
        {
            text = FirstTokens(text, max);
            finish = "MAX_TOKENS";
        }

        return new Reply(text, finish);
    }

    /// <summary>" (with image/png, application/pdf)" for a prompt with files.</summary>
    private static string Files(GenerateRequest request)
    {
        if (request.LastUserFiles.Count == 0)
        {
            return string.Empty;
        }

        var types = new List<string>();
        foreach (var file in request.LastUserFiles)
        {
            types.Add(file.MimeType);
        }

        return " (with " + string.Join(", ", types) + ")";
    }

    /// <summary>Splits the text into at least three pieces that concatenate back to it, at word boundaries when there
    /// are enough words.</summary>
    public IReadOnlyList<string> Chunks()
    {
        var starts = new List<int>();
        for (var i = 1; i < Text.Length; i++)
        {
            if (!char.IsWhiteSpace(Text[i]) && char.IsWhiteSpace(Text[i - 1]))
            {
                starts.Add(i);
            }
        }

        var pieces = Math.Max(3, Math.Min(12, (starts.Count + 1) / 3));
        var cuts = new List<int>();
        if (starts.Count >= pieces - 1)
        {
            for (var k = 1; k < pieces; k++)
            {
                cuts.Add(starts[(int)((long)k * starts.Count / pieces)]);
            }
        }
        else if (Text.Length >= pieces)
        {
            for (var k = 1; k < pieces; k++)
            {
                cuts.Add(k * Text.Length / pieces);
            }
        }
        else
        {
            return new[] { Text };
        }

        var result = new List<string>();
        var from = 0;
        foreach (var c in cuts)
        {
            if (c > from)
            {
                result.Add(Text.Substring(from, c - from));
                from = c;
            }
        }

        result.Add(Text.Substring(from));
        return result;
    }

    private static string FirstTokens(string text, int count)
    {
        var seen = 0;
        var inToken = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                if (inToken && seen == count)
                {
                    return text.Substring(0, i);
                }

                inToken = false;
            }
            else if (!inToken)
            {
                inToken = true;
                seen++;
            }
        }

        return text;
    }
}
