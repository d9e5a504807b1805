using System.Net;
using Google.Apis.Http;
using GeminiTuning.Http;

namespace GeminiTuning.Auth;

/// <summary>
/// The HTTP clients Google.Apis.Auth uses for token requests (the JWT-bearer exchange, refreshes): they name this
/// module and its host in their User-Agent, as every API request does (<see cref="ClientIdentity"/>), take the
/// module's proxy when one is set, and never follow a redirect.
/// </summary>
internal sealed class TokenHttpClientFactory : IHttpClientFactory
{
    private readonly HttpClientFactory _inner;

    public TokenHttpClientFactory(IWebProxy? proxy) => _inner = HttpClientFactory.ForProxy(proxy);

    public ConfigurableHttpClient CreateHttpClient(CreateHttpClientArgs args)
    {
        // Google.Apis.Auth appends its own product token ("google-api-dotnet-client/…") after the application name.
        args.ApplicationName = ClientIdentity.UserAgent;
        var client = _inner.CreateHttpClient(args);

        // Google.Apis follows redirects itself, and would re-send the token request (a signed assertion, a refresh
        // token) wherever a captive portal or proxy points it. Token endpoints never redirect: the 3xx is reported.
        client.MessageHandler.FollowRedirect = false;
        return client;
    }
}
