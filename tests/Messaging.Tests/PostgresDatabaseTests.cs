using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Tthc.Database;

namespace Tthc.Messaging.Tests;

/// <summary>
/// The database library's PostgreSQL side, on a real server: what the replicas' correctness rests on (one leader per
/// task, numbers that neither repeat nor skip under concurrent writers, a unique key's refusal recognised) and the rows
/// written in batches.
/// </summary>
public sealed class PostgresDatabaseTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Rows_written_in_batches_read_back_as_ef_core_would_have_written_them()
    {
        await using var db = await NewAsync();
        var rows = Enumerable.Range(0, 2500).Select(i => new Row { Key = $"k{i:D4}", Number = i, Note = i % 3 == 0 ? null : $"ghi chú {i}", At = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.FromHours(7)).AddMinutes(i), Tags = ["x", $"{i}"] }).ToList();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await PreparedRows.AppendAsync(db, rows, CancellationToken.None);
            await PreparedRows.UpsertAsync(db, [rows[7] with { Number = 70, Note = null }, rows[8] with { Note = "nul\0here" }], CancellationToken.None);
            await transaction.CommitAsync();
        }

        var read = await db.Rows.AsNoTracking().OrderBy(r => r.Key).ToListAsync();
        Assert.Equal(2500, read.Count);
        Assert.Equivalent(rows[1], read[1]);
        Assert.Equal((70L, (string?)null), (read[7].Number, read[7].Note));
        Assert.Equal(rows[2499].At, read[2499].At);
        Assert.Equal("nul\uFFFDhere", read[8].Note); // PostgreSQL cannot hold a NUL
    }

    [Fact]
    public async Task One_replica_leads_a_task_at_a_time_and_the_turn_passes_when_it_ends()
    {
        var connection = server.NewDatabase();
        await using var first = await NewAsync(connection);
        await using var second = New(connection);

        await using (var lead = await first.TryLeadAsync("outbox", CancellationToken.None))
        {
            Assert.NotNull(lead);
            Assert.Null(await second.TryLeadAsync("outbox", CancellationToken.None));
            await using (var other = await second.TryLeadAsync("deadline-watch", CancellationToken.None))
            {
                Assert.NotNull(other); // another task's turn is its own
            }

            await lead!.CompleteAsync(CancellationToken.None);
        }

        await using var next = await second.TryLeadAsync("outbox", CancellationToken.None);
        Assert.NotNull(next);
    }

    [Fact]
    public async Task Writers_of_the_same_thing_take_turns_and_a_rebuild_waits_for_every_delivery()
    {
        var connection = server.NewDatabase();
        await using var first = await NewAsync(connection);
        await using var second = New(connection);
        await using var third = New(connection);

        await using var held = await first.Database.BeginTransactionAsync();
        await first.LockAsync(["deliveries"], shared: true, CancellationToken.None);
        await first.LockAsync(["subject:X", "subject:Y"], shared: false, CancellationToken.None);

        await using var other = await second.Database.BeginTransactionAsync();
        await second.LockAsync(["deliveries"], shared: true, CancellationToken.None); // deliveries share
        var sameDossier = second.LockAsync(["subject:Y"], shared: false, CancellationToken.None);
        await using var rebuild = await third.Database.BeginTransactionAsync();
        var rebuilding = third.LockAsync(["deliveries"], shared: false, CancellationToken.None);
        await Task.Delay(300);
        Assert.False(sameDossier.IsCompleted);
        Assert.False(rebuilding.IsCompleted);

        await held.CommitAsync();
        await sameDossier.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(rebuilding.IsCompleted); // the second delivery still holds it shared
        await other.CommitAsync();
        await rebuilding.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_feed_waits_for_a_gap_to_settle_on_postgresql_and_never_on_sqlite()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var gaps = new FeedGaps(clock, TimeSpan.FromSeconds(5));
        long[] ids = [11, 12, 14, 15];
        Assert.Equal(2, gaps.Ready(10, ids, id => id)); // 13 may still commit
        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(0, gaps.Ready(12, [14, 15], id => id));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, gaps.Ready(12, [14, 15], id => id)); // rolled back: passed on
        Assert.Equal(4, new FeedGaps(clock, TimeSpan.Zero).Ready(10, ids, id => id));
    }

    [Fact]
    public async Task Writers_taking_numbers_at_once_each_get_their_own_without_gaps()
    {
        var connection = server.NewDatabase();
        await using (var db = await NewAsync(connection))
        {
            await db.Database.ExecuteSqlRawAsync("""CREATE TABLE series ("Name" text PRIMARY KEY, "Last" integer NOT NULL)""");
        }

        // As Cases takes a unit-day's numbers: one upsert that moves the row and keeps it locked until the commit. Some
        // writers roll back: their numbers are given back, not lost.
        var kept = new global::System.Collections.Concurrent.ConcurrentBag<int>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 40), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            await using var db = New(connection);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var last = (await db.Database.SqlQuery<int>($"""
                INSERT INTO series ("Name", "Last") VALUES ('unit', 2) ON CONFLICT ("Name") DO UPDATE SET "Last" = series."Last" + 2
                RETURNING "Last" AS "Value"
                """).ToListAsync(ct)).Single();
            if (i % 5 == 4)
            {
                await transaction.RollbackAsync(ct);
                return;
            }

            await transaction.CommitAsync(ct);
            kept.Add(last - 1);
            kept.Add(last);
        });

        Assert.Equal(Enumerable.Range(1, 64), kept.Order());
    }

    [Fact]
    public async Task A_second_row_under_a_unique_key_is_recognised_on_both_providers()
    {
        await using var postgres = await NewAsync();
        await AssertSecondRowRefusedAsync(postgres);

        await using var memory = new SqliteConnection("Data Source=:memory:");
        await memory.OpenAsync();
        await using var sqlite = new RowsContext(new DbContextOptionsBuilder<RowsContext>().UseSqlite(memory).Options);
        await sqlite.Database.EnsureCreatedAsync();
        await AssertSecondRowRefusedAsync(sqlite);
    }

    private static async Task AssertSecondRowRefusedAsync(RowsContext db)
    {
        db.Rows.Add(new Row { Key = "same", Tags = [] });
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        db.Rows.Add(new Row { Key = "same", Tags = [] });
        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.True(DatabaseErrors.IsUniqueViolation(refused));
        Assert.False(DatabaseErrors.IsUniqueViolation(new InvalidOperationException("other")));
    }

    private async Task<RowsContext> NewAsync(string? connection = null)
    {
        var db = New(connection ?? server.NewDatabase());
        await db.Database.EnsureCreatedAsync();
        return db;
    }

    private static RowsContext New(string connection) => new(new DbContextOptionsBuilder<RowsContext>().UseNpgsql(connection).Options);

    public sealed record Row
    {
        public required string Key { get; init; }

        public long Number { get; init; }

        public string? Note { get; init; }

        public DateTimeOffset? At { get; init; }

        public List<string> Tags { get; init; } = [];
    }

    private sealed class RowsContext(DbContextOptions<RowsContext> options) : DbContext(options)
    {
        public DbSet<Row> Rows => Set<Row>();

        protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
            configurationBuilder.UseSortableInstants();

        protected override void OnModelCreating(ModelBuilder modelBuilder) =>
            modelBuilder.Entity<Row>(row =>
            {
                row.HasKey(r => r.Key);
                row.PrimitiveCollection(r => r.Tags);
            });
    }
}
