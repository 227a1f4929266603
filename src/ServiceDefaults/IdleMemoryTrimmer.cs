using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Gives memory back when the process goes quiet. The GC collects when allocations fill its budget, so a process that
/// stops allocating — after its start, or after a busy spell — keeps every page its heap last committed, garbage
/// included, for as long as it stays idle. Every <c>Memory:IdleCheckInterval</c> (30 s) this looks at how much the
/// process allocated since the last look; below <c>Memory:IdleAllocationBytes</c> (8 MiB) the interval was quiet, and
/// the first quiet interval after a busy one (or after the start) runs one aggressive full collection, which compacts
/// the heap and returns its free pages to the system. While the process stays quiet, it collects again only once the
/// little it still allocates (health checks, telemetry, polls: ≈ 0.1 MiB a second) adds up to that much again, so what
/// those leave behind — large buffers among it, which only a full collection frees — does not pile up over an idle
/// night. <c>Memory:TrimWhenIdle=false</c> turns it off.
/// </summary>
public sealed class IdleMemoryTrimmer(IConfiguration configuration, ILogger<IdleMemoryTrimmer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Memory:TrimWhenIdle", true))
        {
            return;
        }

        var every = configuration.GetValue("Memory:IdleCheckInterval", TimeSpan.FromSeconds(30));
        var spells = new QuietSpells(configuration.GetValue("Memory:IdleAllocationBytes", 8L * 1024 * 1024), GC.GetTotalAllocatedBytes());
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (!spells.TrimNow(GC.GetTotalAllocatedBytes()))
                {
                    continue;
                }

                var before = GC.GetGCMemoryInfo().TotalCommittedBytes;
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                logger.LogDebug("Quiet: the GC's committed memory went from {Before} to {After} bytes.", before, GC.GetGCMemoryInfo().TotalCommittedBytes);
                // The collection's own allocations do not make the next interval busy.
                spells.Restart(GC.GetTotalAllocatedBytes());
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}

/// <summary>
/// When to trim, given the process's total allocated bytes at each look: at a quiet look (less than
/// <paramref name="quietBytes"/> since the previous one) that is the first since a busy one or since the start, or after
/// which at least <paramref name="quietBytes"/> were allocated since the last trim.
/// </summary>
public sealed class QuietSpells(long quietBytes, long allocatedAtStart)
{
    private long _last = allocatedAtStart;
    private long? _trimmedAt;

    public bool TrimNow(long allocated)
    {
        var busy = allocated - _last >= quietBytes;
        _last = allocated;
        if (busy)
        {
            _trimmedAt = null;
            return false;
        }

        if (_trimmedAt is { } trimmedAt && allocated - trimmedAt < quietBytes)
        {
            return false;
        }

        _trimmedAt = allocated;
        return true;
    }

    /// <summary>After a trim: what the collection itself allocated counts neither as busy nor towards the next trim.</summary>
    public void Restart(long allocated)
    {
        _last = allocated;
        if (_trimmedAt is not null)
        {
            _trimmedAt = allocated;
        }
    }
}
