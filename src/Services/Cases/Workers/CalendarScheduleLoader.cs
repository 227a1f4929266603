using Microsoft.EntityFrameworkCore;
using Tthc.Calendar;
using Tthc.Cases.Data;

namespace Tthc.Cases.Workers;

/// <summary>Puts the schedules administrators stored in force before the service starts answering.</summary>
internal sealed class CalendarScheduleLoader(IServiceProvider services, CalendarsInForce catalog, ILogger<CalendarScheduleLoader> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CasesDbContext>();
        var stored = await db.CalendarSchedules.AsNoTracking().ToListAsync(cancellationToken);
        if (stored.Count > 0)
        {
            catalog.Load(stored.Select(r => YearSchedule.Parse(r.Json)));
            logger.LogInformation("Loaded {Count} stored calendar schedules", stored.Count);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
