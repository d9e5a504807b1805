using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using GeminiTuning.Emulator.Json;

namespace GeminiTuning.Emulator.Auth;

/// <summary>Who the emulator knows: service-account public keys (for the token endpoint), the access tokens it issued,
/// and registered API keys. Token lifetimes use real time, like the credential libraries that hold them.</summary>
internal sealed class IdentityRegistry
{
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(3599);

    private readonly object _gate = new object();
    private readonly Dictionary<string, Dictionary<string, RSAParameters>> _keysByEmail = new Dictionary<string, Dictionary<string, RSAParameters>>(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, IssuedToken> _tokens = new Dictionary<string, IssuedToken>(StringComparer.Ordinal);
    private readonly HashSet<string> _apiKeys = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Generates an RSA-2048 key, registers its public half, and returns the service-account key file text.</summary>
    public string CreateServiceAccountKey(string clientEmail, string projectId, Uri tokenUri)
    {
        var parameters = GenerateKey();

        var keyId = RandomIds.Hex(40);
        lock (_gate)
        {
            if (!_keysByEmail.TryGetValue(clientEmail, out var keys))
            {
                keys = new Dictionary<string, RSAParameters>(StringComparer.Ordinal);
                _keysByEmail[clientEmail] = keys;
            }

            keys[keyId] = new RSAParameters { Modulus = parameters.Modulus, Exponent = parameters.Exponent };
        }

        var file = new JsonObject
        {
            ["type"] = "service_account",
            ["project_id"] = projectId,
            ["private_key_id"] = keyId,
            ["private_key"] = DerWriter.Pem("PRIVATE KEY", DerWriter.Pkcs8PrivateKey(parameters)),
            ["client_email"] = clientEmail,
            ["client_id"] = RandomIds.Digits(21),
            ["auth_uri"] = "https://accounts.google.com/o/oauth2/auth",
            ["token_uri"] = new Uri(tokenUri, "token").ToString(),
            ["auth_provider_x509_cert_url"] = "https://www.googleapis.com/oauth2/v1/certs",
            ["client_x509_cert_url"] = "https://www.googleapis.com/robot/v1/metadata/x509/" + Uri.EscapeDataString(clientEmail),
            ["universe_domain"] = "googleapis.com",
        };
        return JsonOutput.Serialize(file, indented: true);
    }

    /// <summary>An RSA-2048 key pair. On .NET Framework, RSA.Create() is an RSACryptoServiceProvider whose key size is
    /// fixed at construction (a later KeySize is ignored and the key is 1024 bits), hence the explicit fallback.</summary>
    private static RSAParameters GenerateKey()
    {
        using (var rsa = RSA.Create())
        {
            rsa.KeySize = 2048;
            var parameters = rsa.ExportParameters(includePrivateParameters: true);
            if (parameters.Modulus!.Length == 256)
            {
                return parameters;
            }
        }

        using var csp = new RSACryptoServiceProvider(2048);
        return csp.ExportParameters(includePrivateParameters: true);
    }

    public bool IsKnownAccount(string clientEmail)
    {
        lock (_gate)
        {
            return _keysByEmail.ContainsKey(clientEmail);
        }
    }

    /// <summary>The public keys of an account: the one named by <paramref name="keyId"/>, or all when no kid was sent.</summary>
    public List<RSAParameters> PublicKeys(string clientEmail, string? keyId)
    {
        lock (_gate)
        {
            var result = new List<RSAParameters>();
            if (_keysByEmail.TryGetValue(clientEmail, out var keys))
            {
                if (keyId is null)
                {
                    result.AddRange(keys.Values);
                }
                else if (keys.TryGetValue(keyId, out var key))
                {
                    result.Add(key);
                }
            }

            return result;
        }
    }

    public string IssueToken(string clientEmail, IReadOnlyList<string> scopes, DateTimeOffset now)
    {
        var token = "ya29.emulator-" + RandomIds.Token(32);
        lock (_gate)
        {
            _tokens[token] = new IssuedToken(clientEmail, scopes, now + TokenLifetime);
        }

        return token;
    }

    /// <summary>For tests: a token with a chosen expiry.</summary>
    internal void AddToken(string token, DateTimeOffset expiry, params string[] scopes)
    {
        lock (_gate)
        {
            _tokens[token] = new IssuedToken("test@emulator", scopes, expiry);
        }
    }

    public IssuedToken? FindToken(string token)
    {
        lock (_gate)
        {
            return _tokens.TryGetValue(token, out var issued) ? issued : null;
        }
    }

    public void RegisterApiKey(string apiKey)
    {
        lock (_gate)
        {
            _apiKeys.Add(apiKey);
        }
    }

    public bool IsRegisteredApiKey(string apiKey)
    {
        lock (_gate)
        {
            return _apiKeys.Contains(apiKey);
        }
    }

    internal sealed class IssuedToken
    {
        public IssuedToken(string clientEmail, IReadOnlyList<string> scopes, DateTimeOffset expiry)
        {
            ClientEmail = clientEmail;
            Scopes = scopes;
            Expiry = expiry;
        }

        public string ClientEmail { get; }

        public IReadOnlyList<string> Scopes { get; }

        public DateTimeOffset Expiry { get; }
    }
}

/// <summary>Random identifiers (not security-relevant beyond an emulator's needs, but from a CSPRNG anyway).</summary>
internal static class RandomIds
{
    private static readonly RandomNumberGenerator Rng = RandomNumberGenerator.Create();
    private const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string Hex(int length)
    {
        var bytes = Bytes((length + 1) / 2);
        var builder = new System.Text.StringBuilder(length);
        foreach (var b in bytes)
        {
            builder.Append(b.ToString("x2", CultureInfo.InvariantCulture));
        }

        return builder.ToString(0, length);
    }

    /// <summary>A decimal number of exactly <paramref name="length"/> digits, not starting with 0.</summary>
    public static string Digits(int length)
    {
        var bytes = Bytes(length);
        var builder = new System.Text.StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            var digit = bytes[i] % (i == 0 ? 9 : 10) + (i == 0 ? 1 : 0);
            builder.Append((char)('0' + digit));
        }

        return builder.ToString();
    }

    public static string Token(int length) => FromAlphabet(Alphanumeric, length);

    public static string Lowercase(int length) => FromAlphabet("abcdefghijklmnopqrstuvwxyz0123456789", length);

    public static string FromAlphabet(string alphabet, int length)
    {
        var bytes = Bytes(length);
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[bytes[i] % alphabet.Length];
        }

        return new string(chars);
    }

    private static byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        lock (Rng)
        {
            Rng.GetBytes(bytes);
        }

        return bytes;
    }
}
