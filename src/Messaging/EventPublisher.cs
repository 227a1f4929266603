using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tthc.Contracts.IntegrationEvents;

namespace Tthc.Messaging;

/// <summary>
/// Writes integration events into the service's outbox. Nothing is sent here: the rows are saved by the caller's
/// <c>SaveChanges</c>, in the same transaction as the state change, and the relay sends them after the commit.
/// </summary>
public sealed class EventPublisher(IOptions<MessagingOptions> options, TimeProvider time)
{
    public void Publish(DbContext db, IntegrationEvent integrationEvent)
    {
        var envelope = CloudEvent.From(integrationEvent, options.Value.Source);
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            EventId = envelope.Id,
            Topic = EventTypes.TopicOf(integrationEvent.GetType()),
            Type = envelope.Type,
            Subject = envelope.Subject,
            TraceParent = envelope.TraceParent,
            Envelope = JsonSerializer.Serialize(envelope, CloudEvent.Json),
            CreatedAt = time.GetUtcNow(),
            NextAttemptAt = time.GetUtcNow(),
        });
    }
}
