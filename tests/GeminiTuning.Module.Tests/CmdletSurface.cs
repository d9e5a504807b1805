using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;

namespace GeminiTuning.Module.Tests;

/// <summary>One parameter set membership of a parameter, as its [Parameter] attribute declares it.</summary>
public sealed record ParameterSetMembership(string SetName, bool Mandatory, int Position, bool FromPipeline, bool FromPipelineByPropertyName);

/// <summary>A cmdlet parameter read from metadata.</summary>
public sealed record CmdletParameter(string Name, Type Type, IReadOnlyList<string> Aliases, IReadOnlyList<ParameterSetMembership> Sets, IReadOnlyList<CustomAttributeData> Attributes)
{
    public bool IsPipelineBound => Sets.Any(s => s.FromPipeline || s.FromPipelineByPropertyName);
}

/// <summary>A cmdlet read from the built assembly's metadata, without loading it for execution.</summary>
public sealed record CmdletDescription(
    string Verb,
    string Noun,
    Type Type,
    bool SupportsShouldProcess,
    string? ConfirmImpact,
    string? DefaultParameterSetName,
    bool SupportsPaging,
    IReadOnlyList<Type> OutputTypes,
    IReadOnlyList<CmdletParameter> Parameters)
{
    public string Name => Verb + "-" + Noun;

    public CmdletParameter Parameter(string name) => Parameters.Single(p => p.Name == name);

    /// <summary>The parameter sets: each named set plus the parameters in all sets.</summary>
    public IReadOnlyList<string> ParameterSetNames
    {
        get
        {
            var named = Parameters.SelectMany(p => p.Sets).Select(s => s.SetName).Where(s => s != AllSets).Distinct().ToList();
            return named.Count == 0 ? new[] { AllSets } : named;
        }
    }

    /// <summary>The parameters that belong to <paramref name="set"/> (including those in all sets).</summary>
    public IEnumerable<(CmdletParameter Parameter, ParameterSetMembership Membership)> InSet(string set) =>
        Parameters.SelectMany(p => p.Sets.Where(s => s.SetName == set || s.SetName == AllSets).Select(s => (p, s)));

    public const string AllSets = "__AllParameterSets";
}

/// <summary>Loads GeminiTuning.PowerShell.dll into a MetadataLoadContext, as PowerShell would see its surface.</summary>
public sealed class CmdletSurface : IDisposable
{
    private readonly MetadataLoadContext _context;

    public CmdletSurface()
    {
        ModuleFolder = Path.GetDirectoryName(typeof(CmdletSurface).Assembly.Location)!;
        var paths = Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
            .Concat(Directory.GetFiles(ModuleFolder, "*.dll"))
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            // The module's own copies win (its System.Management.Automation is PowerShell Standard's, the 5.1 surface).
            .Select(g => g.Last());
        _context = new MetadataLoadContext(new PathAssemblyResolver(paths), "System.Private.CoreLib");
        Assembly = _context.LoadFromAssemblyPath(Path.Combine(ModuleFolder, "GeminiTuning.PowerShell.dll"));
        Automation = _context.LoadFromAssemblyName("System.Management.Automation");
        Cmdlets = Assembly.GetExportedTypes()
            .Where(t => !t.IsAbstract && t.GetCustomAttributesData().Any(a => a.AttributeType.FullName == "System.Management.Automation.CmdletAttribute"))
            .Select(Describe)
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
    }

    public string ModuleFolder { get; }

    public Assembly Assembly { get; }

    public Assembly Automation { get; }

    public IReadOnlyList<CmdletDescription> Cmdlets { get; }

    public CmdletDescription this[string name] => Cmdlets.Single(c => c.Name == name);

    public void Dispose() => _context.Dispose();

    private static T? Named<T>(CustomAttributeData attribute, string name) =>
        attribute.NamedArguments.Where(n => n.MemberName == name).Select(n => (T?)n.TypedValue.Value).FirstOrDefault();

    private CmdletDescription Describe(Type type)
    {
        var cmdlet = type.GetCustomAttributesData().Single(a => a.AttributeType.FullName == "System.Management.Automation.CmdletAttribute");
        var impact = cmdlet.NamedArguments.Where(n => n.MemberName == "ConfirmImpact").Select(n => n.TypedValue.Value).FirstOrDefault();
        var outputTypes = type.GetCustomAttributesData()
            .Where(a => a.AttributeType.FullName == "System.Management.Automation.OutputTypeAttribute")
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(m => m.Value) : new[] { arg.Value })
            .OfType<Type>()
            .ToList();
        var parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Attributes: p.GetCustomAttributesData()))
            .Where(p => p.Attributes.Any(a => a.AttributeType.FullName == "System.Management.Automation.ParameterAttribute"))
            .Select(p => new CmdletParameter(
                p.Property.Name,
                p.Property.PropertyType,
                p.Attributes.Where(a => a.AttributeType.FullName == "System.Management.Automation.AliasAttribute")
                    .SelectMany(a => a.ConstructorArguments)
                    .SelectMany(arg => ((IEnumerable<CustomAttributeTypedArgument>)arg.Value!).Select(v => (string)v.Value!))
                    .ToList(),
                p.Attributes.Where(a => a.AttributeType.FullName == "System.Management.Automation.ParameterAttribute")
                    .Select(a => new ParameterSetMembership(
                        Named<string>(a, "ParameterSetName") ?? CmdletDescription.AllSets,
                        Named<bool>(a, "Mandatory"),
                        a.NamedArguments.Any(n => n.MemberName == "Position") ? Named<int>(a, "Position") : int.MinValue,
                        Named<bool>(a, "ValueFromPipeline"),
                        Named<bool>(a, "ValueFromPipelineByPropertyName")))
                    .ToList(),
                p.Attributes.ToList()))
            .ToList();
        return new CmdletDescription(
            (string)cmdlet.ConstructorArguments[0].Value!,
            (string)cmdlet.ConstructorArguments[1].Value!,
            type,
            Named<bool>(cmdlet, "SupportsShouldProcess"),
            impact is null ? null : Enum.GetName(typeof(ConfirmImpactNames), (int)impact),
            Named<string>(cmdlet, "DefaultParameterSetName"),
            Named<bool>(cmdlet, "SupportsPaging"),
            outputTypes,
            parameters);
    }

    /// <summary>System.Management.Automation.ConfirmImpact's values, to name the numbers read from metadata.</summary>
    private enum ConfirmImpactNames
    {
        None,
        Low,
        Medium,
        High,
    }
}
