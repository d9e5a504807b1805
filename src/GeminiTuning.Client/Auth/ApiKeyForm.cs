using System;
using System.Linq;

namespace GeminiTuning.Auth;

/// <summary>
/// The form of a Gemini API key, checked when Connect-GeminiTuning is given one, so that a pasted access token, a key
/// file's content or a key cut short fails there, with the fix, instead of at the first call.
/// </summary>
public static class ApiKeyForm
{
    /// <summary>The key without surrounding white space; null when nothing is left.</summary>
    public static string? Normalize(string? key) => string.IsNullOrWhiteSpace(key) ? null : key!.Trim();

    /// <summary>
    /// Throws an error naming -ApiKey when <paramref name="key"/> cannot be an API key. Google's keys (for
    /// <paramref name="forGoogle"/>) are 39 characters that start with "AIza"; a private endpoint or the emulator may use
    /// keys of any form, so for them only what no key ever holds is refused.
    /// </summary>
    public static void Check(string key, bool forGoogle, string parameterName = "ApiKey")
    {
        const string Fix = "Copy the key again from https://aistudio.google.com/apikey (it starts with 'AIza'), or connect with -SkipValidation to keep it as it is.";
        if (key.StartsWith("ya29.", StringComparison.Ordinal))
        {
            throw new GeminiTuningArgumentException(parameterName, "The value given as an API key is an OAuth access token, not an API key.",
                "Give the access token with -AccessToken instead, or the API key from https://aistudio.google.com/apikey with -ApiKey.");
        }

        if (key.StartsWith("{", StringComparison.Ordinal))
        {
            throw new GeminiTuningArgumentException(parameterName, "The value given as an API key is JSON (the content of a key file?), not an API key.",
                "Give the path of a key file with -CredentialPath instead, or an API key with -ApiKey.");
        }

        if (key.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new GeminiTuningArgumentException(parameterName, "The API key contains spaces or line breaks, which no API key has.", Fix);
        }

        if (key.Any(c => c > 0x7e || !(char.IsLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            throw new GeminiTuningArgumentException(parameterName, "The API key contains characters that no API key has (only letters, digits, '-', '_' and '.').", Fix);
        }

        if (forGoogle && !(key.StartsWith("AIza", StringComparison.Ordinal) && key.Length == 39))
        {
            throw new GeminiTuningArgumentException(parameterName,
                $"The API key is not in the form of a Google API key: those are 39 characters starting with 'AIza'; this one has {key.Length} characters" +
                (key.StartsWith("AIza", StringComparison.Ordinal) ? "." : " and starts otherwise."), Fix);
        }
    }
}
