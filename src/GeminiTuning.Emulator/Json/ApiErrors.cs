namespace GeminiTuning.Emulator;

/// <summary>Message texts the real services use, kept in one place.</summary>
internal static class ApiErrors
{
    public const string ResourceExhaustedMessage =
        "Resource exhausted. Please try again later. Please refer to https://cloud.google.com/vertex-ai/generative-ai/docs/error-code-429 for more details.";

    public const string MissingCredentials =
        "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.";

    public const string InvalidCredentials =
        "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.";

    public const string InvalidApiKey = "API key not valid. Please pass a valid API key.";
}
