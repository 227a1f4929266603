using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tthc.Contracts.IntegrationEvents;
using Tthc.Database;

namespace Tthc.Messaging;

/// <summary>
/// Writes integration events into the service's outbox. Nothing is sent here: the rows are saved by the caller's
/// <c>SaveChanges</c>, in the same transaction as the state change, and the relay sends them after the commit.
/// </summary>
public sealed class EventPublisher(IOptions<MessagingOptions> options, TimeProvider time, OutboxSignal relay)
{
    /// <summary>Adds the event's outbox row to the context, saved with its changes; the relay is woken when they are committed.</summary>
    public void Publish(DbContext db, IntegrationEvent integrationEvent)
    {
        db.Set<OutboxMessage>().Add(ToOutbox(integrationEvent));
        db.AfterCommit(relay.Notify);
    }

    /// <summary>
    /// Writes outbox rows (<see cref="ToOutbox"/>) by prepared statement (<see cref="PreparedRows"/>) in the context's
    /// current transaction; the relay is woken when it commits.
    /// </summary>
    public Task WriteAsync(DbContext db, IReadOnlyCollection<OutboxMessage> rows, CancellationToken cancellationToken)
    {
        if (rows.Count > 0)
        {
            db.AfterCommit(relay.Notify);
        }

        return PreparedRows.AppendAsync(db, rows, cancellationToken);
    }

    /// <summary>The outbox row of the event, for a caller that writes its rows itself (<see cref="WriteAsync"/>).</summary>
    public OutboxMessage ToOutbox(IntegrationEvent integrationEvent)
    {
        var envelope = CloudEvent.Write(integrationEvent, options.Value.Source);
        var now = time.GetUtcNow();
        return new OutboxMessage
        {
            EventId = envelope.Id,
            Topic = EventTypes.TopicOf(integrationEvent.GetType()),
            Type = envelope.Type,
            Subject = envelope.Subject,
            TraceParent = envelope.TraceParent,
            Envelope = envelope.Json,
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }
}
