using System.Collections.Generic;
using System.IO;
using GeminiTuning.GeminiApi;

namespace GeminiTuning.Tests;

public sealed class TuningExampleTests : System.IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gt-examples-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void A_csv_file_with_quoted_commas_quotes_and_line_breaks_is_read()
    {
        var examples = TuningExampleReader.ReadFile(Write("pairs.csv", "TextInput,Output\r\n1,2\r\n\"twenty, two\",\"say \"\"hi\"\"\nthen bye\"\r\n"));

        Assert.Equal(2, examples.Count);
        Assert.Equal("twenty, two", examples[1].TextInput);
        Assert.Equal("say \"hi\"\nthen bye", examples[1].Output);
    }

    [Fact]
    public void A_jsonl_file_in_camel_or_snake_case_is_read()
    {
        var examples = TuningExampleReader.ReadFile(Write("pairs.jsonl", "{\"textInput\":\"1\",\"output\":\"2\"}\n\n{\"text_input\":\"3\",\"output\":\"4\"}\n"));

        Assert.Equal(new[] { "1", "3" }, new[] { examples[0].TextInput, examples[1].TextInput });
    }

    [Fact]
    public void A_row_without_an_output_is_refused_naming_the_row()
    {
        var ex = Assert.Throws<GeminiTuningArgumentException>(() => TuningExampleReader.ReadFile(Write("bad.csv", "TextInput,Output\n1,2\n3,\n")));

        Assert.Contains("Row 3", ex.Message);
        Assert.Equal("TrainingExample", ex.ParameterName);
    }

    [Fact]
    public void A_broken_jsonl_line_is_refused_naming_the_line()
    {
        var ex = Assert.Throws<GeminiTuningArgumentException>(() => TuningExampleReader.ReadFile(Write("bad.jsonl", "{\"textInput\":\"1\",\"output\":\"2\"}\n{oops\n")));

        Assert.Contains("Line 2", ex.Message);
    }

    [Fact]
    public void Object_properties_are_matched_without_case_and_by_their_usual_names()
    {
        var example = TuningExampleReader.FromFields(new Dictionary<string, object?> { ["PROMPT"] = "q", ["Response"] = "a" }, "row");

        Assert.Equal("q", example.TextInput);
        Assert.Equal("a", example.Output);
    }

    [Fact]
    public void An_unsupported_file_type_is_refused()
    {
        Assert.Equal("TrainingExamplePath", Assert.Throws<GeminiTuningArgumentException>(() => TuningExampleReader.ReadFile(Write("pairs.txt", "x"))).ParameterName);
    }
}
