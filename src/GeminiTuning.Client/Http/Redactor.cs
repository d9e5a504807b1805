using System;
using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace GeminiTuning.Http;

/// <summary>Removes secrets from text before it reaches any output stream.</summary>
/// <remarks>
/// Two layers: every secret value the process has handled (access tokens, API keys) is remembered and replaced
/// wherever it appears, and JSON members or query parameters whose names mark them as secret are masked whatever
/// their value.
/// </remarks>
public static class Redactor
{
    private const string Mask = "***";
    private static readonly ConcurrentDictionary<string, byte> KnownSecrets = new(StringComparer.Ordinal);

    private static readonly Regex SecretJsonMember = new(
        "(\"(?:access_token|refresh_token|id_token|private_key|private_key_id|client_secret|assertion|api_key|apiKey|key|token|password|subject_token)\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    private static readonly Regex SecretQueryParameter = new(
        "([?&](?:key|access_token|api_key|token|assertion)=)[^&#\\s]*",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    private static readonly Regex SecretFormField = new(
        "((?:^|&)(?:assertion|refresh_token|client_secret|subject_token)=)[^&\\s]*",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    private static readonly Regex PemBlock = new(
        "-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(-----END [A-Z ]*PRIVATE KEY-----|$)",
        RegexOptions.CultureInvariant | RegexOptions.Singleline);

    private static readonly Regex BearerValue = new("(Bearer\\s+)[A-Za-z0-9._~+/=-]+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    /// <summary>Remembers a secret value so that it is masked wherever it appears later.</summary>
    public static void RegisterSecret(string? secret)
    {
        // Very short values would mask ordinary words; real tokens and keys are long.
        if (secret is { Length: >= 8 })
        {
            KnownSecrets.TryAdd(secret, 0);
        }
    }

    /// <summary>Returns <paramref name="text"/> with every known secret and every secret-named field masked.</summary>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        var result = text!;
        foreach (var secret in KnownSecrets.Keys)
        {
            if (result.IndexOf(secret, StringComparison.Ordinal) >= 0)
            {
                result = result.Replace(secret, Mask);
            }
        }

        result = PemBlock.Replace(result, "-----PRIVATE KEY REDACTED-----");
        result = SecretJsonMember.Replace(result, "$1\"" + Mask + "\"");
        result = SecretQueryParameter.Replace(result, "$1" + Mask);
        result = SecretFormField.Replace(result, "$1" + Mask);
        result = BearerValue.Replace(result, "$1" + Mask);
        return result;
    }

    /// <summary>A URI for display: secret query parameters masked.</summary>
    public static string RedactUri(Uri uri) => Redact(uri.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped));
}
