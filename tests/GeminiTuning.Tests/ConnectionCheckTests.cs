using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Auth;
using GeminiTuning.Config;
using GeminiTuning.Emulator;

namespace GeminiTuning.Tests;

/// <summary>Connect-GeminiTuning checks the credential (a token is minted) and the API key's form before it returns.</summary>
public sealed class ConnectionCheckTests : IDisposable
{
    private const string GoogleFormKey = "AIzaSyD-9tSrke72I6e0qOZVOtU5oBRBmBPUfhI";
    private readonly EmulatorHost _host = new(strict: true);
    private readonly string _folder = Directory.CreateTempSubdirectory("gt-check-").FullName;

    public void Dispose()
    {
        _host.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static Task<System.Collections.Generic.IReadOnlyList<string>> ValidateAsync(GeminiTuningContext context) =>
        ConnectionCheck.ValidateAsync(context, new SettingsResolver(context, _ => null), CancellationToken.None);

    private GeminiTuningContext Connect(ConnectRequest request) => GeminiTuningContext.Apply(null, request, _ => null);

    [Fact]
    public async Task A_service_account_is_checked_by_minting_a_token_through_the_token_endpoint()
    {
        var context = Connect(new ConnectRequest { Endpoint = _host.Emulator.BaseUri.ToString(), CredentialPath = _host.Emulator.WriteServiceAccountKeyFile(path: Path.Combine(_folder, "k.json")) });

        var warnings = await ValidateAsync(context);

        Assert.Empty(warnings);
        Assert.Equal(200, Assert.Single(_host.RequestsFor(EmulatorOperation.Token)).ResponseStatus);
    }

    [Fact]
    public async Task A_key_the_token_endpoint_refuses_fails_at_connect_with_the_fix()
    {
        var known = File.ReadAllText(_host.Emulator.WriteServiceAccountKeyFile(path: Path.Combine(_folder, "known.json")));
        var keyId = System.Text.Json.JsonDocument.Parse(known).RootElement.GetProperty("private_key_id").GetString()!;
        // The same key under an id the token endpoint never issued, as a deleted key would be.
        var deleted = Path.Combine(_folder, "deleted.json");
        File.WriteAllText(deleted, known.Replace(keyId, "deleted-key-id"));
        var context = Connect(new ConnectRequest { Endpoint = _host.Emulator.BaseUri.ToString(), CredentialPath = deleted });

        var ex = await Assert.ThrowsAsync<GeminiTuningException>(() => ValidateAsync(context));

        Assert.Equal("TokenRefused", ex.Condition);
        Assert.Equal(ErrorCategoryHint.AuthenticationError, ex.Category);
        Assert.Contains("Connect-GeminiTuning", ex.RecommendedAction);
        Assert.DoesNotContain("PRIVATE KEY", ex.ToString());
    }

    [Fact]
    public async Task A_token_endpoint_that_is_gone_fails_at_connect_and_names_the_offline_switch()
    {
        var stopped = GeminiTuningEmulator.Start();
        var keyFile = Path.Combine(_folder, "stopped.json");
        File.WriteAllText(keyFile, stopped.CreateServiceAccountKey());
        stopped.Stop();
        var context = Connect(new ConnectRequest { Endpoint = stopped.BaseUri.ToString(), CredentialPath = keyFile });

        var ex = await Assert.ThrowsAsync<GeminiTuningException>(() => ValidateAsync(context));

        Assert.Equal("TokenEndpointUnreachable", ex.Condition);
        Assert.Contains("-SkipValidation", ex.RecommendedAction);
    }

    [Fact]
    public async Task A_token_endpoint_that_never_answers_is_given_up_after_the_timeout()
    {
        _host.Emulator.Faults.Enqueue(EmulatorOperation.Token, Fault.Delay(TimeSpan.FromSeconds(30)));
        var context = Connect(new ConnectRequest { Endpoint = _host.Emulator.BaseUri.ToString(), CredentialPath = _host.Emulator.WriteServiceAccountKeyFile(path: Path.Combine(_folder, "slow.json")) });

        var ex = await Assert.ThrowsAsync<GeminiTuningException>(() =>
            ConnectionCheck.ValidateAsync(context, new SettingsResolver(context, _ => null), CancellationToken.None, TimeSpan.FromMilliseconds(300)));

        Assert.Equal("TokenEndpointUnreachable", ex.Condition);
        Assert.Equal(ErrorCategoryHint.OperationTimeout, ex.Category);
    }

    [Fact]
    public async Task No_credential_with_an_api_key_is_a_warning_and_without_one_an_error_naming_every_fix()
    {
        var withKey = new GeminiTuningContext(null, null, null, new MissingCredential(), GoogleFormKey);
        var withoutKey = new GeminiTuningContext(null, null, null, new MissingCredential());

        var warning = Assert.Single(await ValidateAsync(withKey));
        var ex = await Assert.ThrowsAsync<GeminiTuningException>(() => ValidateAsync(withoutKey));

        Assert.Contains("Vertex AI commands will fail", warning);
        Assert.Equal("NoCredentials", ex.Condition);
        Assert.Contains("gcloud auth application-default login", ex.RecommendedAction);
        Assert.Contains("-CredentialPath", ex.RecommendedAction);
    }

    [Theory]
    [InlineData("ya29.a0AfH6SMBx-looks-like-a-token", "OAuth access token")]
    [InlineData("{\"type\":\"service_account\"}", "JSON")]
    [InlineData("AIzaSyD-9tSrke72I6e0q OZVOtU5oBRBmBPUfhI", "spaces or line breaks")]
    [InlineData("AIzaSyD-9tSrke72I6e0qOZVOtU5oBRBm", "39 characters")]
    [InlineData("sk-proj-0123456789abcdefghijklmnopqrstuv", "starting with 'AIza'")]
    public async Task An_api_key_of_the_wrong_form_fails_at_connect_naming_ApiKey(string key, string said)
    {
        var context = new GeminiTuningContext(null, null, null, GoogleCredentials.FromAccessToken("ya29.form-check"), key);

        var ex = await Assert.ThrowsAsync<GeminiTuningArgumentException>(() => ValidateAsync(context));

        Assert.Equal("ApiKey", ex.ParameterName);
        Assert.Contains(said, ex.Message);
        Assert.DoesNotContain(key, ex.Message);
    }

    [Fact]
    public async Task A_private_endpoint_or_the_emulator_takes_an_api_key_of_any_form()
    {
        var context = new GeminiTuningContext(null, null, _host.Emulator.BaseUri, GoogleCredentials.FromAccessToken("ya29.form-check"), "emulator-test-key");

        Assert.Empty(await ValidateAsync(context));
        Assert.Empty(await ValidateAsync(new GeminiTuningContext(null, null, null, GoogleCredentials.FromAccessToken("ya29.form-check"), GoogleFormKey)));
    }

    private sealed class MissingCredential : IAccessTokenSource
    {
        public string Kind => "ApplicationDefault";

        public string? Account => null;

        public string? QuotaProject => null;

        public Task<AccessToken> GetAccessTokenAsync(Uri requestUri, CancellationToken cancellationToken) =>
            throw ApplicationDefaultTokenSource.NoCredentials();
    }
}
