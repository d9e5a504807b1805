using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Google.Apis.Auth.OAuth2;

namespace GeminiTuning.Emulator.Tests;

public sealed class AuthTests
{
    private const string CloudPlatform = "https://www.googleapis.com/auth/cloud-platform";

    [Fact]
    public async Task A_request_without_a_token_gets_401_with_the_bearer_challenge()
    {
        using var h = new Harness();
        using var response = await h.GetAsync(Harness.Parent + "/tuningJobs", token: null);
        var message = await Harness.AssertErrorAsync(response, 401, "UNAUTHENTICATED");
        Assert.StartsWith("Request is missing required authentication credential. Expected OAuth 2 access token", message);
        Assert.Equal("Bearer realm=\"https://accounts.google.com/\"", string.Join(",", response.Headers.GetValues("WWW-Authenticate")));
    }

    [Fact]
    public async Task By_default_any_bearer_token_is_accepted()
    {
        using var h = new Harness();
        await h.ExpectAsync(200, HttpMethod.Get, Harness.Parent + "/tuningJobs", token: "anything-at-all");
    }

    [Fact]
    public async Task Google_Apis_Auth_loads_the_emulator_key_file_and_exchanges_a_signed_JWT_for_a_token_strict_mode_accepts()
    {
        using var h = new Harness(o => o.StrictAuthentication = true);
        var path = System.IO.Path.GetTempFileName();
        try
        {
            System.IO.File.WriteAllText(path, h.Emulator.CreateServiceAccountKey());
            var credential = CredentialFactory.FromFile<ServiceAccountCredential>(path).ToGoogleCredential().CreateScoped(CloudPlatform);
            var token = await ((ITokenAccess)credential).GetAccessTokenForRequestAsync();

            Assert.StartsWith("ya29.emulator-", token);
            await h.ExpectAsync(200, HttpMethod.Get, Harness.Parent + "/tuningJobs", token: token);

            var exchange = Assert.Single(h.Emulator.Requests, r => r.Operation == EmulatorOperation.Token);
            Assert.Equal(200, exchange.ResponseStatus);
            Assert.Contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer", exchange.Body);
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    [Fact]
    public void The_key_file_has_every_field_of_a_downloaded_service_account_key()
    {
        using var h = new Harness();
        var key = JsonDocument.Parse(h.Emulator.CreateServiceAccountKey("ci@p.iam.gserviceaccount.com", "p")).RootElement;
        Assert.Equal("service_account", key.GetProperty("type").GetString());
        Assert.Equal("p", key.GetProperty("project_id").GetString());
        Assert.Matches("^[0-9a-f]{40}$", key.GetProperty("private_key_id").GetString());
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----\n", key.GetProperty("private_key").GetString());
        Assert.EndsWith("-----END PRIVATE KEY-----\n", key.GetProperty("private_key").GetString());
        Assert.Equal("ci@p.iam.gserviceaccount.com", key.GetProperty("client_email").GetString());
        Assert.Matches("^[0-9]{21}$", key.GetProperty("client_id").GetString());
        Assert.Equal("https://accounts.google.com/o/oauth2/auth", key.GetProperty("auth_uri").GetString());
        Assert.Equal(h.Emulator.BaseUri + "token", key.GetProperty("token_uri").GetString());
        Assert.Equal("googleapis.com", key.GetProperty("universe_domain").GetString());
        using var rsa = RSA.Create();
        rsa.ImportFromPem(key.GetProperty("private_key").GetString());
        Assert.Equal(2048, rsa.KeySize);
    }

    [Fact]
    public async Task A_JWT_signed_by_a_key_the_emulator_does_not_know_is_an_invalid_grant()
    {
        using var h = new Harness();
        var key = JsonDocument.Parse(h.Emulator.CreateServiceAccountKey()).RootElement;
        using var stranger = RSA.Create(2048);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var jwt = Jwt(stranger, key.GetProperty("private_key_id").GetString()!, key.GetProperty("client_email").GetString()!, now, now + 3600);
        var (status, body) = await ExchangeAsync(h, jwt);
        Assert.Equal(400, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
        Assert.Equal("Invalid JWT Signature.", body.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task A_JWT_from_an_unknown_account_is_an_invalid_grant()
    {
        using var h = new Harness();
        using var rsa = RSA.Create(2048);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var (status, body) = await ExchangeAsync(h, Jwt(rsa, "abc", "nobody@p.iam.gserviceaccount.com", now, now + 3600));
        Assert.Equal(400, status);
        Assert.Equal("Invalid grant: account not found", body.GetProperty("error_description").GetString());
    }

    [Theory]
    [InlineData(-7200, -3600)]
    [InlineData(0, 7200)]
    [InlineData(3600, 7200)]
    public async Task A_JWT_that_is_expired_too_long_or_from_the_future_is_refused(int iatOffset, int expOffset)
    {
        using var h = new Harness();
        var key = JsonDocument.Parse(h.Emulator.CreateServiceAccountKey()).RootElement;
        using var rsa = RSA.Create();
        rsa.ImportFromPem(key.GetProperty("private_key").GetString());
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var jwt = Jwt(rsa, key.GetProperty("private_key_id").GetString()!, key.GetProperty("client_email").GetString()!, now + iatOffset, now + expOffset);
        var (status, body) = await ExchangeAsync(h, jwt);
        Assert.Equal(400, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
        Assert.StartsWith("Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.", body.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task A_JWT_without_a_scope_is_an_invalid_scope()
    {
        using var h = new Harness();
        var key = JsonDocument.Parse(h.Emulator.CreateServiceAccountKey()).RootElement;
        using var rsa = RSA.Create();
        rsa.ImportFromPem(key.GetProperty("private_key").GetString());
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var jwt = Jwt(rsa, key.GetProperty("private_key_id").GetString()!, key.GetProperty("client_email").GetString()!, now, now + 3600, scope: null);
        var (status, body) = await ExchangeAsync(h, jwt);
        Assert.Equal(400, status);
        Assert.Equal("invalid_scope", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Another_grant_type_is_unsupported()
    {
        using var h = new Harness();
        using var response = await h.Http.PostAsync("token", new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = "x" }));
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("unsupported_grant_type", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Strict_mode_refuses_a_token_the_emulator_did_not_issue()
    {
        using var h = new Harness(o => o.StrictAuthentication = true);
        using var response = await h.GetAsync(Harness.Parent + "/tuningJobs", token: "ya29.made-up");
        var message = await Harness.AssertErrorAsync(response, 401, "UNAUTHENTICATED");
        Assert.StartsWith("Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.", message);
        Assert.Contains("invalid_token", string.Join(",", response.Headers.GetValues("WWW-Authenticate")));
    }

    [Fact]
    public async Task Strict_mode_refuses_an_expired_token()
    {
        using var h = new Harness(o => o.StrictAuthentication = true);
        h.Emulator.Identities.AddToken("ya29.old", DateTimeOffset.UtcNow.AddSeconds(-1), CloudPlatform);
        using var response = await h.GetAsync(Harness.Parent + "/tuningJobs", token: "ya29.old");
        await Harness.AssertErrorAsync(response, 401, "UNAUTHENTICATED");
        var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("details")[0];
        Assert.Equal("ACCESS_TOKEN_EXPIRED", detail.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Strict_mode_refuses_a_token_without_the_cloud_platform_scope()
    {
        using var h = new Harness(o => o.StrictAuthentication = true);
        h.Emulator.Identities.AddToken("ya29.narrow", DateTimeOffset.UtcNow.AddHours(1), "https://www.googleapis.com/auth/userinfo.email");
        using var response = await h.GetAsync(Harness.Parent + "/tuningJobs", token: "ya29.narrow");
        Assert.Equal("Request had insufficient authentication scopes.", await Harness.AssertErrorAsync(response, 403, "PERMISSION_DENIED"));
    }

    [Fact]
    public async Task An_api_key_on_a_Vertex_route_is_refused_as_unsupported()
    {
        using var h = new Harness();
        using var request = new HttpRequestMessage(HttpMethod.Get, Harness.Parent + "/tuningJobs");
        request.Headers.Add("x-goog-api-key", "AIza-test");
        using var response = await h.Http.SendAsync(request);
        Assert.StartsWith("API keys are not supported by this API.", await Harness.AssertErrorAsync(response, 401, "UNAUTHENTICATED"));
    }

    private static async Task<(int Status, JsonElement Body)> ExchangeAsync(Harness h, string jwt)
    {
        using var response = await h.Http.PostAsync("token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:jwt-bearer",
            ["assertion"] = jwt,
        }));
        return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static string Jwt(RSA key, string keyId, string issuer, long iat, long exp, string? scope = CloudPlatform)
    {
        static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var header = B64(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["alg"] = "RS256", ["kid"] = keyId, ["typ"] = "JWT" }));
        var claims = new Dictionary<string, object> { ["iss"] = issuer, ["aud"] = "https://oauth2.googleapis.com/token", ["iat"] = iat, ["exp"] = exp };
        if (scope is not null)
        {
            claims["scope"] = scope;
        }

        var payload = B64(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = key.SignData(Encoding.ASCII.GetBytes(header + "." + payload), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return header + "." + payload + "." + B64(signature);
    }
}
