using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace GeminiTuning;

/// <summary>One turn of a conversation with a tuned model: the user's prompt (with its files) or the model's reply.</summary>
/// <remarks>
/// Every answer Invoke-GeminiTunedModel writes carries the conversation up to and including its reply
/// (<see cref="GeminiTunedModelResponse.Turns"/>); passing answers to -History sends those turns again, so a test
/// conversation goes on where the last answer left it.
/// </remarks>
public sealed class GeminiConversationTurn
{
    /// <summary>The role that spoke: <c>user</c> or <c>model</c>.</summary>
    public string Role { get; set; } = "user";

    /// <summary>The parts: text, files, and for the model any thought signature to send back unchanged.</summary>
    public IReadOnlyList<GeminiContentPart> Parts { get; set; } = Array.Empty<GeminiContentPart>();

    /// <summary>The turn's text (thought parts excluded).</summary>
    public string Text => string.Concat(Parts.Where(p => p.Text is not null && p.Thought != true).Select(p => p.Text));

    /// <inheritdoc />
    public override string ToString()
    {
        var files = Parts.Count(p => p.MimeType is not null);
        return Role + ": " + Text + (files == 0 ? string.Empty : string.Format(CultureInfo.InvariantCulture, " [+{0} file(s)]", files));
    }
}

/// <summary>One part of a turn: a text, a file sent inline or by URI, or a thought.</summary>
public sealed class GeminiContentPart
{
    /// <summary>Text.</summary>
    public string? Text { get; set; }

    /// <summary>True for a thought summary the model returned (with includeThoughts).</summary>
    public bool? Thought { get; set; }

    /// <summary>An opaque signature of the model's thinking (base64), sent back unchanged in later turns.</summary>
    public string? ThoughtSignature { get; set; }

    /// <summary>The MIME type of a file part.</summary>
    public string? MimeType { get; set; }

    /// <summary>A file sent by reference: <c>gs://bucket/object</c> or an http(s) URL.</summary>
    public string? FileUri { get; set; }

    /// <summary>The bytes of a file sent inline.</summary>
    public byte[]? InlineData { get; set; }

    /// <summary>Where an inline file was read from (shown only, never sent).</summary>
    public string? Source { get; set; }

    /// <inheritdoc />
    public override string ToString() =>
        Text ?? (FileUri is not null ? MimeType + " " + FileUri :
            InlineData is not null ? string.Format(CultureInfo.InvariantCulture, "{0} ({1:N0} bytes{2})", MimeType, InlineData.Length, Source is null ? string.Empty : " from " + Source) :
            string.Empty);
}

/// <summary>A safety rating of the prompt or of a candidate.</summary>
public sealed class GeminiSafetyRating
{
    /// <summary>The harm category, e.g. <c>HARM_CATEGORY_DANGEROUS_CONTENT</c>.</summary>
    public string? Category { get; set; }

    /// <summary>NEGLIGIBLE, LOW, MEDIUM or HIGH.</summary>
    public string? Probability { get; set; }

    /// <summary>The probability as a score from 0 to 1, when given.</summary>
    public double? ProbabilityScore { get; set; }

    /// <summary>HARM_SEVERITY_NEGLIGIBLE … HARM_SEVERITY_HIGH, when given.</summary>
    public string? Severity { get; set; }

    /// <summary>The severity as a score, when given.</summary>
    public double? SeverityScore { get; set; }

    /// <summary>True when this rating caused the block.</summary>
    public bool Blocked { get; set; }

    /// <inheritdoc />
    public override string ToString() => Category + "=" + (Probability ?? Severity) + (Blocked ? " (blocked)" : string.Empty);
}
