using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using Google.Apis.Auth.OAuth2;
using GeminiTuning.Config;

namespace GeminiTuning.Auth;

/// <summary>
/// A JSON credential file, checked before Google.Apis.Auth loads it, so that every way it can be wrong (a folder, a
/// missing file, not JSON, an unknown type, a missing field, a damaged key) is said in the user's terms. No message
/// repeats any of the file's content, and no exception from parsing it is kept: a parser's message can quote a fragment
/// of a private key, which the redactor cannot recognise.
/// </summary>
internal sealed class CredentialFile
{
    private static readonly Dictionary<string, string[]> RequiredFields = new(StringComparer.Ordinal)
    {
        [JsonCredentialParameters.ServiceAccountCredentialType] = new[] { "client_email", "private_key" },
        [JsonCredentialParameters.AuthorizedUserCredentialType] = new[] { "client_id", "client_secret", "refresh_token" },
        [JsonCredentialParameters.ExternalAccountCredentialType] = new[] { "audience", "subject_token_type", "credential_source" },
        [JsonCredentialParameters.ImpersonatedServiceAccountCredentialType] = new[] { "service_account_impersonation_url", "source_credentials" },
        [JsonCredentialParameters.ExternalAccountAuthorizedUserCredentialType] = new[] { "refresh_token", "token_url" },
    };

    private CredentialFile(string path, string type, string? account, string? quotaProject)
    {
        Path = path;
        Type = type;
        Account = account;
        QuotaProject = quotaProject;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The file's <c>type</c>, e.g. <c>service_account</c>.</summary>
    public string Type { get; }

    /// <summary>The kind shown to users: ServiceAccount, AuthorizedUser, ExternalAccount…</summary>
    public string Kind => KindOf(Type);

    /// <summary>A service account's <c>client_email</c>.</summary>
    public string? Account { get; }

    /// <summary>The file's <c>quota_project_id</c>.</summary>
    public string? QuotaProject { get; }

    /// <summary>
    /// Reads and checks the file. <paramref name="described"/> names it in messages ("The credential file 'PATH'");
    /// <paramref name="fix"/> is the advice when it is missing.
    /// </summary>
    public static CredentialFile Read(string path, string? described = null, string? fix = null)
    {
        var what = described ?? $"The credential file '{path}'";
        if (Directory.Exists(path))
        {
            throw new GeminiTuningException($"{what} is a folder, not a file.", "CredentialFileIsFolder", ErrorCategoryHint.InvalidArgument,
                "Give the path of the JSON key or credential file itself (for example " + System.IO.Path.Combine(path, "key.json") + "), not the folder it is in.");
        }

        if (!File.Exists(path))
        {
            throw new GeminiTuningException($"{what} does not exist.", "CredentialFileNotFound", ErrorCategoryHint.ObjectNotFound,
                fix ?? "Give the path of a JSON key or credential file, e.g. one from 'gcloud iam service-accounts keys create'.");
        }

        JsonDocument doc;
        try
        {
            using var stream = File.OpenRead(path);
            doc = JsonDocument.Parse(stream);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line
                ? $" (line {line + 1}, position {(ex.BytePositionInLine ?? 0) + 1})"
                : string.Empty;
            throw new GeminiTuningException($"{what} is not valid JSON{where}.", "CredentialFileInvalid", ErrorCategoryHint.InvalidData,
                "Give the JSON file exactly as Google issued it (a service account key from the console or 'gcloud iam service-accounts keys " +
                "create', or the file 'gcloud auth application-default login' writes); it may have been cut short or edited.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GeminiTuningException($"{what} cannot be read: {(ex is UnauthorizedAccessException ? "access is denied" : "it is locked or unreadable")}.",
                "CredentialFileUnreadable", ErrorCategoryHint.ReadError, "Check that the file is yours to read, and that no other program holds it open.");
        }

        using (doc)
        {
            var root = doc.RootElement;
            var type = root.ValueKind == JsonValueKind.Object ? StringField(root, "type") ?? string.Empty : string.Empty;
            if (!RequiredFields.TryGetValue(type, out var required))
            {
                var said = root.ValueKind != JsonValueKind.Object ? "is not a JSON object"
                    : type.Length == 0 ? "has no \"type\" field"
                    : $"has type '{Identifiers.Printable(type)}', which is not a Google credential type";
                throw new GeminiTuningException($"{what} {said}.", "CredentialFileInvalid", ErrorCategoryHint.InvalidData,
                    "Use a service_account, authorized_user, external_account or impersonated_service_account JSON file.");
            }

            var missing = new List<string>();
            foreach (var field in required)
            {
                if (!root.TryGetProperty(field, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ||
                    (value.ValueKind == JsonValueKind.String && value.GetString()!.Trim().Length == 0))
                {
                    missing.Add(field);
                }
            }

            if (missing.Count > 0)
            {
                throw new GeminiTuningException($"{what} ({Article(type)} {type} file) has no {string.Join(", ", missing)}.", "CredentialFileInvalid",
                    ErrorCategoryHint.InvalidData, "Give the file exactly as Google issued it; for a service account, create a new key with " +
                    "'gcloud iam service-accounts keys create FILE --iam-account=EMAIL' if this one was changed.");
            }

            return new CredentialFile(path, type, StringField(root, "client_email"), StringField(root, "quota_project_id"));
        }
    }

    /// <summary>Loads the credential with Google.Apis.Auth; a failure says which part of the file is at fault.</summary>
    public GoogleCredential Load(string? described = null)
    {
        try
        {
            return CredentialFactory.FromFile(Path, Type);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var what = described ?? $"The credential file '{Path}'";
            var said = Type == JsonCredentialParameters.ServiceAccountCredentialType
                ? "its private_key is not a readable RSA private key (it may have been cut short or edited)"
                : "its content is incomplete or was changed";
            throw new GeminiTuningException($"{what} ({Article(Type)} {Type} file) cannot be used: {said}.", "CredentialFileInvalid",
                ErrorCategoryHint.InvalidData, "Give the file exactly as Google issued it, or create a new key or sign in again.");
        }
    }

    /// <summary>The kind shown to users for a file type.</summary>
    public static string KindOf(string type) => type switch
    {
        JsonCredentialParameters.ServiceAccountCredentialType => "ServiceAccount",
        JsonCredentialParameters.AuthorizedUserCredentialType => "AuthorizedUser",
        JsonCredentialParameters.ExternalAccountCredentialType => "ExternalAccount",
        JsonCredentialParameters.ImpersonatedServiceAccountCredentialType => "ImpersonatedServiceAccount",
        _ => "ExternalAccountAuthorizedUser",
    };

    private static string Article(string type) => type.StartsWith("a", StringComparison.Ordinal) || type.StartsWith("e", StringComparison.Ordinal) ||
                                                   type.StartsWith("i", StringComparison.Ordinal) ? "an" : "a";

    private static string? StringField(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s ? s : null;
}
