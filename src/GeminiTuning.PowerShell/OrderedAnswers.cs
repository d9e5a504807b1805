using System.Management.Automation;
using System.Threading.Tasks;
using GeminiTuning.Generation;
using GeminiTuning.Workflows;

namespace GeminiTuning.PowerShell;

/// <summary>
/// Invoke-GeminiTunedModel's prompts in flight (-ThrottleLimit above 1): several requests at once, answers written in
/// the prompts' order, and at most twice the limit held in memory, so that a long pipeline of prompts is not read ahead.
/// </summary>
internal sealed class OrderedAnswers
{
    private readonly GeminiTuningCmdlet _cmdlet;
    private readonly System.Action<GeminiTunedModelResponse> _write;
    private readonly System.Threading.CancellationToken _cancellationToken;
    private readonly OrderedWork<(GenerationTarget Target, string Prompt, GenerationOptions Options), GeminiTunedModelResponse> _work;

    public OrderedAnswers(GeminiTuningCmdlet cmdlet, GenerationClient generation, int throttleLimit, System.Action<GeminiTunedModelResponse> write,
        System.Threading.CancellationToken cancellationToken)
    {
        _cmdlet = cmdlet;
        _write = write;
        _cancellationToken = cancellationToken;
        _work = new(throttleLimit, (item, ct) => generation.GenerateAsync(item.Target, item.Prompt, item.Options, ct), cancellationToken);
    }

    /// <summary>Sends a prompt, then writes the answers that are ready, waiting for the oldest while too many are pending.</summary>
    public void Add(GenerationTarget target, string prompt, GenerationOptions options)
    {
        _work.Add((target, prompt, options));
        WriteFinished(waitWhileFull: true);
    }

    /// <summary>Waits for every pending prompt and writes its answer.</summary>
    public void Drain()
    {
        while (_work.Pending > 0)
        {
            _cmdlet.RunSync(ct => _work.WaitForHeadAsync(ct));
            WriteFinished(waitWhileFull: false);
        }
    }

    // While waiting for the oldest, the verbose lines of the requests in flight are written (RunSync runs what they post).
    private void WriteFinished(bool waitWhileFull)
    {
        while (true)
        {
            _cmdlet.Dispatcher.RunLater();
            foreach (var (input, result) in _work.TakeCompleted())
            {
                if (result.Status == TaskStatus.RanToCompletion)
                {
                    _write(result.Result);
                }
                else if (result.IsCanceled || _cancellationToken.IsCancellationRequested)
                {
                    throw new PipelineStoppedException();
                }
                else
                {
                    _cmdlet.WriteErrorFor(result.Exception!.GetBaseException(), input.Prompt);
                }
            }

            if (!waitWhileFull || _work.Pending < 2 * _work.Concurrency)
            {
                return;
            }

            _cmdlet.RunSync(ct => _work.WaitForHeadAsync(ct));
        }
    }
}
