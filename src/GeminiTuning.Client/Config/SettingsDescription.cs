using System;
using System.Collections.Generic;
using System.Linq;
using GeminiTuning.Auth;
using GeminiTuning.Http;

namespace GeminiTuning.Config;

/// <summary>Builds <see cref="GeminiTuningContextInfo"/>: every setting in effect and where it came from, without any network call.</summary>
internal static class SettingsDescription
{
    private static readonly string[] ProxyVariables = { "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy" };

    public static GeminiTuningContextInfo Of(SettingsResolver resolver, GeminiTuningContext? connected, Func<string, string?> environment, bool? isWindows)
    {
        var info = new GeminiTuningContextInfo { IsConnected = connected is not null, ConnectedAt = connected?.ConnectedAt };
        var warnings = new List<string>();
        Collect(warnings, () => (info.Project, info.ProjectSource) = resolver.FindProject(null));
        Collect(warnings, () => (info.Region, info.RegionSource) = resolver.FindRegion(null));
        if (connected?.Endpoint is { } endpoint)
        {
            info.Endpoint = endpoint;
            info.EndpointSource = SettingSources.Connect;
        }

        if (connected?.ProxySettings is { } proxy)
        {
            info.Proxy = proxy.Address;
            info.ProxySource = SettingSources.Connect;
        }
        else
        {
            Collect(warnings, () =>
            {
                info.Proxy = ModuleProxy.FromEnvironment(environment)?.Address;
                if (info.Proxy is not null)
                {
                    info.ProxySource = SettingSources.Environment(ProxyVariables.First(v => !string.IsNullOrWhiteSpace(environment(v))));
                }
            });
        }

        var (key, keySource) = resolver.FindApiKey(null);
        info.HasApiKey = key is not null;
        info.ApiKeySource = keySource;

        string? fileQuota = null;
        if (connected?.Credential is { } credential && credential is not ApplicationDefaultTokenSource)
        {
            info.CredentialType = credential.Kind;
            info.Account = credential.Account;
            info.CredentialSource = connected.CredentialOrigin ?? SettingSources.Connect;
            fileQuota = credential.QuotaProject;
        }
        else
        {
            fileQuota = DescribeApplicationDefault(info, environment, isWindows, warnings);
        }

        var quotaFromEnvironment = environment("GOOGLE_CLOUD_QUOTA_PROJECT");
        if (connected?.QuotaProjectSetting is { } quota)
        {
            (info.QuotaProject, info.QuotaProjectSource) = (quota, SettingSources.Connect);
        }
        else if (!string.IsNullOrWhiteSpace(quotaFromEnvironment))
        {
            (info.QuotaProject, info.QuotaProjectSource) = (quotaFromEnvironment!.Trim(), SettingSources.Environment("GOOGLE_CLOUD_QUOTA_PROJECT"));
        }
        else if (fileQuota is not null)
        {
            (info.QuotaProject, info.QuotaProjectSource) = (fileQuota, "credential file (quota_project_id)");
        }

        info.Warnings = warnings;
        return info;
    }

    private static string? DescribeApplicationDefault(GeminiTuningContextInfo info, Func<string, string?> environment, bool? isWindows, List<string> warnings)
    {
        var location = ApplicationDefaultLocation.Find(environment, isWindows);
        if (location.Path is not { } path)
        {
            info.CredentialType = "ApplicationDefault";
            info.CredentialSource = "Application Default Credentials: no credential file on this machine (the metadata server, when on Google Cloud)";
            return null;
        }

        info.CredentialSource = $"Application Default Credentials: {location.Source} ({path})";
        try
        {
            var file = CredentialFile.Read(path, location.Described, location.MissingFix);
            info.CredentialType = file.Kind;
            info.Account = file.Account;
            return file.QuotaProject;
        }
        catch (GeminiTuningException e)
        {
            info.CredentialType = "ApplicationDefault";
            warnings.Add(e.Message + (e.RecommendedAction is null ? string.Empty : " " + e.RecommendedAction));
            return null;
        }
    }

    private static void Collect(List<string> warnings, Action read)
    {
        try
        {
            read();
        }
        catch (GeminiTuningException e)
        {
            warnings.Add(e.Message + (e.RecommendedAction is null ? string.Empty : " " + e.RecommendedAction));
        }
    }
}
