using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Tthc.Database;

/// <summary>
/// Lets one write transaction at a time into a SQLite database, in process. SQLite has a single writer: without the
/// gate, concurrent transactions poll for its lock in sleeps of milliseconds and throughput collapses under load; with
/// it they queue and run back to back. It travels with the context's options (one per database, added by
/// <c>UseTthcSqlite</c>), so code that writes asks the context for its turn
/// (<see cref="WriteTurns.WriteTurnAsync"/>) and never knows the provider: on PostgreSQL, which has many writers, there
/// is no gate and the turn is free.
/// </summary>
public sealed class WriteGate : IInterceptor
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);

    public async ValueTask<Releaser> EnterAsync(CancellationToken cancellationToken)
    {
        await _semaphore.WaitAsync(cancellationToken);
        return new Releaser(_semaphore);
    }

    /// <summary>Ends the turn; the default value (no gate) ends nothing.</summary>
    public readonly struct Releaser(SemaphoreSlim? semaphore) : IDisposable
    {
        public void Dispose() => semaphore?.Release();
    }
}

/// <summary>The write turn of a context's database.</summary>
public static class WriteTurns
{
    /// <summary>
    /// The turn to write: held from a read that a write depends on until the write is saved. On SQLite it queues
    /// behind the other writers of the process; elsewhere it is granted at once.
    /// </summary>
    public static ValueTask<WriteGate.Releaser> WriteTurnAsync(this DbContext db, CancellationToken cancellationToken) =>
        GateOf(db) is { } gate ? gate.EnterAsync(cancellationToken) : ValueTask.FromResult(default(WriteGate.Releaser));

    private static WriteGate? GateOf(DbContext db)
    {
        var interceptors = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors;
        if (interceptors is null)
        {
            return null;
        }

        foreach (var interceptor in interceptors)
        {
            if (interceptor is WriteGate gate)
            {
                return gate;
            }
        }

        return null;
    }
}
