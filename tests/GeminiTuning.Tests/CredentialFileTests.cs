using System;
using System.IO;
using GeminiTuning.Auth;
using GeminiTuning.Emulator;

namespace GeminiTuning.Tests;

/// <summary>Every way a credential file can be wrong is said in the user's terms, without its content or .NET's words.</summary>
public sealed class CredentialFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gt-credfile-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string File(string content)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".json");
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    private static void AssertUserTerms(GeminiTuningException ex)
    {
        Assert.DoesNotContain("Exception", ex.Message);
        Assert.DoesNotContain("(Parameter", ex.Message);
        Assert.DoesNotContain("secret-material", ex.ToString());
        Assert.Null(ex.InnerException);
    }

    [Fact]
    public void A_folder_is_said_to_be_a_folder_not_missing()
    {
        var ex = Assert.Throws<GeminiTuningException>(() => GoogleCredentials.FromFile(_folder));

        Assert.Equal("CredentialFileIsFolder", ex.Condition);
        Assert.Equal(ErrorCategoryHint.InvalidArgument, ex.Category);
        Assert.Contains("is a folder, not a file", ex.Message);
        Assert.DoesNotContain("does not exist", ex.Message);
        Assert.Contains(Path.Combine(_folder, "key.json"), ex.RecommendedAction);
    }

    [Fact]
    public void Json_that_is_cut_short_names_the_line_and_position()
    {
        var ex = Assert.Throws<GeminiTuningException>(() => GoogleCredentials.FromFile(File("{\n  \"type\": \"service_account\",\n  \"private_key\": \"secret-material")));

        Assert.Equal("CredentialFileInvalid", ex.Condition);
        Assert.Matches(@"is not valid JSON \(line 3, position \d+\)\.$", ex.Message);
        AssertUserTerms(ex);
    }

    [Theory]
    [InlineData("[1,2]", "is not a JSON object.")]
    [InlineData("{\"client_email\":\"a@b.example\"}", "has no \"type\" field.")]
    [InlineData("{\"type\":\"service_account\",\"private_key\":\"secret-material\"}", "(a service_account file) has no client_email.")]
    [InlineData("{\"type\":\"authorized_user\",\"client_id\":\"c\"}", "(an authorized_user file) has no client_secret, refresh_token.")]
    [InlineData("{\"type\":\"external_account\",\"audience\":\"a\"}", "(an external_account file) has no subject_token_type, credential_source.")]
    public void A_file_that_is_not_a_credential_says_what_is_missing(string json, string said)
    {
        var ex = Assert.Throws<GeminiTuningException>(() => GoogleCredentials.FromFile(File(json)));

        Assert.Equal("CredentialFileInvalid", ex.Condition);
        Assert.EndsWith(said, ex.Message);
        AssertUserTerms(ex);
    }

    [Fact]
    public void A_damaged_private_key_is_named_without_the_libraries_exception()
    {
        var json = "{\"type\":\"service_account\",\"client_email\":\"a@b.example\",\"private_key\":\"-----BEGIN PRIVATE KEY-----\\nsecret-material\\n-----END PRIVATE KEY-----\\n\"}";

        var ex = Assert.Throws<GeminiTuningException>(() => GoogleCredentials.FromFile(File(json)));

        Assert.Equal("CredentialFileInvalid", ex.Condition);
        Assert.Contains("its private_key is not a readable RSA private key", ex.Message);
        AssertUserTerms(ex);
    }

    [Fact]
    public void A_file_from_the_emulator_loads_with_its_kind_and_account()
    {
        using var emulator = GeminiTuningEmulator.Start();

        var credential = GoogleCredentials.FromFile(emulator.WriteServiceAccountKeyFile("tuner@p-123456.iam.gserviceaccount.com", "p-123456", Path.Combine(_folder, "ok.json")));

        Assert.Equal(("ServiceAccount", "tuner@p-123456.iam.gserviceaccount.com"), (credential.Kind, credential.Account));
    }
}
