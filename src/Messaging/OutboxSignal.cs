using Tthc.Database;

namespace Tthc.Messaging;

/// <summary>
/// Wakes the relay right after a commit that wrote outbox rows, so events leave in milliseconds rather than at the next
/// poll. The publisher asks for it as it adds or writes rows (<see cref="EventPublisher.Publish"/>,
/// <see cref="EventPublisher.WriteAsync"/>, through <see cref="CommitActions.AfterCommit"/>); other commits (a
/// subscriber's deliveries, the relay's own marks) leave the relay asleep: it used to look for rows after each of them
/// and find none, ≈ a tenth of Notifications' processor time at intake (README). A row written any other way still
/// leaves at the relay's next poll.
/// </summary>
public sealed class OutboxSignal : CommitSignal;
