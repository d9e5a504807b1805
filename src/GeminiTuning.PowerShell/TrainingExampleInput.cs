namespace GeminiTuning.PowerShell;

/// <summary>
/// What -TrainingExample holds: any object with TextInput and Output properties (or a hashtable with those keys).
/// </summary>
/// <remarks>
/// A type of its own, converted from any object through its constructor, so that PowerShell binds piped objects to
/// -TrainingExample only after trying the other parameters by property name: a row with BaseModel and
/// TrainingDatasetUri (or a piped tuning job) goes to the Vertex AI parameter set, a row with TextInput and Output
/// to the Gemini API one. Typed as PSObject, -TrainingExample would capture every piped object first.
/// </remarks>
public sealed class TrainingExampleInput
{
    /// <summary>Wraps a piped or given object.</summary>
    public TrainingExampleInput(object value) => Value = value;

    /// <summary>The object as given.</summary>
    public object Value { get; }

    /// <inheritdoc />
    public override string ToString() => Value?.ToString() ?? string.Empty;
}
