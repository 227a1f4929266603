using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tthc.Contracts;
using Tthc.Contracts.IntegrationEvents;
using Tthc.Database;

namespace Tthc.Messaging.Tests;

/// <summary>
/// Work waiting for a commit (<see cref="CommitActions"/>): the relay is woken by the commits that wrote outbox rows —
/// saved with the context or written by the publisher — and by no other (a subscriber's deliveries, which write none,
/// used to wake it to find nothing); a worker asked to look at what a transaction wrote is woken after its commit.
/// </summary>
public sealed class CommitActionsTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "tthc-tests", Guid.NewGuid().ToString("N"));
    private readonly OutboxSignal _signal = new();
    private readonly EventPublisher _publisher;
    private readonly DbContextOptions<TestDbContext> _options;

    public CommitActionsTests()
    {
        Directory.CreateDirectory(_directory);
        _publisher = new(Options.Create(new MessagingOptions { Source = "tthc/test" }), TimeProvider.System, _signal);
        _options = new DbContextOptionsBuilder<TestDbContext>()
            .UseSqlite($"Data Source={Path.Combine(_directory, "test.db")}")
            .AddInterceptors(CommitActions.Interceptor)
            .Options;
        using var db = new TestDbContext(_options);
        db.Database.EnsureCreated();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_commit_that_saved_an_event_wakes_the_relay_and_one_without_does_not()
    {
        await using var db = new TestDbContext(_options);
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            db.Notes.Add(new Note { Text = "a" });
            _publisher.Publish(db, Event("A"));
            await db.SaveChangesAsync();
            Assert.False(Woken(), "woken before the commit");
            await transaction.CommitAsync();
        }

        Assert.True(Woken());

        // The same context again: a note alone, as a delivery writes its read model.
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            db.Notes.Add(new Note { Text = "b" });
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        Assert.False(Woken());
    }

    [Fact]
    public async Task A_save_outside_a_transaction_wakes_the_relay_when_it_holds_an_event()
    {
        await using var db = new TestDbContext(_options);
        db.Notes.Add(new Note { Text = "a" });
        await db.SaveChangesAsync();
        Assert.False(Woken());

        _publisher.Publish(db, Event("A"));
        await db.SaveChangesAsync();
        Assert.True(Woken());
    }

    [Fact]
    public async Task Rows_the_publisher_writes_itself_wake_the_relay_at_the_commit()
    {
        await using var db = new TestDbContext(_options);
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await _publisher.WriteAsync(db, [_publisher.ToOutbox(Event("A")), _publisher.ToOutbox(Event("B"))], CancellationToken.None);
            Assert.False(Woken(), "woken before the commit");
            await transaction.CommitAsync();
        }

        Assert.True(Woken());
        Assert.Equal(2, await db.Set<OutboxMessage>().CountAsync());
    }

    [Fact]
    public async Task A_rolled_back_event_wakes_nothing_then_or_at_the_next_commit()
    {
        await using var db = new TestDbContext(_options);
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await _publisher.WriteAsync(db, [_publisher.ToOutbox(Event("A"))], CancellationToken.None);
            await transaction.RollbackAsync();
        }

        Assert.False(Woken());
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            db.Notes.Add(new Note { Text = "a" });
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        Assert.False(Woken());
        Assert.Equal(0, await db.Set<OutboxMessage>().CountAsync());
    }

    [Fact]
    public async Task An_action_waits_for_the_commit_runs_once_however_often_asked_and_not_after_a_rollback()
    {
        var worker = new Worker();
        await using var db = new TestDbContext(_options);
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            db.Notes.Add(new Note { Text = "a" });
            await db.SaveChangesAsync();
            db.AfterCommit(worker.Wake);
            db.AfterCommit(worker.Wake);
            Assert.Equal(0, worker.Woken);
            await transaction.CommitAsync();
        }

        Assert.Equal(1, worker.Woken);

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            db.AfterCommit(worker.Wake);
            await transaction.RollbackAsync();
        }

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await transaction.CommitAsync();
        }

        Assert.Equal(1, worker.Woken);
    }

    private sealed class Worker
    {
        public int Woken { get; private set; }

        public void Wake() => Woken++;
    }

    private bool Woken() => _signal.WaitAsync(TimeSpan.Zero, CancellationToken.None).GetAwaiter().GetResult();

    private static readonly DateTimeOffset At = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(7));

    private static CaseReceived Event(string code) => new()
    {
        OccurredAt = At,
        CaseCode = code,
        UnitCode = "000.00.15.H15",
        ProcedureCode = "1.009994",
        Channel = IntakeChannel.Counter,
        ReceivedAt = At,
        DueAt = At.AddDays(21),
    };
}
