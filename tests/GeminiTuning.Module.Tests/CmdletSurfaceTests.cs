using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace GeminiTuning.Module.Tests;

public sealed class CmdletSurfaceTests : IClassFixture<CmdletSurfaceTests.Surface>
{
    public sealed class Surface : IDisposable
    {
        public CmdletSurface Value { get; } = new();

        public void Dispose() => Value.Dispose();
    }

    private readonly CmdletSurface _surface;

    public CmdletSurfaceTests(Surface surface) => _surface = surface.Value;

    private static readonly string[] ContractCmdlets =
    {
        "Connect-GeminiTuning", "Get-GeminiTuningJob", "Invoke-GeminiTunedModel", "New-GeminiTuningJob", "Stop-GeminiTuningJob", "Wait-GeminiTuningJob",
    };

    [Fact]
    public void The_assembly_has_every_cmdlet_of_the_contract()
    {
        Assert.Subset(_surface.Cmdlets.Select(c => c.Name).ToHashSet(), ContractCmdlets.ToHashSet());
    }

    [Fact]
    public void The_manifest_exports_exactly_the_assemblys_cmdlets()
    {
        var manifest = ModuleManifest.FromRepository();

        Assert.Equal(_surface.Cmdlets.Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal),
            manifest.List("CmdletsToExport").OrderBy(n => n, StringComparer.Ordinal));
        // The root module loads the cmdlet assembly (bin/) through the loader: see GeminiTuning.psm1 and src/GeminiTuning.Loader.
        Assert.Equal("GeminiTuning.psm1", manifest.Scalar("RootModule"));
        Assert.Empty(manifest.List("FunctionsToExport"));
        Assert.Empty(manifest.List("AliasesToExport"));
    }

    [Fact]
    public void The_manifest_version_is_the_assembly_version()
    {
        var manifest = ModuleManifest.FromRepository();

        Assert.Equal(new Version(manifest.Scalar("ModuleVersion")), new Version(_surface.Assembly.GetName().Version!.ToString(3)));
    }

    [Fact]
    public void Every_verb_is_an_approved_verb_that_windows_powershell_5_1_knows()
    {
        // PowerShell Standard 5.1 is the 5.1 surface: its Verbs* classes hold exactly the verbs 5.1 approves.
        var approved = _surface.Automation.GetExportedTypes()
            .Where(t => t.Namespace == "System.Management.Automation" && t.Name.StartsWith("Verbs", StringComparison.Ordinal))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.Ordinal);

        Assert.Contains("Wait", approved);
        Assert.DoesNotContain("Build", approved);
        Assert.All(_surface.Cmdlets, c => Assert.Contains(c.Verb, approved));
    }

    [Fact]
    public void Every_noun_is_singular_and_prefixed_gemini()
    {
        Assert.All(_surface.Cmdlets, c =>
        {
            Assert.StartsWith("Gemini", c.Noun, StringComparison.Ordinal);
            Assert.False(c.Noun.EndsWith("s", StringComparison.Ordinal), c.Noun + " looks plural");
        });
    }

    [Fact]
    public void Every_cmdlet_declares_its_output_type()
    {
        Assert.All(_surface.Cmdlets, c => Assert.NotEmpty(c.OutputTypes));
        Assert.Equal("GeminiTuning.GeminiTuningJob", Assert.Single(_surface["New-GeminiTuningJob"].OutputTypes).FullName);
        Assert.Equal("GeminiTuning.GeminiTuningJob", Assert.Single(_surface["Get-GeminiTuningJob"].OutputTypes).FullName);
        Assert.Equal("GeminiTuning.GeminiTuningJob", Assert.Single(_surface["Wait-GeminiTuningJob"].OutputTypes).FullName);
        Assert.Equal("GeminiTuning.GeminiTuningJob", Assert.Single(_surface["Stop-GeminiTuningJob"].OutputTypes).FullName);
        Assert.Equal("GeminiTuning.GeminiTunedModelResponse", Assert.Single(_surface["Invoke-GeminiTunedModel"].OutputTypes).FullName);
        Assert.Equal("GeminiTuning.GeminiTuningContextInfo", Assert.Single(_surface["Connect-GeminiTuning"].OutputTypes).FullName);
        Assert.Equal("GeminiTuning.GeminiTuningContextInfo", Assert.Single(_surface["Get-GeminiTuningContext"].OutputTypes).FullName);
        Assert.Equal("GeminiTuning.GeminiTuningContextInfo", Assert.Single(_surface["Disconnect-GeminiTuning"].OutputTypes).FullName);
    }

    [Theory]
    [InlineData("Stop-GeminiTuningJob")]
    [InlineData("Remove-GeminiTunedModel")]
    public void Commands_that_cannot_be_undone_confirm_by_default_and_take_force(string name)
    {
        var cmdlet = _surface[name];

        Assert.Equal("High", cmdlet.ConfirmImpact);
        Assert.Equal("SwitchParameter", cmdlet.Parameter("Force").Type.Name);
    }

    [Theory]
    [InlineData("New-GeminiTuningJob", "Medium")]
    [InlineData("Stop-GeminiTuningJob", "High")]
    [InlineData("Disconnect-GeminiTuning", "Low")]
    [InlineData("Stop-GeminiTuningEmulator", "Low")]
    [InlineData("Remove-GeminiTunedModel", "High")]
    public void Commands_that_create_cancel_or_stop_support_whatif_and_confirm(string name, string impact)
    {
        var cmdlet = _surface[name];

        Assert.True(cmdlet.SupportsShouldProcess);
        Assert.Equal(impact, cmdlet.ConfirmImpact);
    }

    [Theory]
    [InlineData("Get-GeminiTuningJob")]
    [InlineData("Wait-GeminiTuningJob")]
    [InlineData("Invoke-GeminiTunedModel")]
    public void Commands_that_change_nothing_do_not_ask_for_confirmation(string name)
    {
        Assert.False(_surface[name].SupportsShouldProcess);
    }

    private static readonly HashSet<string> StateChangingVerbs = new(StringComparer.Ordinal)
    {
        "New", "Remove", "Stop", "Start", "Set", "Connect", "Disconnect", "Clear", "Reset", "Update", "Add", "Move", "Rename", "Restart", "Publish", "Send",
    };

    [Fact]
    public void Every_cmdlet_that_changes_state_supports_whatif_and_confirm()
    {
        Assert.All(_surface.Cmdlets.Where(c => StateChangingVerbs.Contains(c.Verb)), c => Assert.True(c.SupportsShouldProcess, c.Name + " changes state without ShouldProcess"));
    }

    [Fact]
    public void Every_output_type_has_a_default_view_in_the_format_file()
    {
        var format = System.Xml.Linq.XDocument.Load(System.IO.Path.Combine(ModuleManifest.RepositoryRoot, "GeminiTuning.format.ps1xml"));
        var viewed = format.Descendants("TypeName").Select(t => t.Value.Trim()).ToHashSet(StringComparer.Ordinal);

        Assert.All(_surface.Cmdlets.SelectMany(c => c.OutputTypes).Distinct(), t => Assert.Contains(t.FullName!, viewed));
    }

    // Vertex AI addresses a project and region; a dataset check runs offline and a Gemini API tuned model belongs to
    // neither, so those two cmdlets have no -Project or -Region to document as "not used".
    private static readonly string[] CmdletsWithoutProjectAndRegion =
    {
        "Test-GeminiTuningDataset", "Remove-GeminiTunedModel", "Get-GeminiTuningContext", "Disconnect-GeminiTuning",
    };

    [Fact]
    public void Every_cmdlet_that_calls_the_cloud_takes_project_and_region_with_the_location_alias()
    {
        var cloud = _surface.Cmdlets.Where(c => !c.Noun.EndsWith("Emulator", StringComparison.Ordinal) && !CmdletsWithoutProjectAndRegion.Contains(c.Name)).ToList();

        Assert.Equal(new[] { "Connect-GeminiTuning", "Get-GeminiTuningJob", "Get-GeminiTuningMetric", "Invoke-GeminiTunedModel", "New-GeminiTuningJob", "Show-GeminiTuningMetric",
                "Stop-GeminiTuningJob", "Wait-GeminiTuningJob" },
            cloud.Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal));
        Assert.All(cloud, c =>
        {
            Assert.Equal("String", c.Parameter("Project").Type.Name);
            var region = c.Parameter("Region");
            Assert.Equal("String", region.Type.Name);
            Assert.Contains("Location", region.Aliases);
            Assert.Equal("GeminiTuning.PowerShell.GeminiTuningCloudCmdlet", c.Type.BaseType!.FullName);
        });
    }

    [Theory]
    [InlineData("Test-GeminiTuningDataset")]
    [InlineData("Remove-GeminiTunedModel")]
    public void A_cmdlet_that_addresses_no_project_has_no_project_or_region_parameter(string name)
    {
        var cmdlet = _surface[name];

        Assert.DoesNotContain(cmdlet.Parameters, p => p.Name is "Project" or "Region");
    }

    [Fact]
    public void Every_parameter_set_has_a_pipeline_bound_parameter_and_at_most_one_bound_by_value()
    {
        // Get-GeminiTuningContext and Disconnect-GeminiTuning act on the process's connection, not on objects: there is
        // nothing to pipe to them (as with Get-AzContext and Disconnect-AzAccount's default set).
        Assert.All(_surface.Cmdlets.Where(c => c.Name is not ("Get-GeminiTuningContext" or "Disconnect-GeminiTuning")), c =>
        {
            foreach (var set in c.ParameterSetNames)
            {
                var members = c.InSet(set).ToList();
                Assert.True(members.Any(m => m.Membership.FromPipeline || m.Membership.FromPipelineByPropertyName), $"{c.Name} set {set} binds nothing from the pipeline");
                Assert.True(members.Count(m => m.Membership.FromPipeline) <= 1, $"{c.Name} set {set} has several ValueFromPipeline parameters");
            }
        });
    }

    [Fact]
    public void New_geminituningjob_has_the_contracts_parameters_and_types()
    {
        var c = _surface["New-GeminiTuningJob"];

        Assert.True(c.Parameter("BaseModel").Sets.All(s => s.Mandatory));
        Assert.True(c.Parameter("TrainingDatasetUri").Sets.All(s => s.Mandatory));
        Assert.Equal("String", c.Parameter("ValidationDatasetUri").Type.Name);
        Assert.Equal("Nullable`1", c.Parameter("EpochCount").Type.Name);
        // A string read into GeminiAdapterSize by its transformation: PowerShell offers an enum parameter's names in
        // alphabetical order and asks no completer, and the sizes must be offered smallest first.
        var adapter = c.Parameter("AdapterSize");
        Assert.Equal("String", adapter.Type.Name);
        Assert.Contains(adapter.Attributes, a => a.AttributeType.Name == "AdapterSizeTransformationAttribute");
        Assert.Contains(adapter.Attributes, a => a.AttributeType.Name == "ArgumentCompleterAttribute" &&
                                                 ((Type)a.ConstructorArguments[0].Value!).Name == "AdapterSizeCompleter");
        Assert.Equal("Double", c.Parameter("LearningRateMultiplier").Type.GetGenericArguments().Single().Name);
        Assert.Equal("IDictionary", c.Parameter("Label").Type.Name);
        foreach (var name in new[] { "TunedModelDisplayName", "Description", "KmsKeyName", "ServiceAccount" })
        {
            Assert.Equal("String", c.Parameter(name).Type.Name);
        }

        Assert.Equal("SwitchParameter", c.Parameter("ExportLastCheckpointOnly").Type.Name);
        Assert.Equal("SwitchParameter", c.Parameter("Wait").Type.Name);
        Assert.Contains(c.Parameter("BaseModel").Attributes, a => a.AttributeType.Name == "ArgumentCompleterAttribute");
        // Optional parameters bound by property name must accept the nulls of a piped job or row (values are checked by the library).
        foreach (var name in new[] { "ValidationDatasetUri", "EpochCount", "LearningRateMultiplier", "TunedModelDisplayName", "Description", "KmsKeyName", "ServiceAccount", "Label" })
        {
            Assert.DoesNotContain(c.Parameter(name).Attributes, a => a.AttributeType.Name.StartsWith("Validate", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Get_geminituningjob_lists_by_default_and_gets_by_name_from_the_pipeline()
    {
        var c = _surface["Get-GeminiTuningJob"];
        var name = c.Parameter("Name");

        Assert.Equal("List", c.DefaultParameterSetName);
        Assert.True(c.SupportsPaging);
        Assert.Equal("String[]", name.Type.Name);
        var membership = Assert.Single(name.Sets);
        Assert.Equal("Name", membership.SetName);
        Assert.True(membership.FromPipeline && membership.FromPipelineByPropertyName && membership.Position == 0);
        Assert.Equal("List", Assert.Single(c.Parameter("Filter").Sets).SetName);
        Assert.Equal("GeminiTuningJobState[]", c.Parameter("State").Type.Name);
    }

    [Theory]
    [InlineData("Stop-GeminiTuningJob")]
    [InlineData("Wait-GeminiTuningJob")]
    public void Stop_and_wait_take_names_by_value_and_by_property_name(string cmdlet)
    {
        var name = _surface[cmdlet].Parameter("Name");

        Assert.Equal("String[]", name.Type.Name);
        Assert.All(name.Sets, s => Assert.True(s.Mandatory && s.FromPipeline && s.FromPipelineByPropertyName && s.Position == 0));
    }

    [Fact]
    public void Wait_and_stop_have_their_switches_and_timespans()
    {
        var wait = _surface["Wait-GeminiTuningJob"];
        Assert.Equal("TimeSpan", wait.Parameter("Timeout").Type.GetGenericArguments().Single().Name);
        Assert.Equal("TimeSpan", wait.Parameter("PollingInterval").Type.GetGenericArguments().Single().Name);
        Assert.Equal("SwitchParameter", wait.Parameter("Any").Type.Name);

        var stop = _surface["Stop-GeminiTuningJob"];
        Assert.Equal("SwitchParameter", stop.Parameter("PassThru").Type.Name);
        Assert.Equal("SwitchParameter", stop.Parameter("Wait").Type.Name);
    }

    [Fact]
    public void Invoke_takes_prompts_by_value_at_position_0_and_the_endpoint_by_property_name()
    {
        var c = _surface["Invoke-GeminiTunedModel"];

        // By default piped strings are prompts and a piped job's TunedModelEndpoint is the endpoint ...
        Assert.Equal("PipedPrompt", c.DefaultParameterSetName);
        var prompt = Assert.Single(c.Parameter("Prompt").Sets, s => s.SetName == "PipedPrompt");
        var endpoint = Assert.Single(c.Parameter("Endpoint").Sets, s => s.SetName == "PipedPrompt");
        Assert.Equal("String[]", c.Parameter("Prompt").Type.Name);
        Assert.True(prompt.Mandatory && prompt.FromPipeline && prompt.Position == 0);
        Assert.True(endpoint.Mandatory && endpoint.FromPipelineByPropertyName && !endpoint.FromPipeline && endpoint.Position == 1);

        // ... and with -Prompt given, a piped string is the endpoint: 'tunedModels/ID' | Invoke-GeminiTunedModel -Prompt 'Hello'.
        var promptGiven = Assert.Single(c.Parameter("Prompt").Sets, s => s.SetName == "PipedEndpoint");
        var endpointPiped = Assert.Single(c.Parameter("Endpoint").Sets, s => s.SetName == "PipedEndpoint");
        Assert.True(promptGiven.Mandatory && !promptGiven.FromPipeline && promptGiven.Position == 0);
        Assert.True(endpointPiped.Mandatory && endpointPiped.FromPipeline && endpointPiped.FromPipelineByPropertyName && endpointPiped.Position == 1);
        Assert.Contains("TunedModelEndpoint", c.Parameter("Endpoint").Aliases);
        foreach (var name in new[] { "SystemInstruction", "Temperature", "TopP", "TopK", "MaxOutputTokens", "StopSequence", "Seed", "Stream" })
        {
            Assert.NotNull(c.Parameter(name));
        }

        Assert.Equal("SwitchParameter", c.Parameter("Stream").Type.Name);
    }

    [Fact]
    public void Get_geminituningmetric_takes_jobs_by_value_and_name_and_metric_patterns_at_position_1()
    {
        var c = _surface["Get-GeminiTuningMetric"];

        var name = Assert.Single(c.Parameter("Name").Sets);
        Assert.Equal("String[]", c.Parameter("Name").Type.Name);
        Assert.True(name.Mandatory && name.FromPipeline && name.FromPipelineByPropertyName && name.Position == 0);
        Assert.Contains(c.Parameter("Name").Attributes, a => a.AttributeType.Name == "JobNameTransformationAttribute");
        var metric = Assert.Single(c.Parameter("Metric").Sets);
        Assert.Equal("String[]", c.Parameter("Metric").Type.Name);
        Assert.True(!metric.Mandatory && metric.Position == 1);
        Assert.Contains(c.Parameter("Metric").Attributes, a => a.AttributeType.Name == "SupportsWildcardsAttribute");
        Assert.Contains(c.Parameter("Metric").Attributes, a => a.AttributeType.Name == "ArgumentCompleterAttribute");
        Assert.Equal("GeminiTuning.GeminiTuningMetricPoint", Assert.Single(c.OutputTypes).FullName);
        Assert.False(c.SupportsShouldProcess);
    }

    [Fact]
    public void Show_geminituningmetric_takes_points_or_jobs_by_value_and_has_width_ascii_and_an_svg_file()
    {
        var c = _surface["Show-GeminiTuningMetric"];

        var input = Assert.Single(c.Parameter("InputObject").Sets);
        Assert.Equal("PSObject", c.Parameter("InputObject").Type.Name);
        Assert.True(input.Mandatory && input.FromPipeline && input.Position == 0);
        Assert.Equal("Int32", c.Parameter("Width").Type.Name);
        Assert.Equal("Int32", c.Parameter("Height").Type.Name);
        Assert.Equal("SwitchParameter", c.Parameter("Ascii").Type.Name);
        Assert.Equal("String", c.Parameter("OutFile").Type.Name);
        Assert.Equal("SwitchParameter", c.Parameter("PassThru").Type.Name);
        Assert.Equal("GeminiTuning.GeminiTuningChart", Assert.Single(c.OutputTypes).FullName);
    }

    [Fact]
    public void Invoke_has_thinking_attachment_and_history_parameters_and_binds_a_piped_jobs_base_model()
    {
        var c = _surface["Invoke-GeminiTunedModel"];

        Assert.Equal("Nullable`1", c.Parameter("ThinkingBudget").Type.Name);
        Assert.Equal("Int32", c.Parameter("ThinkingBudget").Type.GetGenericArguments()[0].Name);
        Assert.Equal("GeminiThinkingLevel", c.Parameter("ThinkingLevel").Type.GetGenericArguments()[0].Name);
        Assert.Equal("String[]", c.Parameter("Attachment").Type.Name);
        Assert.Contains(c.Parameter("Attachment").Attributes, a => a.AttributeType.Name == "SupportsWildcardsAttribute");
        Assert.Equal("Object[]", c.Parameter("History").Type.Name);
        Assert.All(c.Parameter("BaseModel").Sets, s => Assert.True(s.FromPipelineByPropertyName && !s.FromPipeline && !s.Mandatory));
    }

    [Fact]
    public void Connect_takes_a_credential_file_or_a_secure_access_token_and_an_endpoint()
    {
        var c = _surface["Connect-GeminiTuning"];

        Assert.Equal("SecureString", c.Parameter("AccessToken").Type.Name);
        Assert.Equal("String", c.Parameter("CredentialPath").Type.Name);
        Assert.Equal("Uri", c.Parameter("Endpoint").Type.Name);
        Assert.NotEqual(Assert.Single(c.Parameter("AccessToken").Sets).SetName, Assert.Single(c.Parameter("CredentialPath").Sets).SetName);
    }

    public static TheoryData<string, string> Pipelines => new()
    {
        // New-GeminiTuningJob | Wait-GeminiTuningJob | Invoke-GeminiTunedModel, and the issue's other pipelines.
        { "New-GeminiTuningJob", "Wait-GeminiTuningJob" },
        { "Wait-GeminiTuningJob", "Invoke-GeminiTunedModel" },
        { "Get-GeminiTuningJob", "Stop-GeminiTuningJob" },
        { "Get-GeminiTuningJob", "Wait-GeminiTuningJob" },
        { "Get-GeminiTuningJob", "Get-GeminiTuningJob" },
        { "Stop-GeminiTuningJob", "Wait-GeminiTuningJob" },
        { "New-GeminiTuningJob", "Get-GeminiTuningJob" },
        { "Start-GeminiTuningEmulator", "Connect-GeminiTuning" },
        { "Get-GeminiTuningJob", "Remove-GeminiTunedModel" },
        { "Get-GeminiTuningJob", "Invoke-GeminiTunedModel" },
        { "Start-GeminiTuningEmulator", "Stop-GeminiTuningEmulator" },
        { "Get-GeminiTuningJob", "Get-GeminiTuningMetric" },
        { "Wait-GeminiTuningJob", "Get-GeminiTuningMetric" },
        { "New-GeminiTuningJob", "Get-GeminiTuningMetric" },
    };

    [Theory]
    [MemberData(nameof(Pipelines))]
    public void The_mandatory_pipeline_parameters_bind_from_properties_of_what_the_cmdlet_before_outputs(string producer, string consumer)
    {
        var output = Assert.Single(_surface[producer].OutputTypes);
        var properties = output.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var c = _surface[consumer];
        var bindable = c.ParameterSetNames.Where(set =>
            c.InSet(set).Where(m => m.Membership.Mandatory && !(m.Membership.FromPipeline && m.Parameter.Type.Name == "String[]" && m.Parameter.Name == "Prompt"))
                .All(m => m.Membership.FromPipelineByPropertyName && (properties.Contains(m.Parameter.Name) || m.Parameter.Aliases.Any(properties.Contains))
                          || (m.Membership.Position == 0 && m.Parameter.Name == "Prompt")))
            .ToList();

        Assert.NotEmpty(bindable);
        // Every property-name binding the consumer declares that the output has must have the same meaning: a name.
        foreach (var (parameter, _) in c.InSet(bindable[0]).Where(m => m.Membership.FromPipelineByPropertyName))
        {
            var matching = parameter.Aliases.Prepend(parameter.Name).Where(properties.Contains).ToList();
            Assert.True(matching.Count <= 1, $"{consumer} -{parameter.Name} would bind from several properties: {string.Join(", ", matching)}");
        }
    }

    [Fact]
    public void New_geminituningjob_has_gemini_api_sets_for_piped_examples_and_for_an_examples_file()
    {
        var c = _surface["New-GeminiTuningJob"];

        Assert.Equal("VertexAI", c.DefaultParameterSetName);
        // Rebase (-RebaseTunedModel, wave 2) is the fifth set; the Gemini API and Vertex AI sets are as they were.
        Assert.Equal(new[] { "GeminiApi", "GeminiApiFile", "Rebase", "VertexAI", "VertexAIFile" }, c.ParameterSetNames.OrderBy(n => n, StringComparer.Ordinal));
        var example = Assert.Single(c.Parameter("TrainingExample").Sets);
        Assert.True(example.Mandatory && example.FromPipeline && example.SetName == "GeminiApi");
        // Its own type, reached only by conversion, so rows for the Vertex AI set bind by property name first.
        Assert.Equal("TrainingExampleInput[]", c.Parameter("TrainingExample").Type.Name);
        Assert.Equal("GeminiApiFile", Assert.Single(c.Parameter("TrainingExamplePath").Sets).SetName);
        Assert.Equal(new[] { "GeminiApi", "GeminiApiFile" }, c.Parameter("BatchSize").Sets.Select(s => s.SetName).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(new[] { "GeminiApi", "GeminiApiFile" }, c.Parameter("LearningRate").Sets.Select(s => s.SetName).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal("VertexAI", Assert.Single(c.Parameter("TrainingDatasetUri").Sets).SetName);
        Assert.All(new[] { "AdapterSize", "Label", "LearningRateMultiplier", "KmsKeyName" },
            n => Assert.Equal(new[] { "VertexAI", "VertexAIFile" }, c.Parameter(n).Sets.Select(s => s.SetName).OrderBy(x => x, StringComparer.Ordinal)));
        // -RequestId makes a rebase safe to run again too.
        Assert.Equal(new[] { "Rebase", "VertexAI", "VertexAIFile" }, c.Parameter("RequestId").Sets.Select(s => s.SetName).OrderBy(x => x, StringComparer.Ordinal));
        Assert.All(new[] { "BaseModel", "EpochCount", "TunedModelDisplayName", "Description" }, n => Assert.Equal(CmdletDescription.AllSets, Assert.Single(c.Parameter(n).Sets).SetName));
    }

    [Fact]
    public void New_geminituningjob_takes_preference_checkpoint_force_and_rebase_parameters()
    {
        var c = _surface["New-GeminiTuningJob"];

        Assert.All(new[] { "TuningMethod", "Beta", "CheckpointId", "Force" },
            n => Assert.Equal(new[] { "VertexAI", "VertexAIFile" }, c.Parameter(n).Sets.Select(s => s.SetName).OrderBy(x => x, StringComparer.Ordinal)));
        Assert.True(c.Parameter("CheckpointId").Sets.All(s => s.FromPipelineByPropertyName));
        Assert.Contains("TunedModelName", c.Parameter("BaseModel").Aliases);
        var rebase = Assert.Single(c.Parameter("RebaseTunedModel").Sets);
        Assert.True(rebase.Mandatory && rebase.SetName == "Rebase");
        Assert.Equal("Rebase", Assert.Single(c.Parameter("DeployToSameEndpoint").Sets).SetName);
        Assert.Equal("SwitchParameter", c.Parameter("Force").Type.Name);
        Assert.Contains(c.Parameter("EpochCount").Attributes, a => a.AttributeType.Name == "WholeNumberTransformationAttribute");
    }

    [Fact]
    public void New_geminituningjob_stages_local_datasets_from_piped_files()
    {
        var c = _surface["New-GeminiTuningJob"];
        var path = Assert.Single(c.Parameter("TrainingDatasetPath").Sets);

        Assert.True(path.Mandatory && path.FromPipelineByPropertyName && path.SetName == "VertexAIFile");
        Assert.Contains("PSPath", c.Parameter("TrainingDatasetPath").Aliases);
        Assert.True(Assert.Single(c.Parameter("StagingBucket").Sets).Mandatory);
        Assert.Equal("VertexAIFile", Assert.Single(c.Parameter("ValidationDatasetPath").Sets).SetName);
        // A piped file must not be claimed by the Gemini API examples file as well.
        Assert.DoesNotContain("PSPath", c.Parameter("TrainingExamplePath").Aliases);
    }

    [Fact]
    public void Get_lists_either_backend_and_invoke_and_connect_take_an_api_key_as_a_secure_string()
    {
        Assert.Equal("GeminiTuning.GeminiTuningBackend", _surface["Get-GeminiTuningJob"].Parameter("Backend").Type.FullName);
        Assert.Equal("SecureString", _surface["Invoke-GeminiTunedModel"].Parameter("ApiKey").Type.Name);
        Assert.Equal("SecureString", _surface["Connect-GeminiTuning"].Parameter("ApiKey").Type.Name);
    }

    [Fact]
    public void Remove_geminitunedmodel_takes_names_from_the_pipeline()
    {
        var name = _surface["Remove-GeminiTunedModel"].Parameter("Name");

        Assert.Equal("String[]", name.Type.Name);
        Assert.All(name.Sets, s => Assert.True(s.Mandatory && s.FromPipeline && s.FromPipelineByPropertyName && s.Position == 0));
    }

    [Fact]
    public void A_string_piped_to_get_binds_to_name()
    {
        var name = _surface["Get-GeminiTuningJob"].Parameter("Name");

        Assert.Contains(name.Sets, s => s.FromPipeline);
        Assert.Equal(1, _surface["Get-GeminiTuningJob"].Parameters.Count(p => p.Sets.Any(s => s.FromPipeline)));
    }
}
