using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;

namespace GeminiTuning.HelpGen;

/// <summary>One [Parameter] attribute of a parameter: its membership of one parameter set.</summary>
internal sealed record SetMembership(string SetName, bool Mandatory, int? Position, bool ByValue, bool ByPropertyName);

/// <summary>A parameter as PowerShell sees it, read from metadata; nothing in it is written by hand.</summary>
internal sealed record ParameterMetadata(
    string Name,
    string TypeName,
    string TypeFullName,
    bool IsSwitch,
    bool IsArray,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<SetMembership> Sets,
    IReadOnlyList<string> AcceptedValues,
    IReadOnlyList<string> Constraints,
    string DefaultValue,
    bool Globbing,
    string? XmlDocId)
{
    public const string AllSets = "__AllParameterSets";

    /// <summary>Whether the parameter belongs to <paramref name="set"/> (directly or as a member of all sets).</summary>
    public SetMembership? In(string set) =>
        Sets.FirstOrDefault(s => s.SetName == set) ?? Sets.FirstOrDefault(s => s.SetName == AllSets);

    public bool ByValue => Sets.Any(s => s.ByValue);

    public bool ByPropertyName => Sets.Any(s => s.ByPropertyName);

    public string PipelineInput => (ByPropertyName, ByValue) switch
    {
        (true, true) => "True (ByPropertyName, ByValue)",
        (true, false) => "True (ByPropertyName)",
        (false, true) => "True (ByValue)",
        _ => "False",
    };

    /// <summary>The parameter's element type's full name when it is an array (what a pipeline delivers one by one).</summary>
    public string ElementTypeFullName => IsArray && TypeFullName.EndsWith("[]", StringComparison.Ordinal)
        ? TypeFullName.Substring(0, TypeFullName.Length - 2)
        : TypeFullName;
}

/// <summary>A cmdlet as PowerShell sees it, read from metadata.</summary>
internal sealed record CmdletMetadata(
    string Name,
    string Verb,
    string Noun,
    string TypeFullName,
    IReadOnlyList<string> ParameterSets,
    IReadOnlyList<ParameterMetadata> Parameters,
    IReadOnlyList<string> OutputTypes,
    bool SupportsShouldProcess,
    bool SupportsPaging)
{
    /// <summary>The parameters of one set, in the order PowerShell's own syntax lists them: positional ones by
    /// position, then mandatory named ones, then the rest in declaration order.</summary>
    public IEnumerable<(ParameterMetadata Parameter, SetMembership Membership)> InSet(string set) =>
        Parameters.Select(p => (Parameter: p, Membership: p.In(set)))
            .Where(x => x.Membership is not null)
            .Select((x, index) => (x.Parameter, Membership: x.Membership!, index))
            .OrderBy(x => x.Membership.Position is null ? 1 : 0)
            .ThenBy(x => x.Membership.Position ?? 0)
            .ThenBy(x => x.Membership.Mandatory ? 0 : 1)
            .ThenBy(x => x.index)
            .Select(x => (x.Parameter, x.Membership));
}

/// <summary>
/// Reads the cmdlets of a compiled module assembly through a <see cref="MetadataLoadContext"/>: nothing is executed,
/// so a netstandard2.0 assembly built against PowerShell Standard reads the same on any runtime.
/// </summary>
internal sealed class CmdletMetadataReader : IDisposable
{
    private const string Sma = "System.Management.Automation.";
    private readonly MetadataLoadContext _context;
    private readonly Assembly _assembly;

