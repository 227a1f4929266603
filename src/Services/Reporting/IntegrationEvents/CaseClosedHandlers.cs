using Tthc.Contracts.IntegrationEvents;
using Tthc.Messaging;
using Tthc.Reporting.Data;
using Tthc.Reporting.Domain;

namespace Tthc.Reporting.IntegrationEvents;

/// <summary>The counter of a unit's Vietnam day, found in the batch being applied or in the database, or a new one.</summary>
internal static class Counters
{
    private static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    public static async Task<UnitDayCounter> ForAsync(ReportingDbContext db, string unitCode, DateTimeOffset instant, CancellationToken cancellationToken)
    {
        var day = DateOnly.FromDateTime(instant.ToOffset(VietnamOffset).DateTime);
        // FindAsync sees counters added earlier in the same batch, not yet saved.
        var counter = await db.UnitDayCounters.FindAsync([unitCode, day], cancellationToken);
        if (counter is null)
        {
            counter = new UnitDayCounter { UnitCode = unitCode, Day = day };
            db.UnitDayCounters.Add(counter);
        }

        return counter;
    }
}

/// <summary>Counts a decided dossier as resolved early, on time or late, on the day it was decided.</summary>
public sealed class CaseDecidedHandler(ReportingDbContext db) : IIntegrationEventHandler<CaseDecided>
{
    public async Task HandleAsync(CaseDecided decided, CancellationToken cancellationToken)
    {
        var counter = await Counters.ForAsync(db, decided.UnitCode, decided.DecidedAt, cancellationToken);
        switch (decided.Timeliness)
        {
            case "early":
                counter.ResolvedEarly++;
                break;
            case "late":
                counter.ResolvedLate++;
                break;
            default:
                counter.ResolvedOnTime++;
                break;
        }
    }
}

/// <summary>Counts a refused dossier on the day it was refused.</summary>
public sealed class CaseRefusedHandler(ReportingDbContext db) : IIntegrationEventHandler<CaseRefused>
{
    public async Task HandleAsync(CaseRefused refused, CancellationToken cancellationToken) =>
        (await Counters.ForAsync(db, refused.UnitCode, refused.OccurredAt, cancellationToken)).Refused++;
}

/// <summary>Counts a stopped dossier on the day it was stopped.</summary>
public sealed class CaseStoppedHandler(ReportingDbContext db) : IIntegrationEventHandler<CaseStopped>
{
    public async Task HandleAsync(CaseStopped stopped, CancellationToken cancellationToken) =>
        (await Counters.ForAsync(db, stopped.UnitCode, stopped.OccurredAt, cancellationToken)).Stopped++;
}
