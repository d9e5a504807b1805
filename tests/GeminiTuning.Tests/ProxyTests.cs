using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Auth;
using GeminiTuning.Config;
using GeminiTuning.Http;
using GeminiTuning.Vertex;

namespace GeminiTuning.Tests;

public sealed class ProxyTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.Where(v => v.Name == name).Select(v => v.Value).FirstOrDefault();

    [Fact]
    public void No_variable_means_no_module_proxy()
    {
        Assert.Null(ModuleProxy.FromEnvironment(Env()));
    }

    [Fact]
    public void Https_proxy_with_credentials_in_the_url_keeps_them_out_of_the_address()
    {
        var proxy = ModuleProxy.FromEnvironment(Env(("HTTPS_PROXY", "http://alice:s3cr%40t-pass@proxy.corp:3128")))!;

        Assert.Equal(new Uri("http://proxy.corp:3128/"), proxy.Address);
        Assert.Equal("alice", proxy.Credential!.UserName);
        Assert.Equal("s3cr@t-pass", proxy.Credential.Password);
        Assert.DoesNotContain("s3cr", proxy.ToString());
        Assert.Equal("*** and more", Redactor.Redact("s3cr@t-pass and more"));
    }

    [Theory]
    [InlineData("https://us-central1-aiplatform.googleapis.com/", false)]
    [InlineData("https://storage.googleapis.com/", true)]
    [InlineData("https://internal.corp.example/", true)]
    [InlineData("https://corp.example/", true)]
    [InlineData("https://notcorp.example/", false)]
    [InlineData("https://10.1.2.3/", true)]
    [InlineData("https://special.host:8443/", true)]
    [InlineData("https://special.host/", false)]
    [InlineData("http://127.0.0.1:8085/", true)]
    [InlineData("http://localhost:8085/", true)]
    [InlineData("http://[::1]:8085/", true)]
    public void No_proxy_entries_and_loopback_bypass_the_proxy(string destination, bool bypassed)
    {
        var proxy = ModuleProxy.FromEnvironment(Env(("https_proxy", "proxy.corp:3128"), ("NO_PROXY", "storage.googleapis.com, .corp.example,10.1.2.3,special.host:8443")))!;

        Assert.Equal(bypassed, proxy.IsBypassed(new Uri(destination)));
        Assert.Equal(bypassed ? new Uri(destination) : new Uri("http://proxy.corp:3128/"), proxy.GetProxy(new Uri(destination)));
    }

    [Fact]
    public void A_star_bypasses_everything()
    {
        Assert.True(ModuleProxy.FromEnvironment(Env(("HTTPS_PROXY", "http://p:1"), ("NO_PROXY", "*")))!.IsBypassed(new Uri("https://aiplatform.googleapis.com/")));
    }

    [Fact]
    public void A_malformed_proxy_variable_is_refused_without_echoing_its_password()
    {
        var ex = Assert.Throws<GeminiTuningArgumentException>(() => ModuleProxy.FromEnvironment(Env(("HTTPS_PROXY", "ftp://bob:topsecret@proxy:21"))));

        Assert.Equal("HTTPS_PROXY", ex.ParameterName);
        Assert.DoesNotContain("topsecret", ex.Message);
    }

    [Fact]
    public void Equal_settings_reuse_one_shared_client()
    {
        var a = ModuleProxy.FromEnvironment(Env(("HTTPS_PROXY", "http://p.example:3128"), ("NO_PROXY", "x")));
        var b = ModuleProxy.FromEnvironment(Env(("HTTPS_PROXY", "http://p.example:3128"), ("NO_PROXY", "x")));

        Assert.Same(HttpClients.Get(a), HttpClients.Get(b));
        Assert.NotSame(HttpClients.Get(a), HttpClients.Get(null));
    }

    /// <summary>A proxy that demands Basic credentials, records what it is asked, and connects nothing.</summary>
    private sealed class RecordingProxy : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();

        public RecordingProxy()
        {
            _listener.Start();
            _ = Task.Run(AcceptAsync);
        }

        public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

        public ConcurrentQueue<string> Requests { get; } = new();

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false);
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                    return;
                }

                _ = Task.Run(async () =>
                {
                    using (client)
                    {
                        var stream = client.GetStream();
                        var reader = new StreamReader(stream, Encoding.ASCII);
                        while (true)
                        {
                            var head = new StringBuilder();
                            string? line;
                            while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync().ConfigureAwait(false)))
                            {
                                head.AppendLine(line);
                            }

                            if (head.Length == 0)
                            {
                                return;
                            }

                            var request = head.ToString();
                            Requests.Enqueue(request);
                            var answer = request.Contains("Proxy-Authorization:", StringComparison.OrdinalIgnoreCase)
                                ? "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                                : "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"corp\"\r\nContent-Length: 0\r\n\r\n";
                            var bytes = Encoding.ASCII.GetBytes(answer);
                            await stream.WriteAsync(bytes, 0, bytes.Length).ConfigureAwait(false);
                            if (answer.Contains("close", StringComparison.Ordinal))
                            {
                                return;
                            }
                        }
                    }
                });
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }
    }

    [Fact]
    public async Task Requests_to_google_go_through_the_proxy_with_its_credential_and_the_token_never_reaches_it()
    {
        using var proxyServer = new RecordingProxy();
        var proxy = ModuleProxy.Explicit(proxyServer.Address, new NetworkCredential("alice", "proxy-password-1"));
        var transport = new ApiTransport(HttpClients.Create(proxy), GoogleCredentials.FromAccessToken("ya29.token-not-for-the-proxy"), ServiceEndpoints.Google,
            new RetryPolicy(seed: 1) { MaxAttempts = 1 }, NullLog.Instance);

        await Assert.ThrowsAnyAsync<GeminiTuningException>(() =>
            new VertexTuningClient(transport).ListPageAsync("my-project", "us-central1", null, null, null, CancellationToken.None));

        var seen = proxyServer.Requests.ToArray();
        Assert.All(seen, r => Assert.StartsWith("CONNECT us-central1-aiplatform.googleapis.com:443 HTTP/1.1", r));
        Assert.Contains(seen, r => r.Contains("Proxy-Authorization: Basic " + Convert.ToBase64String(Encoding.ASCII.GetBytes("alice:proxy-password-1")), StringComparison.Ordinal));
        Assert.DoesNotContain(seen, r => r.Contains("ya29.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_local_emulator_is_never_proxied()
    {
        using var proxyServer = new RecordingProxy();
        using var host = new EmulatorHost();
        var transport = new ApiTransport(HttpClients.Create(ModuleProxy.Explicit(proxyServer.Address, null)), GoogleCredentials.FromAccessToken("ya29.direct-token"),
            new ServiceEndpoints(host.Emulator.BaseUri), EmulatorHost.FastRetries(), NullLog.Instance);

        var page = await new VertexTuningClient(transport).ListPageAsync("my-project", "us-central1", null, null, null, CancellationToken.None);

        Assert.Empty(page.Jobs);
        Assert.Empty(proxyServer.Requests);
        Assert.Single(host.Emulator.Requests);
    }
}
