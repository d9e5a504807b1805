using System.Threading;
using System.Threading.Tasks;

namespace GeminiTuning.Emulator.Http;

/// <summary>What the HTTP server serves.</summary>
internal interface IHttpHandler
{
    /// <summary>Whether the body of a request, known by its head, goes to a scratch file (an upload) rather than memory.
    /// Asked before a byte of the body is read.</summary>
    bool TakesUpload(HttpRequest request);

    /// <summary>Answers a request whose body has been read.</summary>
    Task<HttpResponse> HandleAsync(HttpRequest request, CancellationToken stopping);
}