    /// <param name="assemblyPath">The cmdlet assembly; the DLLs next to it resolve its dependencies.</param>
    /// <param name="references">More assemblies to resolve from, e.g. PowerShell Standard's System.Management.Automation.</param>
    public CmdletMetadataReader(string assemblyPath, IEnumerable<string> references)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(assemblyPath))!;
        // The runtime's own assemblies first, then the module's and the given references, which win on a name clash
        // (PowerShell Standard's System.Management.Automation is the 5.1 surface the module is compiled against).
        var paths = Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
            .Concat(Directory.GetFiles(folder, "*.dll"))
            .Concat(references.Select(Path.GetFullPath))
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.Last());
        _context = new MetadataLoadContext(new PathAssemblyResolver(paths), "System.Private.CoreLib");
        _assembly = _context.LoadFromAssemblyPath(Path.GetFullPath(assemblyPath));
    }

    public void Dispose() => _context.Dispose();

    /// <summary>The public, non-abstract [Cmdlet] classes, by name.</summary>
    public IReadOnlyList<CmdletMetadata> ReadCmdlets() =>
        _assembly.GetExportedTypes()
            .Where(t => !t.IsAbstract && Attributes(t, "CmdletAttribute").Any())
            .Select(Describe)
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>Whether <paramref name="fullName"/> names a type the module, its dependencies or the framework define.</summary>
    public bool TypeExists(string fullName)
    {
        var name = fullName.EndsWith("[]", StringComparison.Ordinal) ? fullName.Substring(0, fullName.Length - 2) : fullName;
        if (_context.CoreAssembly?.GetType(name) is not null || _assembly.GetType(name) is not null)
        {
            return true;
        }

        foreach (var reference in _assembly.GetReferencedAssemblies())
        {
            try
            {
                if (_context.LoadFromAssemblyName(reference).GetType(name) is not null)
                {
                    return true;
                }
            }
            catch (FileNotFoundException)
            {
                // A dependency that is not present cannot define the type.
            }
        }

        return false;
    }

    private static IEnumerable<CustomAttributeData> Attributes(MemberInfo member, string name) =>
        member.GetCustomAttributesData().Where(a => a.AttributeType.FullName == Sma + name);

    private static T? Named<T>(CustomAttributeData attribute, string name) =>
        attribute.NamedArguments.Where(n => n.MemberName == name).Select(n => (T?)n.TypedValue.Value).FirstOrDefault();

    private static bool HasNamed(CustomAttributeData attribute, string name) =>
        attribute.NamedArguments.Any(n => n.MemberName == name);

    private static CmdletMetadata Describe(Type type)
    {
        var cmdlet = Attributes(type, "CmdletAttribute").Single();
        var verb = (string)cmdlet.ConstructorArguments[0].Value!;
        var noun = (string)cmdlet.ConstructorArguments[1].Value!;
        var shouldProcess = Named<bool>(cmdlet, "SupportsShouldProcess");
        var paging = Named<bool>(cmdlet, "SupportsPaging");
        var defaultSet = Named<string>(cmdlet, "DefaultParameterSetName");

        var parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => Attributes(p, "ParameterAttribute").Any())
            .Select(DescribeParameter)
            .ToList();

        // What PowerShell adds: -WhatIf/-Confirm with ShouldProcess, -First/-Skip/-IncludeTotalCount with paging.
        // They are not common parameters (Get-Help lists them per cmdlet), so they are documented per cmdlet.
        if (paging)
        {
            parameters.Add(Implicit("First", "UInt64", "System.UInt64", isSwitch: false, Array.Empty<string>()));
            parameters.Add(Implicit("Skip", "UInt64", "System.UInt64", isSwitch: false, Array.Empty<string>()));
            parameters.Add(Implicit("IncludeTotalCount", "SwitchParameter", Sma + "SwitchParameter", isSwitch: true, Array.Empty<string>()));
        }

        if (shouldProcess)
        {
            parameters.Add(Implicit("WhatIf", "SwitchParameter", Sma + "SwitchParameter", isSwitch: true, new[] { "wi" }));
            parameters.Add(Implicit("Confirm", "SwitchParameter", Sma + "SwitchParameter", isSwitch: true, new[] { "cf" }));
        }

        // The sets: the default one first (it exists even when no parameter names it), then in order of appearance.
        var sets = new List<string>();
        if (!string.IsNullOrEmpty(defaultSet))
        {
            sets.Add(defaultSet!);
        }

        sets.AddRange(parameters.SelectMany(p => p.Sets).Select(s => s.SetName)
            .Where(s => s != ParameterMetadata.AllSets && !sets.Contains(s)).Distinct());
        if (sets.Count == 0)
        {
            sets.Add(ParameterMetadata.AllSets);
        }

        var outputTypes = type.GetCustomAttributesData()
            .Where(a => a.AttributeType.FullName == Sma + "OutputTypeAttribute")
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(m => m.Value) : new[] { arg.Value })
            .Select(v => v switch
            {
                Type t => t.FullName!,
                string s => s,
                _ => null,
            })
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();

        return new CmdletMetadata(verb + "-" + noun, verb, noun, type.FullName!, sets, parameters, outputTypes, shouldProcess, paging);
    }

    private static ParameterMetadata Implicit(string name, string typeName, string fullName, bool isSwitch, IReadOnlyList<string> aliases) =>
        new(name, typeName, fullName, isSwitch, IsArray: false, aliases,
            new[] { new SetMembership(ParameterMetadata.AllSets, Mandatory: false, Position: null, ByValue: false, ByPropertyName: false) },
            Array.Empty<string>(), Array.Empty<string>(), isSwitch ? "False" : "None", Globbing: false, XmlDocId: null);

    private static ParameterMetadata DescribeParameter(PropertyInfo property)
    {
        var sets = Attributes(property, "ParameterAttribute")
            .Select(a => new SetMembership(
                Named<string>(a, "ParameterSetName") ?? ParameterMetadata.AllSets,
                Named<bool>(a, "Mandatory"),
                HasNamed(a, "Position") ? Named<int>(a, "Position") : null,
                Named<bool>(a, "ValueFromPipeline"),
                Named<bool>(a, "ValueFromPipelineByPropertyName")))
            .ToList();

        var aliases = Attributes(property, "AliasAttribute")
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> many
                ? many.Select(v => (string)v.Value!)
                : new[] { (string)arg.Value! })
            .ToList();

        var type = UnderlyingOfNullable(property.PropertyType) ?? property.PropertyType;
        var element = type.IsArray ? type.GetElementType()! : type;
        element = UnderlyingOfNullable(element) ?? element;
        var isSwitch = type.FullName == Sma + "SwitchParameter";

        var accepted = new List<string>();
        if (element.IsEnum)
        {
            accepted.AddRange(element.GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => f.Name));
        }

        foreach (var set in Attributes(property, "ValidateSetAttribute"))
        {
            accepted.AddRange(Values(set.ConstructorArguments).Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)!));
        }

        var defaultValue = Attributes(property, "PSDefaultValueAttribute")
            .Select(a => Unwrap(Named<object>(a, "Value")) is { } value ? Convert.ToString(value, CultureInfo.InvariantCulture) : Named<string>(a, "Help"))
            .FirstOrDefault(v => !string.IsNullOrEmpty(v));

        return new ParameterMetadata(
            property.Name,
            DisplayName(type),
            type.FullName ?? DisplayName(type),
            isSwitch,
            type.IsArray,
            aliases,
            sets,
            accepted.Distinct(StringComparer.Ordinal).ToList(),
            Constraints(property).ToList(),
            defaultValue ?? (isSwitch ? "False" : "None"),
            Attributes(property, "SupportsWildcardsAttribute").Any(),
            "P:" + property.DeclaringType!.FullName + "." + property.Name);
    }

    /// <summary>The validation attributes, as sentences for the parameter's help.</summary>
    private static IEnumerable<string> Constraints(PropertyInfo property)
    {
        foreach (var a in property.GetCustomAttributesData())
        {
            var args = a.ConstructorArguments.Select(arg => Unwrap(arg.Value)).ToList();
            switch (a.AttributeType.FullName)
            {
                case Sma + "ValidateRangeAttribute" when args.Count == 2:
                    yield return IsUnbounded(args[1])
                        ? $"Minimum value: {Number(args[0])}."
                        : $"Valid range: {Number(args[0])} to {Number(args[1])}.";
                    break;
                case Sma + "ValidateLengthAttribute" when args.Count == 2:
                    yield return $"Length: {Number(args[0])} to {Number(args[1])} characters.";
                    break;
                case Sma + "ValidateCountAttribute" when args.Count == 2:
                    yield return $"Number of values: {Number(args[0])} to {Number(args[1])}.";
                    break;
                case Sma + "ValidatePatternAttribute" when args.Count >= 1:
                    yield return $"Must match the regular expression {args[0]}";
                    break;
            }
        }
    }

    private static IEnumerable<object?> Values(IEnumerable<CustomAttributeTypedArgument> args) =>
        args.SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(m => Unwrap(m.Value)) : new[] { Unwrap(arg.Value) });

    // An argument declared as object arrives as a typed argument wrapping the real value.
    private static object? Unwrap(object? value) => value is CustomAttributeTypedArgument typed ? Unwrap(typed.Value) : value;

    private static bool IsUnbounded(object? max) => max switch
    {
        int i => i == int.MaxValue,
        long l => l == long.MaxValue,
        double d => d >= double.MaxValue,
        _ => false,
    };

    private static string Number(object? value) => value switch
    {
        double d when Math.Abs(d) < 7.9e28 => ((decimal)d).ToString(CultureInfo.InvariantCulture),
        float f => ((decimal)f).ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    // Nullable.GetUnderlyingType compares with the running framework's Nullable<>, never a metadata-only type.
    private static Type? UnderlyingOfNullable(Type type) =>
        type.IsGenericType && !type.IsGenericTypeDefinition && type.GetGenericTypeDefinition().FullName == "System.Nullable`1"
            ? type.GetGenericArguments()[0]
            : null;

    /// <summary>The short name PowerShell shows in syntax: String[], TimeSpan, GeminiAdapterSize.</summary>
    private static string DisplayName(Type type)
    {
        if (UnderlyingOfNullable(type) is { } underlying)
        {
            return DisplayName(underlying);
        }

        if (type.IsArray)
        {
            return DisplayName(type.GetElementType()!) + "[]";
        }

        var name = type.Name;
        var tick = name.IndexOf('`');
        return tick < 0 ? name : name.Substring(0, tick) + "[" + string.Join(", ", type.GetGenericArguments().Select(DisplayName)) + "]";
    }
}
