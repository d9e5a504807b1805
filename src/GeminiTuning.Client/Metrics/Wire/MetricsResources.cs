using System;
using System.Collections.Generic;
using System.Text.Json;

namespace GeminiTuning.Metrics.Wire;

// The ML Metadata and TensorBoard resources on the way from a tuning job to its time series (metrics.md §2-3).

internal sealed class MetadataContextResource
{
    public string? Name { get; set; }
    public string? SchemaTitle { get; set; }
    public JsonElement Metadata { get; set; }
}

internal sealed class ListTensorboardRunsResponse
{
    public List<TensorboardRunResource>? TensorboardRuns { get; set; }
    public string? NextPageToken { get; set; }
}

internal sealed class TensorboardRunResource
{
    public string? Name { get; set; }
    public string? DisplayName { get; set; }
}

internal sealed class ListTimeSeriesResponse
{
    public List<TimeSeriesResource>? TensorboardTimeSeries { get; set; }
    public string? NextPageToken { get; set; }
}

internal sealed class TimeSeriesResource
{
    public string? Name { get; set; }
    public string? DisplayName { get; set; }
    public string? ValueType { get; set; }
    public TimeSeriesMetadataResource? Metadata { get; set; }
}

internal sealed class TimeSeriesMetadataResource
{
    // int64 as a JSON string; the options read strings as numbers.
    public long? MaxStep { get; set; }
    public DateTimeOffset? MaxWallTime { get; set; }
}

internal sealed class BatchReadResponse
{
    public List<TimeSeriesDataResource>? TimeSeriesData { get; set; }
}

internal sealed class TimeSeriesDataResource
{
    public string? TensorboardTimeSeriesId { get; set; }
    public string? ValueType { get; set; }
    public List<TimeSeriesDataPointResource>? Values { get; set; }
}

internal sealed class ExportTimeSeriesResponse
{
    public List<TimeSeriesDataPointResource>? TimeSeriesDataPoints { get; set; }
    public string? NextPageToken { get; set; }
}

internal sealed class TimeSeriesDataPointResource
{
    public long? Step { get; set; }
    public DateTimeOffset? WallTime { get; set; }
    public ScalarResource? Scalar { get; set; }
}

internal sealed class ScalarResource
{
    public double? Value { get; set; }
}

internal sealed class ExportTimeSeriesRequest
{
    public int? PageSize { get; set; }
    public string? PageToken { get; set; }
    public string? OrderBy { get; set; }
}
