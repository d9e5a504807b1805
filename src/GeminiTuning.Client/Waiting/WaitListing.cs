using System;
using System.Threading;
using System.Threading.Tasks;

namespace GeminiTuning.Waiting;

/// <summary>
/// How a waited-for job can also be found in a listing of its region: jobs with the same <see cref="Scope"/> are read
/// with one list request per polling round instead of one GET each, where that is cheaper.
/// </summary>
public sealed class WaitListing
{
    /// <summary>Creates a listing.</summary>
    /// <param name="scope">What is listed, e.g. <c>projects/P/locations/R</c>; targets with the same scope share one listing.</param>
    /// <param name="jobId">The job's id, as listed jobs carry it in <see cref="GeminiTuningJob.Id"/>.</param>
    /// <param name="listPage">Reads one page of the scope's jobs with a server-side filter and a page token (null for the first page).</param>
    /// <param name="complete">Adds to a listed job what a read of the job by itself would add (its training progress); null adds nothing.</param>
    public WaitListing(string scope, string jobId, Func<string, string?, CancellationToken, Task<GeminiTuningJobPage>> listPage,
        Func<GeminiTuningJob, CancellationToken, Task<GeminiTuningJob>>? complete = null)
    {
        Scope = scope;
        JobId = jobId;
        ListPage = listPage;
        Complete = complete;
    }

    /// <summary>What is listed; targets with the same scope are listed together.</summary>
    public string Scope { get; }

    /// <summary>The job's id in the listing.</summary>
    public string JobId { get; }

    /// <summary>Reads one page: (filter, page token or null, cancellation).</summary>
    public Func<string, string?, CancellationToken, Task<GeminiTuningJobPage>> ListPage { get; }

    /// <summary>Adds to a listed job what a read of the job by itself would add; null when nothing is added.</summary>
    public Func<GeminiTuningJob, CancellationToken, Task<GeminiTuningJob>>? Complete { get; }
}
