using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using GeminiTuning.Emulator.Http;
using GeminiTuning.Emulator.Json;

namespace GeminiTuning.Emulator.Auth;

/// <summary><c>POST /token</c>: the OAuth 2.0 JWT-bearer grant (RFC 7523) as Google's token endpoint serves it to
/// service accounts. Errors use OAuth's shape (<c>{"error","error_description"}</c>), not the API error envelope.</summary>
internal sealed class TokenEndpoint
{
    private const string JwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private const string TimeframeMessage =
        "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.";

    private readonly IdentityRegistry _identities;

    public TokenEndpoint(IdentityRegistry identities)
    {
        _identities = identities;
    }

    public Task<HttpResponse> HandleAsync(RequestContext context)
    {
        return Task.FromResult(Handle(context.Request));
    }

    private HttpResponse Handle(HttpRequest request)
    {
        var form = HttpRequest.ParseQuery(request.BodyText);
        string? Single(string name) => form.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

        var grantType = Single("grant_type");
        if (grantType is null)
        {
            return OAuthError("unsupported_grant_type", "Invalid grant_type: ");
        }

        if (grantType != JwtBearerGrant)
        {
            return OAuthError("unsupported_grant_type", "Invalid grant_type: " + grantType);
        }

        var assertion = Single("assertion");
        if (string.IsNullOrEmpty(assertion))
        {
            return OAuthError("invalid_request", "Missing required parameter: assertion");
        }

        var parts = assertion!.Split('.');
        if (parts.Length != 3 || !TryReadJson(parts[0], out var header) || !TryReadJson(parts[1], out var claims) ||
            !Base64Url.TryDecode(parts[2], out var signature))
        {
            return OAuthError("invalid_grant", "Invalid JWT: Failed to parse the assertion.");
        }

        if (Text(header, "alg") != "RS256")
        {
            return OAuthError("invalid_grant", "Invalid JWT Signature.");
        }

        var issuer = Text(claims, "iss");
        if (issuer is null || !_identities.IsKnownAccount(issuer))
        {
            return OAuthError("invalid_grant", "Invalid grant: account not found");
        }

        var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        var verified = false;
        foreach (var key in _identities.PublicKeys(issuer, Text(header, "kid")))
        {
            using var rsa = RSA.Create();
            rsa.ImportParameters(key);
            if (rsa.VerifyData(signed, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
            {
                verified = true;
                break;
            }
        }

        if (!verified)
        {
            return OAuthError("invalid_grant", "Invalid JWT Signature.");
        }

        // Real time, not the emulator clock: the JWT was signed with the caller's real clock.
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var exp = Number(claims, "exp");
        var iat = Number(claims, "iat");
        if (exp is null || iat is null || exp <= now || iat > now + 300 || exp - iat > 3600 || exp <= iat)
        {
            return OAuthError("invalid_grant", TimeframeMessage);
        }

        var scope = Text(claims, "scope");
        if (string.IsNullOrWhiteSpace(scope))
        {
            return OAuthError("invalid_scope", "Invalid OAuth scope or ID token audience provided.");
        }

        var scopes = new List<string>(scope!.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries));
        var token = _identities.IssueToken(issuer, scopes, DateTimeOffset.UtcNow);
        var body = new JsonObject
        {
            ["access_token"] = token,
            ["expires_in"] = (int)IdentityRegistry.TokenLifetime.TotalSeconds,
            ["token_type"] = "Bearer",
        };
        return WithNoCache(HttpResponse.Text(200, "application/json; charset=utf-8", JsonOutput.Serialize(body, indented: true)));
    }

    private static HttpResponse OAuthError(string error, string description)
    {
        var body = new JsonObject { ["error"] = error, ["error_description"] = description };
        return WithNoCache(HttpResponse.Text(400, "application/json; charset=utf-8", JsonOutput.Serialize(body, indented: true)));
    }

    private static HttpResponse WithNoCache(HttpResponse response) =>
        response.WithHeader("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate").WithHeader("Pragma", "no-cache");

    private static bool TryReadJson(string part, out JsonObject value)
    {
        value = new JsonObject();
        if (!Base64Url.TryDecode(part, out var bytes))
        {
            return false;
        }

        try
        {
            if (JsonNode.Parse(bytes) is JsonObject obj)
            {
                value = obj;
                return true;
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }

    private static string? Text(JsonObject obj, string name) =>
        obj[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static long? Number(JsonObject obj, string name)
    {
        if (obj[name] is not JsonValue v)
        {
            return null;
        }

        if (v.TryGetValue<long>(out var l))
        {
            return l;
        }

        return v.TryGetValue<double>(out var d) ? (long)d : null;
    }
}
