using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;

namespace GeminiTuning.Emulator.Tests;

/// <summary>The standalone host, run as a process the way another language's test suite would.</summary>
public sealed class ServerProcessTests
{
    private static string ServerDll()
    {
        var here = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        var configuration = here.Parent!.Name; // …/bin/<Configuration>/net10.0
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "GeminiTuning.slnx")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var dll = Path.Combine(root!.FullName, "src", "GeminiTuning.Emulator.Server", "bin", configuration, "net8.0", "GeminiTuning.Emulator.Server.dll");
        Assert.True(File.Exists(dll), "build the server first: " + dll);
        return dll;
    }

    private static Process Run(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(ServerDll());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }

    [Fact]
    public async Task The_server_prints_its_url_first_and_serves_until_stopped()
    {
        using var process = Run("--port", "0", "--job-duration", "0");
        try
        {
            var url = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Matches("^http://127\\.0\\.0\\.1:[0-9]+/$", url);
            using var client = new HttpClient { BaseAddress = new Uri(url!) };
            using var request = new HttpRequestMessage(HttpMethod.Post, Harness.Parent + "/tuningJobs") { Content = Harness.Json(Harness.MinimalJob()) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "t");
            using var response = await client.SendAsync(request);
            Assert.Equal(200, (int)response.StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task The_servers_key_file_is_readable_by_its_owner_only_and_deleted_when_it_stops()
    {
        var folder = Directory.CreateTempSubdirectory("gt-server-key-").FullName;
        var keyFile = Path.Combine(folder, "key.json");
        using var process = Run("--service-account-key", keyFile);
        try
        {
            var url = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.NotNull(url);
            Assert.True(File.Exists(keyFile));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));

                // SIGTERM, as a service manager stops it: the server stops its emulator, which deletes the key.
                using var kill = Process.Start("kill", new[] { "-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
                await kill.WaitForExitAsync();
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
                Assert.Equal(0, process.ExitCode);
                Assert.False(File.Exists(keyFile));
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Help_prints_the_usage_and_exits_zero()
    {
        using var process = Run("--help");
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("--job-duration", text);
        Assert.Contains("--fault-rate", text);
    }

    [Theory]
    [InlineData("--port", "http")]
    [InlineData("--fault-rate", "2")]
    [InlineData("--frobnicate")]
    [InlineData("--job-duration")]
    public async Task A_bad_argument_is_explained_and_exits_with_code_2(params string[] args)
    {
        using var process = Run(args);
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(2, process.ExitCode);
        Assert.False(string.IsNullOrWhiteSpace(error));
        Assert.Equal(string.Empty, await process.StandardOutput.ReadToEndAsync());
    }
}
