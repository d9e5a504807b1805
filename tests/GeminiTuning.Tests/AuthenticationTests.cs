using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Auth;
using GeminiTuning.Config;
using GeminiTuning.Emulator;
using GeminiTuning.Http;
using GeminiTuning.Workflows;

namespace GeminiTuning.Tests;

public sealed class AuthenticationTests : IDisposable
{
    private readonly EmulatorHost _host = new(strict: true);
    private readonly string _folder = Directory.CreateTempSubdirectory("gt-keys-").FullName;

    public void Dispose()
    {
        _host.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private string KeyFile(string json, string name = "key.json")
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, json);
        return path;
    }

    private static string JwtPart(string jwt, int index)
    {
        var part = jwt.Split('.')[index].Replace('-', '+').Replace('_', '/');
        part = part.PadRight(part.Length + ((4 - part.Length % 4) % 4), '=');
        return Encoding.UTF8.GetString(Convert.FromBase64String(part));
    }

    [Fact]
    public async Task A_service_account_key_file_gets_a_token_through_a_signed_jwt_exchange()
    {
        var keyJson = _host.Emulator.CreateServiceAccountKey("tuner@my-project.iam.gserviceaccount.com", "my-project");
        var credential = GoogleCredentials.FromFile(KeyFile(keyJson));

        var page = await _host.Vertex(credential).ListPageAsync(EmulatorHost.Project, EmulatorHost.Region, null, null, null, CancellationToken.None);

        Assert.Empty(page.Jobs);
        Assert.Equal("ServiceAccount", credential.Kind);
        Assert.Equal("tuner@my-project.iam.gserviceaccount.com", credential.Account);
        var tokenRequest = Assert.Single(_host.RequestsFor(EmulatorOperation.Token));
        Assert.Equal(200, tokenRequest.ResponseStatus);
        var form = tokenRequest.Body.Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        Assert.Equal("urn:ietf:params:oauth:grant-type:jwt-bearer", form["grant_type"]);
        using var header = JsonDocument.Parse(JwtPart(form["assertion"], 0));
        using var payload = JsonDocument.Parse(JwtPart(form["assertion"], 1));
        using var key = JsonDocument.Parse(keyJson);
        Assert.Equal("RS256", header.RootElement.GetProperty("alg").GetString());
        Assert.Equal(key.RootElement.GetProperty("private_key_id").GetString(), header.RootElement.GetProperty("kid").GetString());
        Assert.Equal("tuner@my-project.iam.gserviceaccount.com", payload.RootElement.GetProperty("iss").GetString());
        Assert.Contains(GoogleCredentials.CloudPlatformScope, payload.RootElement.GetProperty("scope").GetString());
        var list = Assert.Single(_host.RequestsFor(EmulatorOperation.ListTuningJobs));
        Assert.StartsWith("Bearer ya29.", list.Headers["Authorization"]);
        Assert.Equal(200, list.ResponseStatus);
    }

    [Fact]
    public async Task The_token_is_cached_across_calls()
    {
        var credential = GoogleCredentials.FromFile(KeyFile(_host.Emulator.CreateServiceAccountKey()));
        var vertex = _host.Vertex(credential);

        for (var i = 0; i < 3; i++)
        {
            await vertex.ListPageAsync(EmulatorHost.Project, EmulatorHost.Region, null, null, null, CancellationToken.None);
        }

        Assert.Single(_host.RequestsFor(EmulatorOperation.Token));
        Assert.Equal(3, _host.RequestsFor(EmulatorOperation.ListTuningJobs).Count);
    }

    [Fact]
    public async Task In_strict_mode_a_token_the_emulator_did_not_issue_is_unauthenticated()
    {
        var ex = await Assert.ThrowsAsync<GoogleApiException>(() =>
            _host.Vertex(GoogleCredentials.FromAccessToken("ya29.made-up-token")).ListPageAsync(EmulatorHost.Project, EmulatorHost.Region, null, null, null, CancellationToken.None));

        Assert.Equal(401, ex.HttpStatusCode);
        Assert.Equal("UNAUTHENTICATED", ex.Status);
        Assert.Equal(ErrorCategoryHint.AuthenticationError, ex.Category);
        Assert.Contains("Connect-GeminiTuning", ex.RecommendedAction);
        Assert.DoesNotContain("made-up-token", ex.Message);
    }

    [Fact]
    public async Task Without_any_credential_the_service_answers_unauthenticated()
    {
        var transport = new ApiTransport(HttpClients.Create(null), null, new ServiceEndpoints(_host.Emulator.BaseUri), EmulatorHost.FastRetries(), _host.Log);

        var ex = await Assert.ThrowsAsync<GoogleApiException>(() =>
            new Vertex.VertexTuningClient(transport).ListPageAsync(EmulatorHost.Project, EmulatorHost.Region, null, null, null, CancellationToken.None));

        Assert.Equal("UNAUTHENTICATED", ex.Status);
        Assert.False(Assert.Single(_host.Emulator.Requests).Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task A_key_the_token_endpoint_does_not_know_is_refused_with_a_clear_error_and_nothing_else_is_called()
    {
        using var other = GeminiTuningEmulator.Start();
        var foreignKey = JsonDocument.Parse(other.CreateServiceAccountKey("stranger@elsewhere.iam.gserviceaccount.com", "elsewhere")).RootElement;
        // Same key material, but pointed at this emulator's token endpoint, which never registered it.
        var json = JsonSerializer.Serialize(new
        {
            type = "service_account",
            project_id = "elsewhere",
            private_key_id = foreignKey.GetProperty("private_key_id").GetString(),
            private_key = foreignKey.GetProperty("private_key").GetString(),
            client_email = "stranger@elsewhere.iam.gserviceaccount.com",
            client_id = "1",
            token_uri = new Uri(_host.Emulator.BaseUri, "token").ToString(),
        });

        var ex = await Assert.ThrowsAsync<GeminiTuningException>(() =>
            _host.Vertex(GoogleCredentials.FromFile(KeyFile(json))).ListPageAsync(EmulatorHost.Project, EmulatorHost.Region, null, null, null, CancellationToken.None));

        Assert.Equal("TokenRefused", ex.Condition);
        Assert.Equal(ErrorCategoryHint.AuthenticationError, ex.Category);
        Assert.Contains("invalid_grant", ex.Message);
        Assert.DoesNotContain("PRIVATE KEY", ex.ToString());
        Assert.Empty(_host.RequestsFor(EmulatorOperation.ListTuningJobs));
    }

    [Fact]
    public async Task The_quota_project_is_sent_as_x_goog_user_project()
    {
        using var lenient = new EmulatorHost();

        await lenient.Vertex(GoogleCredentials.FromAccessToken("ya29.quota-test-token", "billing-project"))
            .ListPageAsync(EmulatorHost.Project, EmulatorHost.Region, null, null, null, CancellationToken.None);

        Assert.Equal("billing-project", Assert.Single(lenient.Emulator.Requests).Headers["x-goog-user-project"]);
    }

    [Fact]
    public void A_credential_file_that_is_not_json_is_refused_without_quoting_it()
    {
        var path = KeyFile("{ \"type\": \"service_account\", \"private_key\": \"-----BEGIN PRIVATE KEY-----\nMIIEsecretmaterial");

        var ex = Assert.Throws<GeminiTuningException>(() => GoogleCredentials.FromFile(path));

        Assert.Equal("CredentialFileInvalid", ex.Condition);
        Assert.DoesNotContain("secretmaterial", ex.ToString());
        Assert.Null(ex.InnerException);
    }

    [Fact]
    public void A_credential_file_of_an_unknown_type_or_missing_is_refused()
    {
        Assert.Equal("CredentialFileInvalid", Assert.Throws<GeminiTuningException>(() => GoogleCredentials.FromFile(KeyFile("{\"type\":\"api_key\",\"key\":\"AIzaSECRET\"}"))).Condition);
        Assert.Equal("CredentialFileNotFound", Assert.Throws<GeminiTuningException>(() => GoogleCredentials.FromFile(Path.Combine(_folder, "missing.json"))).Condition);
    }

    [Fact]
    public async Task Credentials_are_never_sent_to_a_host_that_is_neither_google_nor_the_connected_endpoint()
    {
        var credential = GoogleCredentials.FromFile(KeyFile(_host.Emulator.CreateServiceAccountKey()));
        var transport = new ApiTransport(HttpClients.Create(null), credential, ServiceEndpoints.Google, EmulatorHost.FastRetries(), _host.Log);
        var call = new ApiCall(HttpMethod.Get, new Uri(_host.Emulator.BaseUri, "v1/projects/p/locations/us-central1/tuningJobs"), RetryClass.Idempotent);

        var ex = await Assert.ThrowsAsync<GeminiTuningException>(() => transport.SendAsync(call, HttpCompletionOption.ResponseContentRead, CancellationToken.None));

        Assert.Equal("UntrustedHost", ex.Condition);
        Assert.Equal(ErrorCategoryHint.SecurityError, ex.Category);
        Assert.Empty(_host.Emulator.Requests);
    }

    [Fact]
    public async Task A_crafted_region_never_produces_a_request()
    {
        var operations = new TuningJobOperations(_host.Services(region: null));

        var ex = await Assert.ThrowsAsync<GeminiTuningArgumentException>(() =>
            operations.ListAsync(new ListJobsRequest { Region = "us-central1.attacker.example/" }, _ => { }, CancellationToken.None));

        Assert.Equal("Region", ex.ParameterName);
        Assert.Empty(_host.Emulator.Requests);
    }
}
