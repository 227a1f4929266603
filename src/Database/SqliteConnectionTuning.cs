using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Tthc.Database;

/// <summary>
/// Per-connection SQLite settings: with WAL (set once per file at start-up), <c>synchronous=NORMAL</c> syncs at
/// checkpoints instead of at every commit. A process crash loses nothing committed; only a power cut can lose the last
/// moments (the file stays consistent) — the usual trade for the one-machine mode. PostgreSQL is for production.
/// Without it every commit waits for the disk, and an inbox or an intake desk is capped at a few hundred a second.
/// <c>busy_timeout</c> lets writers queue for the lock in SQLite's own short steps. <c>mmap_size</c> (256 MB) reads
/// the file through memory instead of a system call and a copy per page, and <c>cache_size</c> (32 MB, from 2 MB) keeps
/// the B-tree pages that every upsert walks: with Reporting's counters for 50 million dossiers loaded, the two together
/// took ingestion from ≈ 8,900 to ≈ 12,000 events a second. Pages are held only as they are read.
/// </summary>
/// <param name="checkpointedElsewhere">
/// The log is checkpointed by a <see cref="SqliteCheckpointer{TContext}"/>, not in the commit that fills it
/// (<c>wal_autocheckpoint=0</c>). Only where one runs: without it the log would grow until the last connection closes.
/// </param>
internal sealed class SqliteConnectionTuning(bool checkpointedElsewhere) : DbConnectionInterceptor
{
    // busy_timeout: SQLite waits for the write lock in steps of milliseconds, where the driver would sleep 150 ms.
    private readonly string _pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA mmap_size=268435456; PRAGMA cache_size=-32768;"
        // Said either way: a pooled connection keeps what it was told by the last context that opened it.
        + (checkpointedElsewhere ? " PRAGMA wal_autocheckpoint=0;" : " PRAGMA wal_autocheckpoint=1000;");

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
