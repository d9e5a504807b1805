using System.Collections.Generic;

namespace GeminiTuning.Auth;

/// <summary>A bearer token and the headers that go with it (e.g. <c>x-goog-user-project</c>).</summary>
public sealed class AccessToken
{
    /// <summary>Creates the token.</summary>
    public AccessToken(string token, IReadOnlyDictionary<string, string> headers)
    {
        Token = token;
        Headers = headers;
    }

    /// <summary>The bearer token. Never written to any output.</summary>
    public string Token { get; }

    /// <summary>Extra request headers.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>
    /// True when the token belongs to a person (gcloud's application-default login, an authorized_user file): calls
    /// whose quota is charged by project then send <c>x-goog-user-project</c>, falling back to the project when no
    /// quota project is set, as gcloud does.
    /// </summary>
    public bool IsUserCredential { get; init; }
}
