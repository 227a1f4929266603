using Microsoft.EntityFrameworkCore;
using Tthc.Calendar;
using Tthc.Cases.Data;

namespace Tthc.Cases.Workers;

/// <summary>
/// Puts the stored yearly schedules in force: before the service serves (a hosted service's start), then every
/// <see cref="CatalogueCache.MaxAge"/>, so a schedule replaced through another replica counts this replica's deadlines
/// too within a minute (a replacement through this one is in force at once).
/// </summary>
internal sealed class CalendarScheduleLoader(IServiceProvider services, CalendarsInForce catalog, ILogger<CalendarScheduleLoader> logger)
    : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CatalogueCache.MaxAge);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await LoadAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Reloading the stored calendar schedules failed; the ones in force stay");
            }
        }
    }

    /// <summary>Loads the stored schedules whose version is not the one in force.</summary>
    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CasesDbContext>();
        var versions = await db.CalendarSchedules.AsNoTracking().Select(r => new { r.Year, r.Version }).ToListAsync(cancellationToken);
        var changed = versions.Where(v => catalog.Current.ScheduleFor(v.Year)?.Version != v.Version).Select(v => v.Year).ToList();
        if (changed.Count == 0)
        {
            return;
        }

        var stored = await db.CalendarSchedules.AsNoTracking().Where(r => changed.Contains(r.Year)).ToListAsync(cancellationToken);
        catalog.Load(stored.Select(r => YearSchedule.Parse(r.Json)));
        logger.LogInformation("Put {Count} stored calendar schedules in force ({Years})", stored.Count, string.Join(", ", changed));
    }
}
