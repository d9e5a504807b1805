using System;
using System.Collections.Generic;
using GeminiTuning.Loader;

namespace GeminiTuning.Isolation.Tests;

/// <summary>
/// The re-import fix GeminiTuning.psm1 asks the loader for: the cmdlets of the cached inner module are added to the
/// module's exports through the private PSModuleInfo.AddExportedCmdlet (the real PSModuleInfo is exercised by
/// tests/Pester/ModuleImport.Tests.ps1; these stand-ins have the same member names and shapes).
/// </summary>
public sealed class ExportCmdletsTests
{
    private static ModuleImport AnImport() => ModuleLoader.Import(ModuleLayout.Bin, "GeminiTuning.PowerShell");

    [Fact]
    public void Every_cmdlet_of_the_inner_module_is_added_to_the_modules_exports()
    {
        var module = new ModuleWithPrivateAdd();
        var inner = new InnerModule { ExportedCmdlets = { ["Get-A"] = "A", ["Get-B"] = "B" } };

        Assert.True(AnImport().ExportCmdlets(module, inner));

        Assert.Equal(new[] { "A", "B" }, module.Added);
    }

    [Fact]
    public void A_PowerShell_without_AddExportedCmdlet_is_reported_so_the_module_warns_instead_of_failing()
    {
        var inner = new InnerModule { ExportedCmdlets = { ["Get-A"] = "A" } };

        Assert.False(AnImport().ExportCmdlets(new object(), inner));
    }

    [Fact]
    public void Missing_modules_are_refused_by_name()
    {
        Assert.Equal("module", Assert.Throws<ArgumentNullException>(() => AnImport().ExportCmdlets(null!, new InnerModule())).ParamName);
        Assert.Equal("inner", Assert.Throws<ArgumentNullException>(() => AnImport().ExportCmdlets(new ModuleWithPrivateAdd(), null!)).ParamName);
    }

    private sealed class ModuleWithPrivateAdd
    {
        public List<object> Added { get; } = new();

        private void AddExportedCmdlet(object cmdlet) => Added.Add(cmdlet);
    }

    private sealed class InnerModule
    {
        public Dictionary<string, object> ExportedCmdlets { get; } = new(StringComparer.OrdinalIgnoreCase);
    }
}
