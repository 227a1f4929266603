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
    private const int Transactions = 600;
    private const int RowsPerTransaction = 8;
    private const int RowBytes = 2048;

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
        using var checkpointer = new SqliteCheckpointer<LogDb>(connectionString, schema, NullLogger<SqliteCheckpointer<LogDb>>.Instance, restartAfter: 100);
        var builder = new DbContextOptionsBuilder<LogDb>();
        builder.UseTthcSqlite(connectionString, checkpointer.Gate, checkpointedElsewhere: true).AddInterceptors(checkpointer);
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

            // A service's pace, not a loop's: several checkpoints (a quarter second apart) fall within the writes.
            await Task.Delay(2);
        }

        await checkpointer.StopAsync(CancellationToken.None);

        // ≈ 10 MB of rows went through the log over a few seconds; between two restarts it takes a checkpoint's spacing.
        var written = (long)Transactions * RowsPerTransaction * RowBytes;
        var log = new FileInfo(Path.Combine(_folder, "log.db-wal")).Length;
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
