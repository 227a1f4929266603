using Tthc.Database;

namespace Tthc.Messaging;

/// <summary>Wakes the relay right after a commit, so events leave in milliseconds rather than at the next poll.</summary>
public sealed class OutboxSignal : CommitSignal;
