using Microsoft.EntityFrameworkCore;
using Tthc.Cases.Data;
using Tthc.Cases.Domain;
using Tthc.Database;
using Tthc.Messaging;

namespace Tthc.Cases.Workers;

/// <summary>The watch's settings, section <c>Watch</c>.</summary>
public sealed class WatchOptions
{
    public const string SectionName = "Watch";

    /// <summary>How often the watch looks for dossiers whose moment has come.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many working days before the appointment the due-soon warning goes out: one by default, the legal last
    /// moment to apologise; a province may warn earlier (1–10).
    /// </summary>
    public int DueSoonWorkingDays { get; set; } = 1;
}

/// <summary>
/// Tells the other services when an open dossier becomes due soon (the start of the working day before its
/// appointment: the last moment to apologise on time) and when it becomes overdue — each once per dossier. It reads
/// only the dossiers whose <see cref="Dossier.NextWatchAt"/> has come (an indexed range), so its cost follows the
/// dossiers changing state, not the number open.
/// </summary>
public sealed class DeadlineWatch(IServiceScopeFactory scopes, EventPublisher events, TimeProvider time,
    Microsoft.Extensions.Options.IOptions<WatchOptions> options, ILogger<DeadlineWatch> logger) : BackgroundService
{
    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Interval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await RunOnceAsync(stoppingToken) == BatchSize)
                {
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Deadline watch pass failed; retrying");
            }

            await Task.Delay(interval, time, stoppingToken);
        }
    }

    /// <summary>
    /// Passes never overlap in one process; across replicas one watches at a time (<see cref="Leadership"/>), and the
    /// dossier's version makes a pass lose to an officer who changed the dossier meanwhile.
    /// </summary>
    private readonly SemaphoreSlim _pass = new(1, 1);

    /// <summary>One pass: the dossiers whose moment has come, their events, saved together. Returns how many it saw.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await _pass.WaitAsync(cancellationToken);
        try
        {
            return await PassAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another replica (or an officer) changed one of these dossiers meanwhile: the next pass reads them again.
            logger.LogInformation("Deadline watch pass lost a race; the next pass retries.");
            return 0;
        }
        finally
        {
            _pass.Release();
        }
    }

    private async Task<int> PassAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CasesDbContext>();
        await using var lead = await db.TryLeadAsync("deadline-watch", cancellationToken);
        if (lead is null)
        {
            return 0;
        }

        var due = await db.Dossiers
            .Where(d => d.NextWatchAt != null && d.NextWatchAt <= now)
            .OrderBy(d => d.NextWatchAt)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);

        foreach (var dossier in due)
        {
            if (dossier.WatchStep(now) is { } warning)
            {
                events.Publish(db, warning);
            }
        }

        using (await db.WriteTurnAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        await lead.CompleteAsync(cancellationToken);
        return due.Count;
    }
}
