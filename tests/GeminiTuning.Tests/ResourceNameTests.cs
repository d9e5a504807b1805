using System;
using GeminiTuning.Config;
using GeminiTuning.GeminiApi;
using GeminiTuning.Generation;

namespace GeminiTuning.Tests;

/// <summary>One parser reads every resource name, and the hints it gives are names it accepts.</summary>
public class ResourceNameTests
{
    private static (string, string) Defaults() => ("my-project", "us-central1");

    [Fact]
    public void The_hint_for_a_bad_job_id_shows_a_name_the_parser_accepts()
    {
        var error = Assert.Throws<GeminiTuningArgumentException>(() => TuningJobName.Parse("not-a-number", Defaults));

        Assert.Contains("'projects/PROJECT/locations/REGION/tuningJobs/ID'", error.RecommendedAction);
        var followed = error.RecommendedAction!.Replace("PROJECT", "my-project").Replace("REGION", "europe-west4").Replace("/ID", "/42");
        var shape = followed.Substring(followed.IndexOf("'projects/", StringComparison.Ordinal) + 1);
        Assert.Equal("projects/my-project/locations/europe-west4/tuningJobs/42", TuningJobName.Parse(shape.Substring(0, shape.IndexOf('\'')), Defaults).FullName);
    }

    [Fact]
    public void Jobs_and_endpoints_are_location_scoped_names_of_their_own_collections()
    {
        LocationScopedName job = TuningJobName.Parse("42", Defaults);
        LocationScopedName endpoint = EndpointName.Parse("projects/1/locations/us/endpoints/9", Defaults);

        Assert.Equal(("my-project", "us-central1", "tuningJobs", "42"), (job.Project, job.Location, job.Collection, job.Id));
        Assert.Equal(("1", "us", "endpoints", "9"), (endpoint.Project, endpoint.Location, endpoint.Collection, endpoint.Id));
        Assert.Equal("projects/1/locations/us/endpoints/9", endpoint.ToString());
    }

    [Theory]
    [InlineData("tunedModels/abc", "tunedModels/abc")]
    [InlineData(" tunedModels/abc-123 ", "tunedModels/abc-123")]
    [InlineData("tunedModels/abc/operations/xyz", "tunedModels/abc")]
    public void A_generation_target_reads_tuned_model_names_as_every_command_does(string input, string expected)
    {
        Assert.Equal(expected, GenerationTarget.Parse(input, Defaults).Name);
        Assert.Equal(GeminiApiClient.NormalizeName(input), GenerationTarget.Parse(input, Defaults).Name);
    }

    [Theory]
    [InlineData("tunedModels/../x")]
    [InlineData("tunedModels/ABC")]
    [InlineData("tunedModels/a/b")]
    [InlineData("tunedModels/")]
    public void A_generation_target_refuses_crafted_tuned_model_names_with_the_same_message(string input)
    {
        var asTarget = Assert.Throws<GeminiTuningArgumentException>(() => GenerationTarget.Parse(input, Defaults));
        var asName = Assert.Throws<GeminiTuningArgumentException>(() => GeminiApiClient.NormalizeName(input, "Endpoint"));

        Assert.Equal("Endpoint", asTarget.ParameterName);
        Assert.Equal(asName.Message, asTarget.Message);
    }
}
