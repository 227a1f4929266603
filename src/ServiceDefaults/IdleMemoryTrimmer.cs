using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>When a quiet service gives its heap back (section <c>Memory</c>; checked at start, as every setting is).</summary>
public sealed class IdleMemoryOptions
{
    public const string SectionName = "Memory";

    /// <summary>Off: the heap keeps what it committed until the GC next collects on its own.</summary>
    public bool TrimWhenIdle { get; set; } = true;

    /// <summary>How often the allocations are looked at (1 s – 1 day).</summary>
    public TimeSpan IdleCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Less than this allocated in one interval is quiet.</summary>
    public long IdleAllocationBytes { get; set; } = 8L * 1024 * 1024;

    /// <summary>
    /// While a service stays quiet, it trims again at the first look after it allocated this much since its last trim.
    /// Without that, an idle service's first generation (32 MiB, the AppHost's <c>DOTNET_GCgen0size</c>) fills from
    /// what it still does at idle (health checks, telemetry, polls) and stays resident.
    /// </summary>
    public long TrimAgainAfterBytes { get; set; } = 2L * 1024 * 1024;
}

/// <summary>
/// Gives a service's memory back when it goes quiet. The GC collects when allocations fill its budget, so a process
/// that stops allocating — after its start, or after a busy spell — keeps every page its heap last committed, garbage
/// included, for as long as it stays idle. Every <see cref="IdleMemoryOptions.IdleCheckInterval"/> this looks at how
/// much the process allocated; when <see cref="QuietSpells"/> says so it runs one aggressive full collection, which
/// compacts the heap and returns its free pages to the system (15–50 ms on an idle service's small heap).
/// Registered by <see cref="ApiExtensions.AddServiceApiDefaults"/>: the five services run the workstation GC; the
/// gateway and the web app run the server GC, which sizes its heaps to the load itself.
/// </summary>
public sealed class IdleMemoryTrimmer(IOptions<IdleMemoryOptions> options, ILogger<IdleMemoryTrimmer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.TrimWhenIdle)
        {
            return;
        }

        var spells = new QuietSpells(settings.IdleAllocationBytes, settings.TrimAgainAfterBytes, GC.GetTotalAllocatedBytes());
        using var timer = new PeriodicTimer(settings.IdleCheckInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (spells.TrimNow(GC.GetTotalAllocatedBytes()))
                {
                    var before = GC.GetGCMemoryInfo().TotalCommittedBytes;
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                    logger.LogDebug("Quiet: the GC's committed memory went from {Before} to {After} bytes.", before, GC.GetGCMemoryInfo().TotalCommittedBytes);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}

public static class IdleMemoryExtensions
{
    /// <summary>The trimmer and its settings, which a service checks at start (a bad value stops it there, named).</summary>
    public static IServiceCollection AddIdleMemoryTrimmer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IdleMemoryOptions>().Bind(configuration.GetSection(IdleMemoryOptions.SectionName))
            .Validate(o => o.IdleCheckInterval >= TimeSpan.FromSeconds(1) && o.IdleCheckInterval <= TimeSpan.FromDays(1),
                "Memory:IdleCheckInterval must be between 00:00:01 and 1.00:00:00.")
            .Validate(o => o.IdleAllocationBytes > 0, "Memory:IdleAllocationBytes must be more than 0.")
            .Validate(o => o.TrimAgainAfterBytes > 0, "Memory:TrimAgainAfterBytes must be more than 0.")
            .ValidateOnStart();
        return services.AddHostedService<IdleMemoryTrimmer>();
    }
}

/// <summary>
/// When to trim, given the process's total allocated bytes at each look: at a quiet look (less than
/// <paramref name="quietBytes"/> since the previous one) that is the first since a busy one or since the start, or at a
/// quiet look once <paramref name="againBytes"/> were allocated since the last trim. An idle service still allocates
/// 30–60 KiB a second (health checks, the metrics it exports, polls); left alone, that fills the first generation's
/// 32 MiB over ten to fifteen minutes, all of it resident, before the GC collects. With 2 MiB, an idle service trims
/// every one to one and a half minutes (30–60 KiB a second, looked at every 30 s), 15–50 ms each time: at most a
/// thousandth of a core, for peaks 2–3 MiB lower than with 4 MiB.
/// </summary>
public sealed class QuietSpells(long quietBytes, long againBytes, long allocatedAtStart)
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

        if (_trimmedAt is { } trimmedAt && allocated - trimmedAt < againBytes)
        {
            return false;
        }

        _trimmedAt = allocated;
        return true;
    }
}
