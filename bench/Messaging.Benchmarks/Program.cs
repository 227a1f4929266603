using System.Diagnostics;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tthc.Contracts.IntegrationEvents;
using Tthc.Database;
using Tthc.Messaging;
using Tthc.Messaging.Benchmarks;

// Relay throughput with the direct transport, on this machine:
//   dotnet run -c Release --project bench/Messaging.Benchmarks [-- events]
// A publisher (outbox on SQLite) and a subscriber (inbox on SQLite, behind Kestrel on loopback) in one process, the
// same code the services run. Phase 1 drains a backlog; phase 2 writes events as a busy office would and measures
// the lag from commit to delivery.
//
//   dotnet run -c Release --project bench/Messaging.Benchmarks -- envelope
// times writing an outbox envelope and making an event id instead (BenchmarkDotNet, in process).
if (args is ["envelope", ..])
{
    BenchmarkRunner.Run([typeof(EnvelopeBenchmarks), typeof(EventIdBenchmarks), typeof(BatchReadBenchmarks)], DefaultConfig.Instance
        .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortRun, in process"))
        .WithOptions(ConfigOptions.DisableOptimizationsValidator));
    return;
}

var backlog = args.Length > 0 ? int.Parse(args[0]) : 20_000;
var folder = Path.Combine(Path.GetTempPath(), "tthc-bench", Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(folder);

await using var subscriber = await Subscriber.StartAsync(folder);
await using var publisher = Publisher.Create(folder, subscriber.Address);

// Phase 1: a backlog (as after a subscriber outage), drained by one relay.
await publisher.WriteAsync(backlog, perTransaction: 500);
var clock = Stopwatch.StartNew();
while (await publisher.Relay.RelayOnceAsync(CancellationToken.None) || await publisher.PendingAsync() > 0)
{
}

clock.Stop();
var handled = await subscriber.HandledAsync();
Console.WriteLine($"backlog: {backlog:N0} events delivered in {clock.Elapsed.TotalSeconds:F2} s = {backlog / clock.Elapsed.TotalSeconds:N0} events/s (subscriber handled {handled:N0})");

// Phase 2: events written live, one per transaction, from 8 writers; the relay runs as in a service.
using var stop = new CancellationTokenSource();
var relayLoop = publisher.Relay.StartAsync(stop.Token);
const int live = 5_000;
clock.Restart();
await Parallel.ForEachAsync(Enumerable.Range(0, live), new ParallelOptions { MaxDegreeOfParallelism = 8 },
    async (_, _) => await publisher.WriteAsync(1, perTransaction: 1));
while (await publisher.PendingAsync() > 0)
{
    await Task.Delay(10);
}

clock.Stop();
await publisher.Relay.StopAsync(CancellationToken.None);
var lags = await publisher.LagsAsync(live);
Console.WriteLine($"live:    {live:N0} events written and delivered in {clock.Elapsed.TotalSeconds:F2} s = {live / clock.Elapsed.TotalSeconds:N0} events/s; " +
                  $"lag p50 {Percentile(lags, 0.50):F1} ms, p99 {Percentile(lags, 0.99):F1} ms");
Console.WriteLine($"subscriber handled {await subscriber.HandledAsync():N0} of {backlog + live:N0} (each exactly once)");

static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];

internal sealed class BenchDb(DbContextOptions<BenchDb> options) : DbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseSortableInstants();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddOutbox().AddInbox();
}

