using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GeminiTuning.Internal;

/// <summary>
/// Reads a proto enum that arrives as its name (the JSON default) or as its number (what the service answers to a
/// request with <c>$alt=json;enum-encoding=int</c>, as Google's generated clients send, or what a proxy or fake relays);
/// a number is turned into its name, so the rest of the library sees names only. Writes the name.
/// </summary>
internal abstract class ProtoEnumConverter : JsonConverter<string?>
{
    private readonly Dictionary<long, string> _names;

    protected ProtoEnumConverter(params (string Name, int Number)[] values)
    {
        _names = new Dictionary<long, string>();
        foreach (var (name, number) in values)
        {
            _names[number] = name;
        }
    }

    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString(),
        // An unknown number keeps its digits: JobStates reads it as Unknown, and ServiceState shows what came.
        JsonTokenType.Number when reader.TryGetInt64(out var n) => _names.TryGetValue(n, out var name) ? name : n.ToString(CultureInfo.InvariantCulture),
        _ => throw new JsonException("An enum must be a string or an integer."),
    };

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }
}

/// <summary><c>google.cloud.aiplatform.v1.JobState</c> (job_state.proto).</summary>
internal sealed class JobStateConverter : ProtoEnumConverter
{
    public JobStateConverter()
        : base(("JOB_STATE_UNSPECIFIED", 0), ("JOB_STATE_QUEUED", 1), ("JOB_STATE_PENDING", 2), ("JOB_STATE_RUNNING", 3), ("JOB_STATE_SUCCEEDED", 4),
            ("JOB_STATE_FAILED", 5), ("JOB_STATE_CANCELLING", 6), ("JOB_STATE_CANCELLED", 7), ("JOB_STATE_PAUSED", 8), ("JOB_STATE_EXPIRED", 9),
            ("JOB_STATE_UPDATING", 10), ("JOB_STATE_PARTIALLY_SUCCEEDED", 11))
    {
    }
}

/// <summary><c>AdapterSize</c> (tuning_job.proto): the numbers are not in size order.</summary>
internal sealed class AdapterSizeConverter : ProtoEnumConverter
{
    public AdapterSizeConverter()
        : base(("ADAPTER_SIZE_UNSPECIFIED", 0), ("ADAPTER_SIZE_ONE", 1), ("ADAPTER_SIZE_FOUR", 2), ("ADAPTER_SIZE_EIGHT", 3), ("ADAPTER_SIZE_SIXTEEN", 4),
            ("ADAPTER_SIZE_THIRTY_TWO", 5), ("ADAPTER_SIZE_TWO", 6))
    {
    }
}

/// <summary>The Gemini API's <c>TunedModel.State</c> (tuned_model.proto).</summary>
internal sealed class TunedModelStateConverter : ProtoEnumConverter
{
    public TunedModelStateConverter()
        : base(("STATE_UNSPECIFIED", 0), ("CREATING", 1), ("ACTIVE", 2), ("FAILED", 3))
    {
    }
}
