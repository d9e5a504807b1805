using System;
using GeminiTuning.Config;
using GeminiTuning.Generation;

namespace GeminiTuning.Tests;

public class EndpointSafetyTests
{
    private static (string, string) Defaults() => ("my-project", "us-central1");

    [Theory]
    [InlineData("us-central1", "https://us-central1-aiplatform.googleapis.com/")]
    [InlineData("europe-west4", "https://europe-west4-aiplatform.googleapis.com/")]
    [InlineData("northamerica-northeast1", "https://northamerica-northeast1-aiplatform.googleapis.com/")]
    [InlineData("global", "https://aiplatform.googleapis.com/")]
    [InlineData("us", "https://aiplatform.us.rep.googleapis.com/")]
    [InlineData("eu", "https://aiplatform.eu.rep.googleapis.com/")]
    public void The_location_picks_the_host(string location, string expected)
    {
        Assert.Equal(new Uri(expected), ServiceEndpoints.Google.VertexBase(location));
    }

    [Theory]
    [InlineData("evil.example.com/x")]
    [InlineData("us-central1.attacker.net")]
    [InlineData("us-central1@attacker.net")]
    [InlineData("us-central1/../x")]
    [InlineData("US-CENTRAL1")]
    [InlineData("us-central1 ")]
    [InlineData("")]
    [InlineData("us-central1#")]
    public void A_crafted_region_is_refused_before_any_url_is_built(string region)
    {
        if (region == "us-central1 ")
        {
            // Surrounding blanks are trimmed, which is harmless.
            Assert.Equal("us-central1", Identifiers.ValidateRegion(region));
            return;
        }

        var ex = Assert.Throws<GeminiTuningArgumentException>(() => ServiceEndpoints.Google.VertexBase(region));
        Assert.Equal("Region", ex.ParameterName);
        Assert.Contains("us-central1", ex.RecommendedAction);
    }

    [Theory]
    [InlineData("my-project/../../x")]
    [InlineData("evil.com/")]
    [InlineData("ab")]
    [InlineData("My-Project")]
    [InlineData("project?x=1")]
    public void A_crafted_project_is_refused(string project)
    {
        var ex = Assert.Throws<GeminiTuningArgumentException>(() => Identifiers.ValidateProject(project));
        Assert.Equal("InvalidProject", ex.Condition);
    }

    [Theory]
    [InlineData("my-project")]
    [InlineData("123456789012")]
    [InlineData("example.com:my-project")]
    public void Real_project_ids_numbers_and_domain_scoped_ids_are_accepted(string project)
    {
        Assert.Equal(project, Identifiers.ValidateProject(project));
    }

    [Theory]
    [InlineData("projects/p-123456/locations/evil.com%2F/tuningJobs/1")]
    [InlineData("projects/p-123456/locations/us-central1/tuningJobs/1/../2")]
    [InlineData("projects/p-123456/locations/us-central1/tuningJobs/abc")]
    [InlineData("projects/p-123456/locations/us-central1/endpoints/1")]
    [InlineData("12 34")]
    public void A_crafted_job_name_is_refused(string name)
    {
        Assert.Throws<GeminiTuningArgumentException>(() => TuningJobName.Parse(name, Defaults));
    }

    [Fact]
    public void A_full_job_name_carries_its_own_project_and_region()
    {
        var name = TuningJobName.Parse("projects/123456789012/locations/europe-west4/tuningJobs/4982013113894174720",
            () => throw new InvalidOperationException("defaults must not be needed"));

        Assert.Equal("123456789012", name.Project);
        Assert.Equal("europe-west4", name.Location);
        Assert.Equal("4982013113894174720", name.Id);
    }

    [Fact]
    public void A_short_job_id_is_completed_with_the_defaults()
    {
        Assert.Equal("projects/my-project/locations/us-central1/tuningJobs/42", TuningJobName.Parse("42", Defaults).FullName);
    }

