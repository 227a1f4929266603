extern alias ReportingService;

using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ReportingService::Tthc.Reporting.Data;
using ReportingService::Tthc.Reporting.Domain;

namespace Tthc.Reporting.Tests;

/// <summary>
/// A flush writes each table with one statement, whose columns are those any of its rows changes: a row that changes
/// fewer adds zero to the others, and a row already stored keeps what it had in every column the flush does not change.
/// </summary>
public sealed class CounterBufferTests : IAsyncLifetime
{
    private static readonly DateOnly Day = new(2026, 12, 3);
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"tthc-counter-buffer-{Guid.NewGuid():N}.db");

    private ReportingDbContext NewContext() => new(new DbContextOptionsBuilder<ReportingDbContext>().UseSqlite($"Data Source={_path}").Options);

    public async Task InitializeAsync()
    {
        await using var db = NewContext();
        await db.Database.MigrateAsync();
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Rows_changing_different_columns_in_one_flush_each_get_their_own_changes_and_keep_the_rest()
    {
        // Stored before: unit A has a refusal and two counter receipts this day.
        await FlushAsync(buffer =>
        {
            buffer.Add("A", Day, Column.Refused, 1);
            buffer.Add("A", Day, Column.ReceivedCounter, 2);
        });

        // One flush: A gets one more counter receipt; B an online receipt and a resolution on time; C a change that cancels out.
        await FlushAsync(buffer =>
        {
            buffer.Add("A", Day, Column.ReceivedCounter, 1);
            buffer.Add("B", Day, Column.ReceivedOnline, 1);
            buffer.Add("B", Day, Column.ResolvedOnTime, 1);
            buffer.Add("C", Day, Column.Stopped, 1);
            buffer.Add("C", Day, Column.Stopped, -1);
        });

        await using var db = NewContext();
        var days = await db.Set<UnitDayCounter>().AsNoTracking().ToDictionaryAsync(c => c.UnitCode);
        Assert.Equal(["A", "B"], days.Keys.Order());
        Assert.Equal(Expected(("ReceivedCounter", 3), ("Refused", 1), ("OpenNet", 2)), Stored(days["A"]));
        Assert.Equal(Expected(("ReceivedOnline", 1), ("ResolvedOnTime", 1)), Stored(days["B"]));

        var years = await db.Set<UnitYearCounter>().AsNoTracking().ToDictionaryAsync(c => c.UnitCode);
        Assert.Equal(Stored(days["A"]), Stored(years["A"]));
        Assert.Equal(Stored(days["B"]), Stored(years["B"]));
    }

    private async Task FlushAsync(Action<CounterBuffer> changes)
    {
        await using var db = NewContext();
        var buffer = new CounterBuffer();
        changes(buffer);
        await using var transaction = await db.Database.BeginTransactionAsync();
        await buffer.FlushAsync(db, CancellationToken.None);
        await transaction.CommitAsync();
    }

    private static Dictionary<string, long> Stored(Counters counters) =>
        Counters.StoredColumns.Zip(counters.Values()).Where(c => c.Second != 0).ToDictionary(c => c.First, c => c.Second);

    private static Dictionary<string, long> Expected(params (string Column, long Value)[] values) =>
        values.ToDictionary(v => v.Column, v => v.Value);
}
