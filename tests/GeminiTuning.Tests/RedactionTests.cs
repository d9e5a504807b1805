using GeminiTuning.Http;

namespace GeminiTuning.Tests;

public class RedactionTests
{
    [Fact]
    public void A_registered_secret_is_masked_wherever_it_appears()
    {
        Redactor.RegisterSecret("ya29.a0-registered-secret-value");

        var text = Redactor.Redact("calling with ya29.a0-registered-secret-value in a message");

        Assert.DoesNotContain("registered-secret-value", text);
        Assert.Contains("***", text);
    }

    [Theory]
    [InlineData("{\"access_token\":\"ya29.abc\",\"expires_in\":3599}", "ya29.abc")]
    [InlineData("{\"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----\\n\"}", "MIIE")]
    [InlineData("grant_type=jwt-bearer&assertion=eyJhbGciOi.payload.sig", "eyJhbGciOi")]
    [InlineData("https://generativelanguage.googleapis.com/v1beta/tunedModels/x?key=AIzaSyFAKE", "AIzaSyFAKE")]
    [InlineData("Authorization: Bearer ya29.header-token", "ya29.header-token")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\nMIIEsecret\n-----END RSA PRIVATE KEY-----", "MIIEsecret")]
    public void Secret_shaped_fields_are_masked_even_when_never_registered(string input, string secret)
    {
        Assert.DoesNotContain(secret, Redactor.Redact(input));
    }

    [Fact]
    public void Ordinary_text_passes_unchanged()
    {
        const string text = "{\"name\":\"projects/1/locations/us-central1/tuningJobs/2\",\"state\":\"JOB_STATE_RUNNING\"}";

        Assert.Equal(text, Redactor.Redact(text));
    }
}
