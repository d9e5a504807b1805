using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Google.Apis.Auth.OAuth2;
using GeminiTuning.Emulator.Auth;

namespace GeminiTuning.Emulator.Tests;

/// <summary>The service account key files an emulator writes hold a private key: owner-only, and gone when it stops.</summary>
public sealed class KeyFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gt-keyfiles-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static void AssertOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            // One entry, not inherited, for Owner Rights (S-1-3-4), and the owner is this user (or, for an elevated
            // administrator under that policy, the Administrators group): no one else can open it.
            var security = new FileInfo(path).GetAccessControl();
            var rules = security.GetAccessRules(true, true, typeof(System.Security.Principal.SecurityIdentifier))
                .Cast<System.Security.AccessControl.FileSystemAccessRule>().ToList();
            var rule = Assert.Single(rules);
            Assert.False(rule.IsInherited);
            Assert.Equal("S-1-3-4", rule.IdentityReference.Value);
            var owner = security.GetOwner(typeof(System.Security.Principal.SecurityIdentifier))!.Value;
            Assert.Contains(owner, new[] { System.Security.Principal.WindowsIdentity.GetCurrent().User!.Value, "S-1-5-32-544" });
        }
        else
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void A_key_file_is_readable_by_its_owner_only_and_loads_as_a_service_account()
    {
        using var emulator = GeminiTuningEmulator.Start();

        var path = emulator.WriteServiceAccountKeyFile("tuner@p-123456.iam.gserviceaccount.com", "p-123456");

        AssertOwnerOnly(path);
        Assert.StartsWith(Path.GetFullPath(Path.GetTempPath()), path);
        var credential = CredentialFactory.FromFile<ServiceAccountCredential>(path);
        Assert.Equal("tuner@p-123456.iam.gserviceaccount.com", credential.Id);
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        Assert.Equal(emulator.BaseUri + "token", json.RootElement.GetProperty("token_uri").GetString());
    }

    [Fact]
    public void The_key_files_are_deleted_when_the_emulator_stops()
    {
        var emulator = GeminiTuningEmulator.Start();
        var first = emulator.WriteServiceAccountKeyFile();
        var second = emulator.WriteServiceAccountKeyFile(path: Path.Combine(_folder, "chosen.json"));
        Assert.True(File.Exists(first) && File.Exists(second));

        emulator.Dispose();

        Assert.False(File.Exists(first));
        Assert.False(File.Exists(second));
    }

    [Fact]
    public void An_existing_file_is_never_overwritten_or_loosened()
    {
        using var emulator = GeminiTuningEmulator.Start();
        var existing = Path.Combine(_folder, "mine.json");
        File.WriteAllText(existing, "keep me");

        Assert.Throws<IOException>(() => emulator.WriteServiceAccountKeyFile(path: existing));

        Assert.Equal("keep me", File.ReadAllText(existing));
        emulator.Dispose();
        Assert.True(File.Exists(existing));
    }

    [Fact]
    public void The_exit_handler_deletes_the_key_files_of_emulators_never_stopped()
    {
        using var emulator = GeminiTuningEmulator.Start();
        var path = emulator.WriteServiceAccountKeyFile();

        ServiceAccountKeyFiles.DeleteAll();

        Assert.False(File.Exists(path));
    }

    [Fact]
    public void A_negative_duration_is_refused_naming_the_option()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => GeminiTuningEmulator.Start(new EmulatorOptions { JobDuration = TimeSpan.FromSeconds(-1) }));

        Assert.Equal("options.JobDuration", ex.ParamName);
        Assert.StartsWith("JobDuration cannot be negative.", ex.Message);
    }
}
