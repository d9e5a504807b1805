using System;
using System.Collections.Generic;
using System.Text;

namespace GeminiTuning.Emulator.Json;

/// <summary>The JSON type of a proto field, as far as parsing a request needs to know it.</summary>
internal enum FieldKind
{
    String,
    Bytes,
    Bool,
    Int32,
    Int64,
    Double,
    Enum,
    Message,
    MapOfStrings,

    /// <summary>google.protobuf.Struct / Value / Any and messages the emulator does not inspect: taken as they are.</summary>
    Opaque,
}

internal sealed class EnumSpec
{
    private readonly Dictionary<string, int> _numbers = new Dictionary<string, int>(StringComparer.Ordinal);
    private readonly Dictionary<int, string> _names = new Dictionary<int, string>();

    public EnumSpec(string fullName, params (string Name, int Number)[] values)
    {
        FullName = fullName;
        foreach (var (name, number) in values)
        {
            _numbers[name] = number;
            _names[number] = name;
        }
    }

    public string FullName { get; }

    public bool TryGetName(string name, out string canonical)
    {
        canonical = name;
        return _numbers.ContainsKey(name);
    }

    public bool TryGetName(int number, out string canonical) => _names.TryGetValue(number, out canonical!);

    public bool TryNumber(string name, out int number) => _numbers.TryGetValue(name, out number);
}

internal sealed class FieldSpec
{
    public FieldSpec(string jsonName, FieldKind kind, bool repeated, MessageSpec? message, EnumSpec? enumSpec, bool hasPresence = false)
    {
        HasPresence = hasPresence;
        JsonName = jsonName;
        ProtoName = ToSnakeCase(jsonName);
        Kind = kind;
        Repeated = repeated;
        Message = message;
        Enum = enumSpec;
    }

    public string JsonName { get; }

    /// <summary>A proto3 <c>optional</c> field: a default value sent is kept, because sending it differs from leaving it out
    /// (<c>thinkingBudget: 0</c> turns thinking off).</summary>
    public bool HasPresence { get; }

    public string ProtoName { get; }

    public FieldKind Kind { get; }

    public bool Repeated { get; }

    public MessageSpec? Message { get; }

    public EnumSpec? Enum { get; }

    public static string ToSnakeCase(string camel)
    {
        var builder = new StringBuilder(camel.Length + 8);
        foreach (var c in camel)
        {
            if (c >= 'A' && c <= 'Z')
            {
                builder.Append('_').Append((char)(c + 32));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}

/// <summary>A proto message's fields by JSON name and by original (snake_case) name; both spellings are accepted, as
/// the proto3 JSON parser accepts them.</summary>
internal sealed class MessageSpec
{
    private readonly Dictionary<string, FieldSpec> _fields = new Dictionary<string, FieldSpec>(StringComparer.Ordinal);

    public MessageSpec(string fullName)
    {
        FullName = fullName;
    }

    public string FullName { get; }

    public MessageSpec Field(string jsonName, FieldKind kind) => Add(new FieldSpec(jsonName, kind, false, null, null));

    /// <summary>A proto3 <c>optional</c> scalar, whose default value is kept when sent.</summary>
    public MessageSpec Optional(string jsonName, FieldKind kind) => Add(new FieldSpec(jsonName, kind, false, null, null, hasPresence: true));

    public MessageSpec Repeated(string jsonName, FieldKind kind) => Add(new FieldSpec(jsonName, kind, true, null, null));

    public MessageSpec Message(string jsonName, MessageSpec message) => Add(new FieldSpec(jsonName, FieldKind.Message, false, message, null));

    public MessageSpec RepeatedMessage(string jsonName, MessageSpec message) => Add(new FieldSpec(jsonName, FieldKind.Message, true, message, null));

    public MessageSpec Enum(string jsonName, EnumSpec spec) => Add(new FieldSpec(jsonName, FieldKind.Enum, false, null, spec));

    public MessageSpec Strings(params string[] jsonNames)
    {
        foreach (var name in jsonNames)
        {
            Field(name, FieldKind.String);
        }

        return this;
    }

    public MessageSpec Opaques(params string[] jsonNames)
    {
        foreach (var name in jsonNames)
        {
            Field(name, FieldKind.Opaque);
        }

        return this;
    }

    public bool TryGetField(string name, out FieldSpec field) => _fields.TryGetValue(name, out field!);

    private MessageSpec Add(FieldSpec field)
    {
        _fields[field.JsonName] = field;
        _fields[field.ProtoName] = field;
        return this;
    }
}
