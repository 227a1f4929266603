using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Tthc.Database;

namespace Tthc.Messaging.Tests;

/// <summary>
/// A SQLite connection is told its settings once, when it is first opened, not again each time a context takes it back
/// from the pool; a context that tunes the same file otherwise tells it again.
/// </summary>
public sealed class SqliteConnectionTuningTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tthc-tests", Guid.NewGuid().ToString("N"));

    public SqliteConnectionTuningTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_pooled_connection_is_told_its_settings_once_and_again_only_when_another_tuning_opens_it()
    {
        var connectionString = $"Data Source={Path.Combine(_folder, "tuned.db")}";
        var checkpointed = new DbContextOptionsBuilder<TunedDb>();
        checkpointed.UseTthcSqlite(connectionString, new WriteGate(), checkpointedElsewhere: true);
        var plain = new DbContextOptionsBuilder<TunedDb>();
        plain.UseTthcSqlite(connectionString);

        await using (var db = new TunedDb(checkpointed.Options))
        {
            await db.Database.OpenConnectionAsync();
            Assert.Equal(0, await PragmaAsync(db, "PRAGMA wal_autocheckpoint"));
            Assert.Equal(30000, await PragmaAsync(db, "PRAGMA busy_timeout"));
            Assert.Equal(-32768, await PragmaAsync(db, "PRAGMA cache_size"));
            // Changed by hand: a connection told again would be set back.
            await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size=-100;");
        }

        await using (var db = new TunedDb(checkpointed.Options))
        {
            await db.Database.OpenConnectionAsync();
            Assert.Equal(-100, await PragmaAsync(db, "PRAGMA cache_size"));
        }

        await using (var db = new TunedDb(plain.Options))
        {
            await db.Database.OpenConnectionAsync();
            Assert.Equal(1000, await PragmaAsync(db, "PRAGMA wal_autocheckpoint"));
            Assert.Equal(-32768, await PragmaAsync(db, "PRAGMA cache_size"));
        }

        await using (var db = new TunedDb(checkpointed.Options))
        {
            await db.Database.OpenConnectionAsync();
            Assert.Equal(0, await PragmaAsync(db, "PRAGMA wal_autocheckpoint"));
        }
    }

    private static async Task<int> PragmaAsync(DbContext db, string sql) =>
        await db.Database.SqlQueryRaw<int>(sql).ToAsyncEnumerable().SingleAsync();

    private sealed class TunedDb(DbContextOptions<TunedDb> options) : DbContext(options);
}
