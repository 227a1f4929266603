using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tthc.Contracts.IntegrationEvents;

namespace Tthc.Messaging.Tests;

/// <summary>A publishing service's database (a SQLite file) with an outbox, and a transport the test controls.</summary>
public sealed class TestDbContext(DbContextOptions<TestDbContext> options) : DbContext(options)
{
    public DbSet<Note> Notes => Set<Note>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseSortableInstants();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Note>().HasKey(n => n.Id);
        modelBuilder.AddOutbox();
    }
}

/// <summary>The state change an event reports.</summary>
public sealed class Note
{
    public int Id { get; set; }

    public required string Text { get; set; }
}

/// <summary>Records what it delivered; fails while <see cref="FailuresLeft"/> is positive, or always when <see cref="Broken"/>.</summary>
public sealed class FakeTransport : IEventTransport
{
    public ConcurrentQueue<OutboxMessage> Delivered { get; } = new();

    public int FailuresLeft;

    public volatile bool Broken;

    public int Calls;

    /// <summary>Events the subscriber turns down as malformed (400), whenever they are in a request.</summary>
    public Func<OutboxMessage, bool>? Rejects;

    public Task SendAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Calls);
        if (Broken || Interlocked.Decrement(ref FailuresLeft) >= 0)
        {
            throw new HttpRequestException("subscriber unavailable", null, System.Net.HttpStatusCode.ServiceUnavailable);
        }

        if (Rejects is { } rejects && messages.Any(rejects))
        {
            throw new HttpRequestException("subscriber answered 400", null, System.Net.HttpStatusCode.BadRequest);
        }

        foreach (var message in messages)
        {
            Delivered.Enqueue(message);
        }

        return Task.CompletedTask;
    }
}

public sealed class OutboxHarness : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "tthc-tests", Guid.NewGuid().ToString("N"));

    public OutboxHarness(int maxAttempts = 4)
    {
        Directory.CreateDirectory(_directory);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddDbContext<TestDbContext>(o => o.UseSqlite($"Data Source={Path.Combine(_directory, "test.db")}"));
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton(Options.Create(new MessagingOptions
        {
            Source = "tthc/test",
            MaxAttempts = maxAttempts,
            FirstRetryDelay = TimeSpan.FromSeconds(1),
            MaxRetryDelay = TimeSpan.FromMinutes(1),
        }));
        services.AddSingleton<MessagingMetrics>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<EventPublisher>();
        services.AddSingleton<IEventTransport>(Transport);
        services.AddSingleton<OutboxRelay<TestDbContext>>();
        services.AddSingleton<Microsoft.Extensions.Logging.ILogger<OutboxRelay<TestDbContext>>>(NullLogger<OutboxRelay<TestDbContext>>.Instance);
        Services = services.BuildServiceProvider();
        using var scope = Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TestDbContext>().Database.EnsureCreated();
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero));

    public FakeTransport Transport { get; } = new();

    public ServiceProvider Services { get; }

    public OutboxRelay<TestDbContext> Relay => Services.GetRequiredService<OutboxRelay<TestDbContext>>();

    /// <summary>Saves a note and its event in one transaction, as a service does.</summary>
    public async Task<CaseReceived> SaveWithEventAsync(string caseCode, bool commit = true)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.Notes.Add(new Note { Text = caseCode });
        var received = Event(caseCode);
        scope.ServiceProvider.GetRequiredService<EventPublisher>().Publish(db, received);
        await db.SaveChangesAsync();
        if (commit)
        {
            await transaction.CommitAsync();
        }
        else
        {
            await transaction.RollbackAsync();
        }

        return received;
    }

    public async Task<List<OutboxMessage>> OutboxAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TestDbContext>().Set<OutboxMessage>().AsNoTracking()
            .OrderBy(m => m.Sequence).ToListAsync();
    }

    /// <summary>Runs relay passes, moving the clock past every retry delay, until nothing is due.</summary>
    public async Task RelayUntilQuietAsync(int passes = 20)
    {
        for (var i = 0; i < passes; i++)
        {
            await Relay.RelayOnceAsync(CancellationToken.None);
            Time.Advance(TimeSpan.FromMinutes(2));
        }
    }

    public CaseReceived Event(string caseCode) => new()
    {
        OccurredAt = Time.GetUtcNow(),
        CaseCode = caseCode,
        UnitCode = "000.00.15.H15",
        ProcedureCode = "1.009994",
        Channel = Tthc.Contracts.IntakeChannel.Counter,
        ReceivedAt = Time.GetUtcNow(),
        DueAt = Time.GetUtcNow().AddDays(21),
    };

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
