using System.Runtime.CompilerServices;
using System.Text.Json;

namespace GeminiTuning.Datasets;

/// <summary>The fields of a tuning example and of a part, by their JSON names (camelCase and snake_case, as the service reads both).</summary>
internal enum ExampleField
{
    Unknown,
    Known,
    Contents,
    SystemInstruction,
    Messages,
    LegacyText,
    Text,
    FileData,
    InlineData,
    FunctionCall,
    FunctionResponse,
    OtherData,
}

/// <summary>Recognises field names on the reader's current property name, without making a string of it.</summary>
internal static class ExampleFields
{
    /// <summary>A field of the example object.</summary>
    [MethodImpl(HotPath.Optimized)]
    public static ExampleField OfExample(ref Utf8JsonReader r)
    {
        if (r.ValueTextEquals("contents"u8))
        {
            return ExampleField.Contents;
        }

        if (r.ValueTextEquals("systemInstruction"u8) || r.ValueTextEquals("system_instruction"u8))
        {
            return ExampleField.SystemInstruction;
        }

        if (r.ValueTextEquals("tools"u8) || r.ValueTextEquals("generationConfig"u8) || r.ValueTextEquals("generation_config"u8) ||
            r.ValueTextEquals("toolConfig"u8) || r.ValueTextEquals("tool_config"u8))
        {
            return ExampleField.Known;
        }

        if (r.ValueTextEquals("messages"u8))
        {
            return ExampleField.Messages;
        }

        if (r.ValueTextEquals("input_text"u8) || r.ValueTextEquals("output_text"u8))
        {
            return ExampleField.LegacyText;
        }

        return ExampleField.Unknown;
    }

    /// <summary>A field of a part.</summary>
    [MethodImpl(HotPath.Optimized)]
    public static ExampleField OfPart(ref Utf8JsonReader r)
    {
        if (r.ValueTextEquals("text"u8))
        {
            return ExampleField.Text;
        }

        if (r.ValueTextEquals("fileData"u8) || r.ValueTextEquals("file_data"u8))
        {
            return ExampleField.FileData;
        }

        if (r.ValueTextEquals("functionCall"u8) || r.ValueTextEquals("function_call"u8))
        {
            return ExampleField.FunctionCall;
        }

        if (r.ValueTextEquals("functionResponse"u8) || r.ValueTextEquals("function_response"u8))
        {
            return ExampleField.FunctionResponse;
        }

        if (r.ValueTextEquals("inlineData"u8) || r.ValueTextEquals("inline_data"u8))
        {
            return ExampleField.InlineData;
        }

        if (r.ValueTextEquals("executableCode"u8) || r.ValueTextEquals("executable_code"u8) ||
            r.ValueTextEquals("codeExecutionResult"u8) || r.ValueTextEquals("code_execution_result"u8))
        {
            return ExampleField.OtherData;
        }

        if (r.ValueTextEquals("thought"u8) || r.ValueTextEquals("thoughtSignature"u8) || r.ValueTextEquals("thought_signature"u8) ||
            r.ValueTextEquals("videoMetadata"u8) || r.ValueTextEquals("video_metadata"u8) || r.ValueTextEquals("mediaResolution"u8) ||
            r.ValueTextEquals("media_resolution"u8) || r.ValueTextEquals("partMetadata"u8) || r.ValueTextEquals("part_metadata"u8))
        {
            return ExampleField.Known;
        }

        return ExampleField.Unknown;
    }

    /// <summary>True for the fields that are a part's content (a part holds exactly one).</summary>
    public static bool IsPartData(ExampleField field) =>
        field is ExampleField.Text or ExampleField.FileData or ExampleField.InlineData or ExampleField.FunctionCall or ExampleField.FunctionResponse or ExampleField.OtherData;

    /// <summary>A part's content field as the documentation writes it.</summary>
    public static string NameOf(ExampleField field) => field switch
    {
        ExampleField.Text => "text",
        ExampleField.FileData => "fileData",
        ExampleField.InlineData => "inlineData",
        ExampleField.FunctionCall => "functionCall",
        ExampleField.FunctionResponse => "functionResponse",
        _ => "executableCode",
    };
}
