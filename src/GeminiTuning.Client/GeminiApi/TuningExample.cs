namespace GeminiTuning.GeminiApi;

/// <summary>One inline training example for the Gemini API: an input text and the output the model should give.</summary>
public sealed class TuningExample
{
    /// <summary>Creates an example.</summary>
    public TuningExample(string? textInput, string output)
    {
        TextInput = textInput;
        Output = output;
    }

    /// <summary>The input (may be empty).</summary>
    public string? TextInput { get; }

    /// <summary>The expected output (required).</summary>
    public string Output { get; }
}
