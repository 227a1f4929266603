using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Tthc.Database;

namespace Tthc.Messaging.Tests;

public sealed class PreparedRowsTests : IAsyncLifetime
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public async Task InitializeAsync()
    {
        await _connection.OpenAsync();
        await using var db = Context();
        await db.Database.EnsureCreatedAsync();
    }

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    [Fact]
    public async Task Rows_written_by_prepared_statements_read_back_as_ef_core_would_have_written_them()
    {
        var first = Row("a", 1);
        var dated = new DatedRow { Key = "d", On = new DateOnly(2026, 3, 2) };
        await using (var db = Context())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await PreparedRows.AppendAsync(db, [first, Row("b", 2)], CancellationToken.None);
            await PreparedRows.UpsertAsync(db, [Row("b", 20) with { Note = null, Kind = Kind.Late }, Row("c", 3)], CancellationToken.None);
            await PreparedRows.AppendAsync(db, [dated], CancellationToken.None); // a type bound through the provider's parameters
            await transaction.CommitAsync();
        }

        await using var read = Context();
        var rows = await read.Rows.AsNoTracking().OrderBy(r => r.Key).ToListAsync();
        Assert.Equal(["a", "b", "c"], rows.Select(r => r.Key));
        Assert.Equivalent(first, rows[0]);
        Assert.Equal((20L, 20, (string?)null, Kind.Late), (rows[1].Count, rows[1].Small, rows[1].Note, rows[1].Kind));
        Assert.Equal(dated.On, (await read.DatedRows.SingleAsync()).On);
    }

    [Fact]
    public async Task A_guid_key_is_the_rows_own_and_is_found_as_ef_core_stores_it_while_an_integer_key_is_left_to_the_store()
    {
        var notices = new[] { new GuidRow { About = "a" }, new GuidRow { About = "b", Other = Guid.NewGuid() } };
        await using (var db = Context())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await PreparedRows.AppendAsync(db, notices, CancellationToken.None);
            await PreparedRows.AppendAsync(db, [new NumberedRow { Note = "một" }, new NumberedRow { Note = "hai" }], CancellationToken.None);
            await transaction.CommitAsync();
        }

        await using var read = Context();
        // Found by the key EF Core binds (upper-case text on SQLite), and by the nullable one.
        Assert.Equal("a", (await read.GuidRows.SingleAsync(r => r.Id == notices[0].Id)).About);
        Assert.Equal("b", (await read.GuidRows.SingleAsync(r => r.Other == notices[1].Other)).About);
        Assert.Equal([1L, 2L], await read.NumberedRows.OrderBy(r => r.Id).Select(r => r.Id).ToListAsync());
        await using var command = _connection.CreateCommand();
        command.CommandText = "SELECT Id FROM GuidRows WHERE About = 'a'";
        Assert.Equal(notices[0].Id.ToString().ToUpperInvariant(), await command.ExecuteScalarAsync());
    }

    private static PreparedRow Row(string key, int n) => new()
    {
        Key = key, Note = $"ghi chú {n}", Count = n, Small = n, Flag = n % 2 == 0, Ratio = n / 4.0,
        At = new DateTimeOffset(2026, 3, 2, 8, n, 0, TimeSpan.FromHours(7)), Kind = Kind.Early, Tags = ["x", key],
    };

    private RowsContext Context() => new(new DbContextOptionsBuilder<RowsContext>().UseSqlite(_connection).Options);

    public enum Kind
    {
        Early,
        Late,
    }

    public sealed record PreparedRow
    {
        public required string Key { get; init; }

        public string? Note { get; init; }

        public long Count { get; init; }

        public int Small { get; init; }

        public bool Flag { get; init; }

        public double Ratio { get; init; }

        public DateTimeOffset? At { get; init; }

        public Kind Kind { get; init; }

        public List<string> Tags { get; init; } = [];
    }

    public sealed class DatedRow
    {
        public required string Key { get; init; }

        public DateOnly On { get; init; }
    }

    public sealed class GuidRow
    {
        public Guid Id { get; init; } = Guid.CreateVersion7();

        public required string About { get; init; }

        public Guid? Other { get; init; }
    }

    public sealed class NumberedRow
    {
        public long Id { get; init; }

        public required string Note { get; init; }
    }

    private sealed class RowsContext(DbContextOptions<RowsContext> options) : DbContext(options)
    {
        public DbSet<PreparedRow> Rows => Set<PreparedRow>();

        public DbSet<DatedRow> DatedRows => Set<DatedRow>();

        public DbSet<GuidRow> GuidRows => Set<GuidRow>();

        public DbSet<NumberedRow> NumberedRows => Set<NumberedRow>();

        protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
            configurationBuilder.UseSortableInstants();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<PreparedRow>(row =>
            {
                row.HasKey(r => r.Key);
                row.Property(r => r.Kind).HasConversion<string>();
                row.PrimitiveCollection(r => r.Tags);
            });
            modelBuilder.Entity<DatedRow>().HasKey(r => r.Key);
        }
    }
}
