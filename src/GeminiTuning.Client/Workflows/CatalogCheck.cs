using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GeminiTuning.Config;
using GeminiTuning.Vertex;

namespace GeminiTuning.Workflows;

/// <summary>
/// A create request checked against the <see cref="TuningCatalog"/>, before anything is sent or uploaded: a
/// combination the catalog knows is invalid is an error naming the allowed values; what it cannot judge (a base model
/// Google added since, a region its list of which was cut off) is a warning. Facts Google's documentation leaves open
/// still apply, and say that <c>-Force</c> (which skips this check) sends the request anyway.
/// </summary>
public static class CatalogCheck
{
    /// <summary>An edit distance this small from a known region means a typing mistake, not a region the catalog does not know.</summary>
    private const int TypoDistance = 2;

    /// <summary>Checks the region: an error for one that looks like a mistyped known region, a warning for one the catalog does not know.</summary>
    public static void CheckRegion(string region, ICollection<string> warnings, TuningCatalog? catalog = null)
    {
        catalog ??= TuningCatalog.Default;
        var known = catalog.FindRegion(region);
        if (known is null)
        {
            var closest = catalog.ClosestRegions(region);
            if (closest.Count > 0 && ClosestNames.Distance(region.ToLowerInvariant(), closest[0]) <= TypoDistance)
            {
                throw new GeminiTuningArgumentException("Region", "RegionNotFound",
                    $"'{Identifiers.Printable(region)}' is not a Google Cloud region; the closest are {Join(closest)}.",
                    $"Give one of them, e.g. -Region {closest[0]} (press Tab after -Region to see Vertex AI's regions), or -Force if '{Identifiers.Printable(region)}' is a new region.",
                    ErrorCategoryHint.InvalidArgument);
            }

            warnings.Add($"'{region}' is not a region this module knows (its list is from Google's documentation of {catalog.AsOf}); the closest known are {Join(closest)}.");
        }
        else if (!known.GenerativeAi)
        {
            warnings.Add($"Google does not list generative AI on Vertex AI in {known.Id} ({known.Name}); tuning there will probably be refused.");
        }
    }

    /// <summary>
    /// Checks the base model, tuning method, adapter size, region and encryption key of <paramref name="request"/>
    /// against the catalog; throws <see cref="GeminiTuningArgumentException"/> for what it knows to be invalid and adds
    /// to <paramref name="warnings"/> what it cannot judge. Returns the model, when the catalog knows it.
    /// </summary>
    public static TunableModel? CheckRequest(TuningJobRequest request, string region, ICollection<string> warnings, TuningCatalog? catalog = null)
    {
        catalog ??= TuningCatalog.Default;
        CheckRegion(region, warnings, catalog);
        var baseModel = request.BaseModel.Trim();
        if (TuningJobRequest.IsTunedModel(baseModel))
        {
            // The tuned model's own base is on the service; only where it lives can be seen from here.
            var location = baseModel.Split('/')[3];
            if (!string.Equals(location, region, StringComparison.Ordinal))
            {
                warnings.Add($"The tuned model is in {location}, and the job would run in {region}; continuous tuning normally runs where the model is (-Region {location}).");
            }

            return null;
        }

        var model = catalog.FindModel(baseModel);
        if (model is null)
        {
            warnings.Add($"'{baseModel}' is not a base model this module knows (its catalog follows Google's documentation of {catalog.AsOf}); " +
                         $"the closest known are {Join(catalog.ClosestModels(baseModel))}. Sending it as given: Google may have added it.");
            return null;
        }

        CheckStatus(model, catalog);
        var method = CheckMethod(model, request.TuningMethod, catalog);
        CheckAdapterSize(model, method, request.AdapterSize);
        CheckRegionOfModel(model, region, warnings);
        if (request.KmsKeyName is not null && model.Cmek == false)
        {
            throw Refused(model, "KmsKeyName", "CmekNotSupported", $"{model.DisplayName} ({model.Id}) cannot be tuned with a customer-managed encryption key (CMEK).",
                "Leave out -KmsKeyName (Google-managed encryption is used), or choose a model that supports CMEK, such as gemini-2.5-flash.", "cmek");
        }

        return model;
    }

