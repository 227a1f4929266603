using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Per-connection SQLite settings: with WAL (set once per file at start-up), <c>synchronous=NORMAL</c> syncs at
/// checkpoints instead of at every commit. A process crash loses nothing committed; only a power cut can lose the last
/// moments (the file stays consistent) — the usual trade for the one-machine mode. PostgreSQL is for production.
/// Without it every commit waits for the disk, and an inbox or an intake desk is capped at a few hundred a second.
/// <c>busy_timeout</c> lets writers queue for the lock in SQLite's own short steps.
/// </summary>
public sealed class SqliteConnectionTuning : DbConnectionInterceptor
{
    // busy_timeout: SQLite waits for the write lock in steps of milliseconds, where the driver would sleep 150 ms.
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
