using System;
using GeminiTuning.Http;

namespace GeminiTuning.Auth;

/// <summary>
/// The Application Default Credentials of commands run without Connect-GeminiTuning: one per process, so that its
/// token is reused across commands, made again when the proxy or the credential's location changes, and forgotten by
/// Disconnect-GeminiTuning.
/// </summary>
internal static class DefaultCredentialCache
{
    private static readonly object Gate = new();
    private static ModuleProxy? _proxy;
    private static ApplicationDefaultLocation? _location;
    private static IAccessTokenSource? _credential;

    public static IAccessTokenSource For(ModuleProxy? proxy, Func<string, string?> environment)
    {
        var location = ApplicationDefaultLocation.Find(environment);
        lock (Gate)
        {
            if (_credential is null || !Equals(_proxy, proxy) || !Equals(_location, location))
            {
                _credential = new ApplicationDefaultTokenSource(null, proxy, environment);
                _proxy = proxy;
                _location = location;
            }

            return _credential;
        }
    }

    /// <summary>Forgets the credential and the token it holds.</summary>
    public static void Clear()
    {
        lock (Gate)
        {
            _credential = null;
            _proxy = null;
            _location = null;
        }
    }
}
