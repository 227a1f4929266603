using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Tthc.Database;

/// <summary>
/// Wakes a background worker after a commit, so it acts in milliseconds rather than at its next poll: the outbox relay
/// (events leave; woken only by the commits that wrote some), the SQLite checkpointer (the log is copied, after every
/// commit). Notifications while it works are folded into one.
/// </summary>
public class CommitSignal
{
    // A semaphore rather than a channel: its timed wait returns false at the timeout, where a read cancelled by a timer
    // throws (inside the channel, caught again) — one exception a second per idle worker, all the runtime's exception
    // counter showed. Notify tops the count up to one, so notifications while the worker works fold into one; commits
    // that race past the check each add one, which the worker spends on as many spare looks.
    private readonly SemaphoreSlim _signal = new(0);

    // SemaphoreSlim takes at most int.MaxValue milliseconds (≈ 24.8 days).
    private static readonly TimeSpan LongestWait = TimeSpan.FromMilliseconds(int.MaxValue);

    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            _signal.Release();
        }
    }

    /// <summary>
    /// Waits for a notification (true) or the timeout (false), whichever comes first; throws only when
    /// <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _signal.WaitAsync(timeout < TimeSpan.Zero ? TimeSpan.Zero : timeout > LongestWait ? LongestWait : timeout, cancellationToken);
}

/// <summary>Notifies a <see cref="CommitSignal"/> after every save outside a transaction and every committed transaction.</summary>
public sealed class CommitSignalInterceptor(CommitSignal signal) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            signal.Notify();
        }

        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            signal.Notify();
        }

        return result;
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        signal.Notify();
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => signal.Notify();
}
