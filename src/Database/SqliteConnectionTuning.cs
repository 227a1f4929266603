using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

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
    private const string Common = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA mmap_size=268435456; PRAGMA cache_size=-32768;";

    // Said either way: a pooled connection keeps what it was told by the last context that opened it.
    private static readonly string CheckpointedElsewhere = Common + " PRAGMA wal_autocheckpoint=0;";
    private static readonly string CheckpointedInCommits = Common + " PRAGMA wal_autocheckpoint=1000;";

    private readonly string _pragmas = checkpointedElsewhere ? CheckpointedElsewhere : CheckpointedInCommits;

    /// <summary>
    /// What each open SQLite connection was last told, by its native handle. Connections are pooled: a context's "open"
    /// mostly takes back one told before, and its settings stay with it — five statements parsed and run again at every
    /// open (each request, each delivery) for nothing. A handle told something else (another context's tuning of the
    /// same file) is told again; a closed one drops out with its handle.
    /// </summary>
    private static readonly ConditionalWeakTable<sqlite3, string> Told = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (AlreadyTold(connection))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        command.ExecuteNonQuery();
        Remember(connection);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (AlreadyTold(connection))
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
        Remember(connection);
    }

    private bool AlreadyTold(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } && Told.TryGetValue(handle, out var told) && ReferenceEquals(told, _pragmas);

    private void Remember(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            Told.AddOrUpdate(handle, _pragmas);
        }
    }
}
