using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Tthc.Database;

namespace Tthc.Messaging.Tests;

/// <summary>
/// A service's SQLite log is copied into the file by the background checkpointer, not by the commit that fills it, and
/// still starts again from its beginning while writes go on: it stays a fraction of what went through it. Without the
/// checkpointer's last step in the write turn it grew by everything written (a write always came before the restart).
/// </summary>
public sealed class SqliteCheckpointerTests : IAsyncLifetime
{
    private const int Transactions = 2000;
    private const int RowsPerTransaction = 8;
    private const int RowBytes = 512;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tthc-tests", Guid.NewGuid().ToString("N"));

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Writes_without_pause_commit_without_checkpointing_and_the_log_still_starts_again()
    {
        var connectionString = $"Data Source={Path.Combine(_folder, "log.db")}";
        var schema = new SchemaState<LogDb>();
        schema.Migrated();
        using var checkpointer = new SqliteCheckpointer<LogDb>(connectionString, schema, NullLogger<SqliteCheckpointer<LogDb>>.Instance,
            restartAfter: 100, spacing: TimeSpan.FromMilliseconds(20));
        var builder = new DbContextOptionsBuilder<LogDb>();
        builder.UseTthcSqlite(connectionString, checkpointer.Gate, checkpointedElsewhere: true).AddInterceptors(checkpointer.CommitInterceptor);
        var options = builder.Options;
        await using (var db = new LogDb(options))
        {
            await db.Database.EnsureCreatedAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            Assert.Equal(0, await db.Database.SqlQueryRaw<int>("PRAGMA wal_autocheckpoint").ToAsyncEnumerable().SingleAsync());
        }

        await checkpointer.StartAsync(CancellationToken.None);
        for (var t = 0; t < Transactions; t++)
        {
            await using (var db = new LogDb(options))
            using (await db.WriteTurnAsync(CancellationToken.None))
            {
                db.Rows.AddRange(Enumerable.Range(0, RowsPerTransaction).Select(_ => new LogRow { Payload = new byte[RowBytes] }));
                await db.SaveChangesAsync();
            }

            // SQLite's driver completes its async calls at once: without a yield this loop would keep its thread, and
            // on two cores starve the checkpointer's. Writes still come back to back, as at intake.
            await Task.Yield();
        }

        // 8 MB of rows (tens of MB of log pages) went through the log. Between two restarts it takes the pages written
        // during one checkpoint round: ≈ 1 MB here, 7-13 MB without the last step in the write turn.
        // Measured while the checkpointer's connection keeps the file open (the last to close deletes the log).
        var written = (long)Transactions * RowsPerTransaction * RowBytes;
        var log = new FileInfo(Path.Combine(_folder, "log.db-wal")).Length;
        await checkpointer.StopAsync(CancellationToken.None);
        Assert.True(log < written / 2, $"the log holds {log:N0} bytes of the {written:N0} written");
        await using (var db = new LogDb(options))
        {
            Assert.Equal(Transactions * RowsPerTransaction, await db.Rows.CountAsync());
        }
    }

    private sealed class LogDb(DbContextOptions<LogDb> options) : DbContext(options)
    {
        public DbSet<LogRow> Rows => Set<LogRow>();
    }

    private sealed class LogRow
    {
        public long Id { get; set; }

        public required byte[] Payload { get; set; }
    }
}
