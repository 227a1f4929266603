using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A worker that goes round what is due (<see cref="RunOnceAsync"/>), again at once while rounds come back full, else
/// after <see cref="PollInterval"/> or as soon as someone calls <see cref="Wake"/>. A failed round is logged and tried
/// again at the next: nothing due is forgotten.
/// </summary>
public abstract class RoundsWorker(ILogger logger) : BackgroundService
{
    private readonly SemaphoreSlim _signal = new(0);

    protected ILogger Logger { get; } = logger;

    /// <summary>What one round takes at most; a full round is followed by another at once.</summary>
    protected abstract int BatchSize { get; }

    protected abstract TimeSpan PollInterval { get; }

    /// <summary>One round over what is due; returns how many it looked at.</summary>
    public abstract Task<int> RunOnceAsync(CancellationToken cancellationToken);

    /// <summary>Something new is due: look now rather than at the next poll.</summary>
    public void Wake()
    {
        if (_signal.CurrentCount == 0)
        {
            _signal.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            int done;
            try
            {
                done = await RunOnceAsync(stoppingToken);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                // Stopped in the middle of a round (the worker alone, or the host), whatever the cancelled call threw (a
                // gRPC call throws RpcException): what the round had not saved is due again at the next start. Ending
                // quietly matters: a worker whose task ends cancelled while the host itself is not stopping counts as
                // faulted, and the host stops with it.
                return;
            }
            catch (Exception ex)
            {
                // Any other failure, a timeout's cancellation included: the next round tries again.
                Logger.LogError(ex, "{Worker} failed a round; trying again shortly.", GetType().Name);
                done = 0;
            }

            if (done < BatchSize)
            {
                try
                {
                    await _signal.WaitAsync(PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