    [Theory]
    [InlineData("projects/1/locations/us/endpoints/9", "https://aiplatform.us.rep.googleapis.com/v1/projects/1/locations/us/endpoints/9:generateContent")]
    [InlineData("projects/1/locations/global/endpoints/9", "https://aiplatform.googleapis.com/v1/projects/1/locations/global/endpoints/9:generateContent")]
    [InlineData("projects/1/locations/asia-northeast1/endpoints/9", "https://asia-northeast1-aiplatform.googleapis.com/v1/projects/1/locations/asia-northeast1/endpoints/9:generateContent")]
    [InlineData("tunedModels/number-generator-abc", "https://generativelanguage.googleapis.com/v1beta/tunedModels/number-generator-abc:generateContent")]
    public void The_endpoints_location_picks_the_host_for_generation(string endpoint, string expected)
    {
        var target = GenerationTarget.Parse(endpoint, Defaults);

        Assert.Equal(expected, target.MethodUri(ServiceEndpoints.Google, "generateContent", sse: false).ToString());
    }

    [Theory]
    [InlineData("https://us-central1-aiplatform.googleapis.com/v1/x", true)]
    [InlineData("https://aiplatform.googleapis.com/v1/x", true)]
    [InlineData("https://aiplatform.eu.rep.googleapis.com/v1/x", true)]
    [InlineData("https://generativelanguage.googleapis.com/v1beta/x", true)]
    [InlineData("http://us-central1-aiplatform.googleapis.com/v1/x", false)]
    [InlineData("https://us-central1-aiplatform.googleapis.com:8443/v1/x", false)]
    [InlineData("https://evil-aiplatform.googleapis.com.attacker.net/v1/x", false)]
    [InlineData("https://attacker.net/us-central1-aiplatform.googleapis.com", false)]
    [InlineData("https://x.y-aiplatform.googleapis.com/v1/x", false)]
    [InlineData("http://127.0.0.1:8080/v1/x", false)]
    public void Credentials_go_only_to_google_api_hosts(string uri, bool trusted)
    {
        Assert.Equal(trusted, ServiceEndpoints.Google.IsTrustedForCredentials(new Uri(uri)));
    }

    [Fact]
    public void With_a_connected_endpoint_credentials_go_only_there()
    {
        var endpoints = new ServiceEndpoints(new Uri("http://127.0.0.1:8085"));

        Assert.True(endpoints.IsTrustedForCredentials(new Uri("http://127.0.0.1:8085/v1/projects/p/locations/l/tuningJobs")));
        Assert.False(endpoints.IsTrustedForCredentials(new Uri("http://127.0.0.1:9999/v1/x")));
        Assert.False(endpoints.IsTrustedForCredentials(new Uri("https://us-central1-aiplatform.googleapis.com/v1/x")));
        Assert.Equal(new Uri("http://127.0.0.1:8085/"), endpoints.VertexBase("us-central1"));
    }

    [Theory]
    [InlineData("http://example.com:8085/")]
    [InlineData("http://10.0.0.5/")]
    [InlineData("ftp://127.0.0.1/")]
    [InlineData("https://user:pass@host.example/")]
    [InlineData("https://host.example/?x=1")]
    [InlineData("not a uri")]
    public void A_connected_endpoint_must_be_https_or_loopback_http_without_credentials(string uri)
    {
        var ex = Assert.Throws<GeminiTuningArgumentException>(() => ServiceEndpoints.ValidateOverride(uri, "Endpoint"));
        Assert.Equal("Endpoint", ex.ParameterName);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8085", "http://127.0.0.1:8085/")]
    [InlineData("http://localhost:8085/base", "http://localhost:8085/base/")]
    [InlineData("http://[::1]:8085/", "http://[::1]:8085/")]
    [InlineData("https://us-central1-aiplatform-mypsc.p.googleapis.com", "https://us-central1-aiplatform-mypsc.p.googleapis.com/")]
    public void Loopback_http_and_any_https_endpoint_are_accepted(string uri, string expected)
    {
        Assert.Equal(new Uri(expected), ServiceEndpoints.ValidateOverride(uri, "Endpoint"));
    }
}
