using System.Globalization;

namespace GeminiTuning.Datasets;

/// <summary>How bad a dataset problem is.</summary>
public enum DatasetProblemSeverity
{
    /// <summary>The service rejects the dataset (or the job fails) because of it.</summary>
    Error,

    /// <summary>Accepted, but probably not what was meant: an example the service drops, a field it ignores, a byte order mark.</summary>
    Warning,
}

/// <summary>What is wrong. Each value names one rule of <see cref="DatasetValidator"/>.</summary>
public enum DatasetProblemCode
{
    /// <summary>The file is larger than the base model accepts (1 GB for every current model).</summary>
    FileTooLarge,

    /// <summary>The file holds no example at all.</summary>
    EmptyFile,

    /// <summary>The file starts with a UTF-8 byte order mark (warning), or a line other than the first does (error: files were concatenated).</summary>
    ByteOrderMark,

    /// <summary>A line is empty or only whitespace; every line must hold one example.</summary>
    BlankLine,

    /// <summary>A line is not valid UTF-8.</summary>
    InvalidUtf8,

    /// <summary>A line is not valid JSON (or holds more than one JSON value).</summary>
    InvalidJson,

    /// <summary>A line is JSON but not an object.</summary>
    NotAnObject,

    /// <summary>A line is longer than the validator reads as one example; at about 4 characters per token it is far over any model's token limit.</summary>
    ExampleTooLong,

    /// <summary>The legacy <c>messages</c> format (gemini-1.0-pro-002 only, retired); current models need <c>contents</c>.</summary>
    LegacyMessagesFormat,

    /// <summary>The PaLM (<c>text-bison</c>) <c>input_text</c>/<c>output_text</c> format, which no Gemini model accepts.</summary>
    LegacyTextFormat,

    /// <summary>The example has no <c>contents</c>.</summary>
    MissingContents,

    /// <summary>A field has the wrong JSON type (e.g. <c>contents</c> is not an array, <c>text</c> is not a string).</summary>
    WrongType,

    /// <summary><c>contents</c> is an empty array.</summary>
    EmptyContents,

    /// <summary>A turn has no <c>role</c>.</summary>
    MissingRole,

    /// <summary>A turn's role is neither <c>user</c> nor <c>model</c>.</summary>
    InvalidRole,

    /// <summary>Two consecutive turns have the same role; turns must alternate between <c>user</c> and <c>model</c>.</summary>
    RolesNotAlternating,

    /// <summary>The last turn is not a <c>model</c> turn (the training target).</summary>
    LastTurnNotModel,

    /// <summary>A turn has no <c>parts</c>.</summary>
    MissingParts,

    /// <summary>A turn's <c>parts</c> is an empty array.</summary>
    EmptyParts,

    /// <summary>A part has none of <c>text</c>, <c>fileData</c>, <c>functionCall</c>, <c>functionResponse</c>…</summary>
    PartWithoutData,

    /// <summary>A part has more than one data field; each part holds exactly one.</summary>
    PartWithSeveralData,

    /// <summary>A <c>text</c> part is the empty string.</summary>
    EmptyText,

    /// <summary><c>fileData</c> lacks <c>mimeType</c> or <c>fileUri</c>.</summary>
    FileDataIncomplete,

    /// <summary><c>fileUri</c> is neither a <c>gs://</c> URI nor a public http(s) URL.</summary>
    InvalidFileUri,

    /// <summary>A part type the base model cannot tune on: <c>inlineData</c>, media for a text-only model, media in <c>systemInstruction</c>, a misplaced function call.</summary>
    UnsupportedPartType,

    /// <summary>A <c>fileData</c> MIME type that is not an image, audio, video or document type Gemini reads.</summary>
    UnsupportedMimeType,

    /// <summary>More media files in one example than tuning uses (30 images, 4 PDFs); the service drops such examples.</summary>
    TooManyFiles,

    /// <summary>An example's estimated tokens (characters / 4) exceed the base model's per-example limit; the service drops or truncates it.</summary>
    ExampleOverTokenLimit,

    /// <summary>More examples than the purpose and base model allow (validation: 5,000; 256 for Gemini 1.x; training: 10M text-only or 300K multimodal).</summary>
    TooManyExamples,

    /// <summary>Fewer examples than the base model needs (16 for Gemini 1.0) or than Google recommends (100).</summary>
    TooFewExamples,

    /// <summary>A field the tuning format does not define; the service may refuse the line or ignore the field.</summary>
    UnknownField,

    /// <summary>Preference tuning: the prompt's last turn is not a <c>user</c> turn (the completions answer it).</summary>
    LastTurnNotUser,

    /// <summary>Preference tuning: the example has no <c>completions</c>.</summary>
    MissingCompletions,

    /// <summary>Preference tuning: <c>completions</c> does not hold exactly two completions.</summary>
    WrongCompletionCount,

    /// <summary>Preference tuning: a completion's <c>score</c> is missing or not 0 or 1.</summary>
    InvalidScore,

    /// <summary>Preference tuning: the two completions are not one preferred (score 1) and one dispreferred (score 0).</summary>
    NoPreferredPair,

    /// <summary>Preference tuning: a completion lacks its <c>completion</c> turn, or that turn is not a single <c>model</c> turn.</summary>
    InvalidCompletion,
}

/// <summary>One problem found in a dataset, at a line and column. Pipes to Export-Csv as it is.</summary>
public sealed class DatasetProblem
{
    /// <summary>Creates a problem.</summary>
    public DatasetProblem(string path, long line, int column, DatasetProblemSeverity severity, DatasetProblemCode code, string message)
    {
        Path = path;
        Line = line;
        Column = column;
        Severity = severity;
        Code = code;
        Message = message;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>1-based line number; 0 for a problem with the whole file (its size, its example count).</summary>
    public long Line { get; }

    /// <summary>1-based column in characters (UTF-16 code units, as editors count; a leading byte order mark is not counted); 0 when the problem is with the whole line or file.</summary>
    public int Column { get; }

    /// <summary>Error (the service rejects it) or warning.</summary>
    public DatasetProblemSeverity Severity { get; }

    /// <summary>Which rule.</summary>
    public DatasetProblemCode Code { get; }

    /// <summary>What is wrong and how to fix it.</summary>
    public string Message { get; }

    /// <summary>"line 4, column 12: message".</summary>
    public override string ToString() => Line == 0
        ? Message
        : Column == 0
            ? string.Format(CultureInfo.InvariantCulture, "line {0}: {1}", Line, Message)
            : string.Format(CultureInfo.InvariantCulture, "line {0}, column {1}: {2}", Line, Column, Message);
}
