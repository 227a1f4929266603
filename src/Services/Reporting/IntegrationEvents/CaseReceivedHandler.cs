using Tthc.Contracts.IntegrationEvents;
using Tthc.Messaging;
using Tthc.Reporting.Data;

namespace Tthc.Reporting.IntegrationEvents;

/// <summary>Counts a received dossier on its unit's day (Vietnam date of receipt), by channel.</summary>
public sealed class CaseReceivedHandler(ReportingDbContext db) : IIntegrationEventHandler<CaseReceived>
{
    public async Task HandleAsync(CaseReceived received, CancellationToken cancellationToken)
    {
        var counter = await Counters.ForAsync(db, received.UnitCode, received.ReceivedAt, cancellationToken);
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
