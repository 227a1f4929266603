using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Tthc.Database;

/// <summary>
/// Copies a SQLite database's write-ahead log back into the file in the background, on a connection of its own, so
/// writers do not wait for it. By default SQLite checkpoints inside the commit that takes the log past 1,000 pages: that
/// writer, and behind the process's write turn every other, waited for ≈ 4 MB of page writes and two fsyncs, several
/// times a second at intake. The service's own connections are opened with <c>wal_autocheckpoint=0</c>
/// (<see cref="SqliteConnectionTuning"/>), and this runs at most every <see cref="Spacing"/> after a commit (every
/// <see cref="Fallback"/> anyway, for a write no interceptor sees) a passive checkpoint, which waits for no reader or
/// writer. The log starts again from its beginning only when a write begins after a checkpoint that copied all of
/// it, and writers come every few milliseconds at load: so once the log is past <see cref="RestartAfter"/> pages
/// the copy is caught up to within a few pages outside the write turn, then finished in it (<see cref="Gate"/>), and
/// the next write restarts the log. Without that last step the log grew by the whole load (340 MB for 40,000 dossiers).
/// </summary>
/// <param name="connectionString">The database's, as its contexts have it.</param>
/// <param name="schema">Nothing is checkpointed before the migrations ran.</param>
/// <param name="logger">Where a failed checkpoint is told.</param>
/// <param name="restartAfter">Log pages past which the copy is finished in the write turn (tests make it small).</param>
/// <param name="spacing">The least time between two checkpoints, <see cref="Spacing"/> unless a test says otherwise.</param>
internal sealed class SqliteCheckpointer<TContext>(
    string connectionString, SchemaState<TContext> schema, ILogger<SqliteCheckpointer<TContext>> logger,
    long restartAfter = SqliteCheckpointer<TContext>.RestartAfter, TimeSpan? spacing = null)
    : BackgroundService
    where TContext : DbContext
{
    /// <summary>The least time between two checkpoints (at intake's pace, ≈ 2,000 pages of Cases' log).</summary>
    public static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(250);

    /// <summary>How long it goes without a commit seen before it looks anyway (a write no interceptor sees).</summary>
    public static readonly TimeSpan Fallback = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Log pages (64 MB of 4 KB pages) past which the copy is finished in the write turn and the log restarted: a stall
    /// of a few milliseconds (mostly the two fsyncs) every few seconds at intake's pace, not several times a second.
    /// </summary>
    public const long RestartAfter = 16384;

    /// <summary>At most this many checkpoints catch up before the one in the write turn.</summary>
    private const int CatchUpPasses = 3;

    /// <summary>New log pages few enough for the write turn to copy (≈ 25 dossiers of Cases' intake).</summary>
    private const long FewPages = 128;

    /// <summary>The database's write turn (<see cref="WriteTurns"/>), given to its contexts.</summary>
    public WriteGate Gate { get; } = new();

    /// <summary>The last checkpoint failed (told once, not at every try).</summary>
    private bool _failing;

    private readonly CommitSignal _committed = new();

    /// <summary>Tells the checkpointer of each commit; its contexts carry it.</summary>
    public IInterceptor CommitInterceptor => field ??= new CommitSignalInterceptor(_committed);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _committed.WaitAsync(Fallback, stoppingToken);
                if (!schema.IsMigrated)
                {
                    continue;
                }

                var pages = await CheckpointAsync(connection, stoppingToken);
                if (pages > restartAfter)
                {
                    await CatchUpAsync(connection, pages, stoppingToken);
                    using (await Gate.EnterAsync(stoppingToken))
                    {
                        await CheckpointAsync(connection, stoppingToken);
                    }
                }

                await Task.Delay(spacing ?? Spacing, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: SQLite checkpoints the rest when the file's last connection closes (the pool's, at exit).
        }
    }

    /// <summary>
    /// Copies, outside the write turn, what came while the last checkpoint ran, and again, until a pass finds few new
    /// pages: the copy in the turn then has only the last few and its two fsyncs. Without it the turn copied what came
    /// during the checkpoint before it (≈ 500 pages at intake) and held every writer 28–63 ms — the slowest 1 % of
    /// intake's requests; with it 5–33 ms, mostly the fsyncs (measured with a stopwatch around the turn).
    /// </summary>
    private async Task CatchUpAsync(SqliteConnection connection, long pages, CancellationToken cancellationToken)
    {
        for (var pass = 0; pass < CatchUpPasses; pass++)
        {
            var before = pages;
            pages = await CheckpointAsync(connection, cancellationToken);
            if (pages - before < FewPages)
            {
                return;
            }
        }
    }

    /// <summary>Runs a passive checkpoint; returns the pages in the log (0 when it failed, -1 when the file is not in WAL mode).</summary>
    private async Task<long> CheckpointAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            if (connection.State != System.Data.ConnectionState.Open)
            {
                await connection.OpenAsync(cancellationToken);
            }

            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return 0;
            }

            var (pages, copied) = (reader.GetInt64(1), reader.GetInt64(2));
            _failing = false;
            logger.LogTrace("Checkpoint of {Context}: {Copied} of {Pages} log pages in the file", typeof(TContext).Name, copied, pages);
            return pages;
        }
        catch (SqliteException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the driver interrupts the statement.
            return 0;
        }
        catch (SqliteException e)
        {
            // A busy or full disk is the next round's: the log only grows meanwhile, and nothing committed is lost.
            if (!_failing)
            {
                logger.LogWarning(e, "Checkpoint of {Context} failed; trying again after each commit until one succeeds", typeof(TContext).Name);
            }

            _failing = true;
            return 0;
        }
    }
}
