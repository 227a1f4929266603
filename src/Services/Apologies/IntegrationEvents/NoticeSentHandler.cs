using Microsoft.EntityFrameworkCore;
using Tthc.Apologies.Data;
using Tthc.Apologies.Domain;
using Tthc.Contracts.IntegrationEvents;
using Tthc.Messaging;

namespace Tthc.Apologies.IntegrationEvents;

/// <summary>
/// Notifications sent an apology by email, SMS or Zalo (on its own at issue, on the channels the citizen chose, or
/// because the one-stop office asked): the delivery is recorded, as one by hand is.
/// </summary>
public sealed class NoticeSentHandler(ApologiesDbContext db, EventPublisher events) : IIntegrationEventHandler<NoticeSent>
{
    public async Task HandleAsync(NoticeSent e, CancellationToken cancellationToken)
    {
        if (e.ApologyId is not { } id
            || (db.Apologies.Local.FirstOrDefault(a => a.Id == id) ?? await db.Apologies.SingleOrDefaultAsync(a => a.Id == id, cancellationToken))
                is not { Status: ApologyStatus.Issued } apology
            || db.Deliveries.Local.Any(d => d.NoticeId == e.NoticeId)
            || await db.Deliveries.AnyAsync(d => d.NoticeId == e.NoticeId, cancellationToken))
        {
            return;
        }

        db.Deliveries.Add(new ApologyDelivery
        {
            ApologyId = id, Channel = e.Channel, At = e.OccurredAt, RecordedBy = "notifications", NoticeId = e.NoticeId,
        });
        events.Publish(db, new ApologyDelivered
        {
            OccurredAt = e.OccurredAt, ApologyId = id, CaseCode = apology.CaseCode, UnitCode = apology.UnitCode, Channel = e.Channel,
        });
    }
}
