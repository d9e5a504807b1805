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
}
