using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Gives a service's memory back when it goes quiet. The GC collects when allocations fill its budget, so a process
/// that stops allocating — after its start, or after a busy spell — keeps every page its heap last committed, garbage
/// included, for as long as it stays idle. Every <c>Memory:IdleCheckInterval</c> (30 s) this looks at how much the
/// process allocated since the last look; below <c>Memory:IdleAllocationBytes</c> (8 MiB) the interval was quiet, and
/// the first quiet interval after a busy one (or after the start) runs one aggressive full collection, which compacts
/// the heap and returns its free pages to the system (15–50 ms on an idle service's small heap). While the process
/// stays quiet it collects again only once the little it still allocates (health checks, telemetry, polls: ≈ 0.1 MiB a
/// second) adds up to eight times that, about every ten minutes, so what those leave behind — large buffers among it,
/// which only a full collection frees — does not pile up over an idle night. <c>Memory:TrimWhenIdle=false</c> turns it
/// off; a value that does not parse, or is out of range, is logged and the default used.
/// Registered by <see cref="ApiExtensions.AddServiceApiDefaults"/>: the five services run the workstation GC; the
/// gateway and the web app run the server GC, which sizes its heaps to the load itself.
/// </summary>
public sealed class IdleMemoryTrimmer(IConfiguration configuration, ILogger<IdleMemoryTrimmer> logger) : BackgroundService
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(30);
    private const long DefaultQuietBytes = 8L * 1024 * 1024;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Setting("Memory:TrimWhenIdle", true, bool.TryParse, _ => true))
        {
            return;
        }

        var every = Setting("Memory:IdleCheckInterval", DefaultInterval, TryParseInterval, t => t >= TimeSpan.FromSeconds(1) && t <= TimeSpan.FromDays(1));
        var quiet = Setting("Memory:IdleAllocationBytes", DefaultQuietBytes, TryParseBytes, b => b > 0);
        var spells = new QuietSpells(quiet, GC.GetTotalAllocatedBytes());
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

    private delegate bool Parser<T>(string text, out T value);

    private T Setting<T>(string key, T fallback, Parser<T> parse, Func<T, bool> valid)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (parse(text.Trim(), out var value) && valid(value))
        {
            return value;
        }

        logger.LogWarning("{Key} = '{Value}' is not valid; using {Default}.", key, text, fallback);
        return fallback;
    }

    // "00:00:30" as configuration writes a TimeSpan; a bare number is seconds (TimeSpan.Parse would read "30" as days).
    private static bool TryParseInterval(string text, out TimeSpan value)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds) && Math.Abs(seconds) < 1e9)
        {
            value = TimeSpan.FromSeconds(seconds);
            return true;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryParseBytes(string text, out long value) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
}

/// <summary>
/// When to trim, given the process's total allocated bytes at each look: at a quiet look (less than
/// <paramref name="quietBytes"/> since the previous one) that is the first since a busy one or since the start, or at a
/// quiet look after which eight times <paramref name="quietBytes"/> were allocated since the last trim.
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

        if (_trimmedAt is { } trimmedAt && allocated - trimmedAt < 8 * quietBytes)
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