    private static void CheckStatus(TunableModel model, TuningCatalog catalog)
    {
        if (model.Status == TunableModelStatus.Retired)
        {
            throw new GeminiTuningArgumentException("BaseModel", "BaseModelRetired",
                $"{model.DisplayName} ({model.Id}) is retired: Google no longer tunes it. Tunable base models: {Join(catalog.AvailableModels.Select(m => m.Id))}.",
                "Choose one of them (press Tab after -BaseModel), e.g. -BaseModel " + catalog.AvailableModels.First().Id + ". -Force sends the request anyway.",
                ErrorCategoryHint.InvalidArgument);
        }
    }

    private static TuningMethodInfo CheckMethod(TunableModel model, GeminiTuningMethod method, TuningCatalog catalog)
    {
        if (model.Method(method) is { } info)
        {
            return info;
        }

        var others = catalog.AvailableModels.Where(m => m.Method(method) is not null).Select(m => m.Id).ToList();
        var name = method.ToString().ToLowerInvariant();
        throw Refused(model, "TuningMethod", "TuningMethodNotSupported",
            $"{model.DisplayName} ({model.Id}) does not support {name} tuning; the models that do are {Join(others)}.",
            others.Count == 0 ? $"Use -TuningMethod {model.Methods.Keys.First()}." : $"Choose one of them, e.g. -BaseModel {others[0]}.",
            method == GeminiTuningMethod.Preference ? "preference" : "methods");
    }

    private static void CheckAdapterSize(TunableModel model, TuningMethodInfo method, GeminiAdapterSize? size)
    {
        if (size is { } s && !method.AdapterSizes.Contains(s))
        {
            var allowed = string.Join(", ", method.AdapterSizes.Select(a => a.ToString() + " (" + ((int)a).ToString(CultureInfo.InvariantCulture) + ")"));
            throw Refused(model, "AdapterSize", "AdapterSizeNotSupported",
                $"Adapter size {s} ({(int)s}) is not offered for {method.Method.ToString().ToLowerInvariant()} tuning of {model.DisplayName} ({model.Id}); the sizes are {allowed}.",
                $"Give one of them, e.g. -AdapterSize {method.AdapterSizes.Last()}, or leave -AdapterSize out to let the service choose.", "adapterSizes");
        }
    }

    private static void CheckRegionOfModel(TunableModel model, string region, ICollection<string> warnings)
    {
        if (model.TuningRegions.Count == 0 || model.TuningRegions.Contains(region, StringComparer.Ordinal))
        {
            return;
        }

        if (!model.TuningRegionsComplete)
        {
            warnings.Add($"Google's documentation lists {model.Id} for tuning in {Join(model.TuningRegions.Take(6))} and more, but not {region} (the list was cut off); the service will decide.");
            return;
        }

        throw Refused(model, "Region", "RegionNotSupported",
            $"{model.DisplayName} ({model.Id}) is not tuned in {region}; it is tuned in {Join(model.TuningRegions)}" +
            (model.ServingLocations is { Count: > 0 } serving ? $" (and served from the {string.Join("/", serving)} multi-regions)." : "."),
            $"Give -Region {model.TuningRegions[0]}.", "tuningRegions");
    }

    private static GeminiTuningArgumentException Refused(TunableModel model, string parameter, string condition, string message, string action, string fact) =>
        new(parameter, condition,
            message + (model.IsUnconfirmed(fact) ? " (Google's documentation does not settle this for " + model.Id + ".)" : string.Empty),
            action + " -Force sends the request anyway, should Google have changed this.", ErrorCategoryHint.InvalidArgument);

    private static string Join(IEnumerable<string> values)
    {
        var list = values.ToList();
        return list.Count switch
        {
            0 => "(none)",
            1 => list[0],
            _ => string.Join(", ", list.Take(list.Count - 1)) + " and " + list[list.Count - 1],
        };
    }
}