internal sealed class Publisher : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private Publisher(ServiceProvider services) => _services = services;

    public OutboxRelay<BenchDb> Relay => _services.GetRequiredService<OutboxRelay<BenchDb>>();

    public static Publisher Create(string folder, string subscriber)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(s => new Tthc.Database.CommitSignalInterceptor(s.GetRequiredService<OutboxSignal>()));
        services.AddDbContext<BenchDb>((sp, o) => o
            .UseTthcSqlite($"Data Source={Path.Combine(folder, "publisher.db")}")
            .AddInterceptors(sp.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>()));
        services.AddSingleton(Options.Create(new MessagingOptions { Source = "tthc/bench", Subscribers = [subscriber], PollInterval = TimeSpan.FromMilliseconds(200) }));
        services.AddSingleton<MessagingMetrics>();
        services.AddSingleton<EventPublisher>();
        // The relay's deliveries carry a service credential; the subscriber below takes this one in place of a JWT.
        services.AddHttpClient(DirectTransport.HttpClientName, client => client.DefaultRequestHeaders.Authorization = new("Bearer", Subscriber.Credential));
        services.AddSingleton<IEventTransport, DirectTransport>();
        services.AddSingleton<OutboxRelay<BenchDb>>();
        var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BenchDb>();
        db.Database.EnsureCreated();
        db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
        return new Publisher(provider);
    }

    public async Task WriteAsync(int count, int perTransaction)
    {
        for (var written = 0; written < count; written += perTransaction)
        {
            await using var scope = _services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BenchDb>();
            var publisher = scope.ServiceProvider.GetRequiredService<EventPublisher>();
            for (var i = 0; i < Math.Min(perTransaction, count - written); i++)
            {
                var code = $"000.00.15.H15-260302-{Guid.NewGuid():N}";
                publisher.Publish(db, new CaseReceived
                {
                    OccurredAt = DateTimeOffset.UtcNow, CaseCode = code, UnitCode = "000.00.15.H15", ProcedureCode = "1.009994",
                    Channel = Tthc.Contracts.IntakeChannel.Counter, ReceivedAt = DateTimeOffset.UtcNow, DueAt = DateTimeOffset.UtcNow.AddDays(21),
                });
            }

            // As the services do: writers queue at the gate with the relay instead of polling SQLite's lock.
            using (await db.WriteTurnAsync(CancellationToken.None))
            {
                await db.SaveChangesAsync();
            }
        }
    }

    public async Task<int> PendingAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BenchDb>().Set<OutboxMessage>().CountAsync(m => m.Status == OutboxStatus.Pending);
    }

    /// <summary>Commit-to-delivery lags (ms) of the last <paramref name="count"/> events, sorted.</summary>
    public async Task<List<double>> LagsAsync(int count)
    {
        await using var scope = _services.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<BenchDb>().Set<OutboxMessage>().AsNoTracking()
            .OrderByDescending(m => m.Sequence).Take(count).ToListAsync();
        return rows.Select(r => (r.SentAt!.Value - r.CreatedAt).TotalMilliseconds).Order().ToList();
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();
}

internal sealed class Subscriber : IAsyncDisposable
{
    private readonly WebApplication _app;

    private Subscriber(WebApplication app, string address) => (_app, Address) = (app, address);

    /// <summary>host:port, as a service-discovery name would resolve.</summary>
    public string Address { get; }

    /// <summary>The relay's credential in this benchmark.</summary>
    public const string Credential = "bench-service";

    public static async Task<Subscriber> StartAsync(string folder)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddDbContext<BenchDb>(o => o
            .UseTthcSqlite($"Data Source={Path.Combine(folder, "subscriber.db")}"));
        builder.AddMessagingBasics();
        builder.Services.AddIntegrationEventHandler<CaseReceived, CountingHandler>();
        var app = builder.Build();
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BenchDb>();
            db.Database.EnsureCreated();
            db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
        }

        // Stands in for the services' JWT handler: the topic endpoints take events only from a caller in role service.
        app.Use((http, next) =>
        {
            if (http.Request.Headers.Authorization == $"Bearer {Credential}")
            {
                http.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
                    [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, MessagingOptions.ServiceRole)], "bench"));
            }

            return next(http);
        });
        app.MapEventSubscriptions<BenchDb>();
        await app.StartAsync();
        var address = new Uri(app.Urls.First()).Authority;
        return new Subscriber(app, address);
    }

    public async Task<int> HandledAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BenchDb>().Set<InboxMessage>().CountAsync();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    /// <summary>The inbox record is the effect: what the benchmark measures is the path, not a handler.</summary>
    private sealed class CountingHandler : IIntegrationEventHandler<CaseReceived>
    {
        public Task HandleAsync(CaseReceived integrationEvent, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
