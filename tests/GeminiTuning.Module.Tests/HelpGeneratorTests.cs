using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace GeminiTuning.Module.Tests;

/// <summary>The generator fails the build, pointing at the markdown, when the help is incomplete or wrong.</summary>
public sealed class HelpGeneratorTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "geminituning-helpgen-" + Guid.NewGuid().ToString("N"));

    public HelpGeneratorTests()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "docs"));
        foreach (var file in Directory.GetFiles(HelpGenerator.DocsFolder, "*.md"))
        {
            File.Copy(file, Path.Combine(_folder, "docs", Path.GetFileName(file)));
        }
    }

    private string Docs => Path.Combine(_folder, "docs");

    private string Output => Path.Combine(_folder, "GeminiTuning.PowerShell.dll-Help.xml");

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public void A_parameter_without_a_description_fails_with_its_name_and_writes_no_maml()
    {
        Edit("Stop-GeminiTuningJob.md", text => Regex.Replace(text, @"### -PassThru\n[^#]*", string.Empty));

        var run = HelpGenerator.Run(Docs, Output, keepGoing: false);

        Assert.Equal(1, run.ExitCode);
        Assert.Matches(@"Stop-GeminiTuningJob\.md\(\d+\): error HELP005: -PassThru of Stop-GeminiTuningJob has no description", run.Output);
        Assert.False(File.Exists(Output), "No MAML may be written from help with problems.");
    }

    [Fact]
    public void A_documented_parameter_the_cmdlet_lacks_fails_at_its_line()
    {
        Edit("Wait-GeminiTuningJob.md", text => text.Replace("### -Any\n", "### -Anything\nNot a parameter.\n\n### -Any\n", StringComparison.Ordinal));
        var line = Array.IndexOf(File.ReadAllLines(Path.Combine(Docs, "Wait-GeminiTuningJob.md")), "### -Anything") + 1;

        var run = HelpGenerator.Run(Docs, Output, keepGoing: false);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"Wait-GeminiTuningJob.md({line}): error HELP006: Wait-GeminiTuningJob has no parameter -Anything", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_common_parameter_documented_per_cmdlet_is_refused()
    {
        Edit("Get-GeminiTuningJob.md", text => text.Replace("## PARAMETERS\n", "## PARAMETERS\n\n### -Verbose\nTalks more.\n", StringComparison.Ordinal));

        var run = HelpGenerator.Run(Docs, Output, keepGoing: false);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error HELP006: -Verbose is a common parameter", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cmdlet_with_one_example_fails()
    {
        Edit("Stop-GeminiTuningEmulator.md", text => Regex.Replace(text, @"### Example 2:.*?(?=## PARAMETERS)", string.Empty, RegexOptions.Singleline));

        var run = HelpGenerator.Run(Docs, Output, keepGoing: false);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error HELP007: Stop-GeminiTuningEmulator has 1 working example(s); write at least two", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cmdlet_without_a_file_fails_and_says_how_to_start_one()
    {
        File.Delete(Path.Combine(Docs, "Connect-GeminiTuning.md"));

        var run = HelpGenerator.Run(Docs, Output, keepGoing: false);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error HELP001: Connect-GeminiTuning has no help", run.Output, StringComparison.Ordinal);
        Assert.Contains("-t:NewModuleHelpMarkdown", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_placeholder_left_in_the_text_fails()
    {
        Edit("Invoke-GeminiTunedModel.md", text => text.Replace("## NOTES\n", "## NOTES\n{{ Fill in the notes }}\n", StringComparison.Ordinal));

        var run = HelpGenerator.Run(Docs, Output, keepGoing: false);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error HELP013: Replace the placeholder {{ Fill in the notes }}", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_for_a_cmdlet_the_module_lacks_fails()
    {
        File.WriteAllText(Path.Combine(Docs, "Get-GeminiThing.md"), "# Get-GeminiThing\n");

        var run = HelpGenerator.Run(Docs, Output, keepGoing: false);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Get-GeminiThing.md: error HELP002: The module has no cmdlet Get-GeminiThing", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Keep_going_writes_the_maml_even_with_problems_and_still_fails()
    {
        Edit("Stop-GeminiTuningJob.md", text => Regex.Replace(text, @"### -PassThru\n[^#]*", string.Empty));

        var run = HelpGenerator.Run(Docs, Output, keepGoing: true);

        Assert.Equal(1, run.ExitCode);
        var help = new MamlHelp(run.Maml);
        var passThru = help.Commands["Stop-GeminiTuningJob"].Descendants(MamlHelp.Command + "parameter").First(p => MamlHelp.Name(p) == "PassThru");
        Assert.Equal(string.Empty, MamlHelp.Description(passThru));
    }

    [Fact]
    public void Markdown_text_becomes_plain_paragraphs()
    {
        var run = HelpGenerator.Run(Docs, Output, keepGoing: false);

        Assert.True(run.ExitCode == 0, run.Output);
        var description = new MamlHelp(run.Maml).Commands["Connect-GeminiTuning"].Element(MamlHelp.Maml + "description")!;
        var paras = description.Elements(MamlHelp.Maml + "para").Select(p => p.Value).ToList();
        Assert.True(paras.Count > 1, "Each markdown paragraph is its own maml:para.");
        Assert.All(paras, p =>
        {
            Assert.DoesNotContain("`", p, StringComparison.Ordinal);
            Assert.DoesNotContain("\n", p, StringComparison.Ordinal);
        });
        Assert.StartsWith("The Connect-GeminiTuning cmdlet", paras[0], StringComparison.Ordinal);
    }

    private void Edit(string file, Func<string, string> change)
    {
        var path = Path.Combine(Docs, file);
        var before = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        var after = change(before);
        Assert.NotEqual(before, after);
        File.WriteAllText(path, after);
    }
}
