using Tthc.Contracts.IntegrationEvents;
using Tthc.Messaging;
using Tthc.Reporting.Data;
using Tthc.Reporting.Domain;

namespace Tthc.Reporting.IntegrationEvents;

/// <summary>Counts a received dossier on its unit's day (Vietnam date of receipt), by channel.</summary>
public sealed class CaseReceivedHandler(ReportingDbContext db) : IIntegrationEventHandler<CaseReceived>
{
    private static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    public async Task HandleAsync(CaseReceived received, CancellationToken cancellationToken)
    {
        var day = DateOnly.FromDateTime(received.ReceivedAt.ToOffset(VietnamOffset).DateTime);
        // FindAsync sees counters added earlier in the same batch, not yet saved.
        var counter = await db.UnitDayCounters.FindAsync([received.UnitCode, day], cancellationToken);
        if (counter is null)
        {
            counter = new UnitDayCounter { UnitCode = received.UnitCode, Day = day };
            db.UnitDayCounters.Add(counter);
        }

        switch (received.Channel)
        {
            case "online":
                counter.ReceivedOnline++;
                break;
            case "postal":
                counter.ReceivedPostal++;
                break;
            default:
                counter.ReceivedCounter++;
                break;
        }
    }
}
