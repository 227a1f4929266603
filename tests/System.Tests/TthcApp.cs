using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// One app at a time: two would share this machine's two cores and the orchestrator's patience.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Tthc.System.Tests;

/// <summary>Test classes in this collection share one running app.</summary>
[CollectionDefinition(Name)]
public sealed class TthcAppCollection : ICollectionFixture<TthcApp>
{
    public const string Name = "tthc app";
}

/// <summary>
/// Test classes that are rough with their app — stop a service, use up the public rate limits — share another one, so
/// that the classes of <see cref="TthcAppCollection"/> find theirs whole. They run one after the other, each leaving it
/// running (a stopped service is started again).
/// </summary>
[CollectionDefinition(Name)]
public sealed class RoughAppCollection : ICollectionFixture<TthcApp>
{
    public const string Name = "tthc app for rough tests";
}

/// <summary>
/// The whole Tthc app as <c>dotnet run --project src/AppHost</c> starts it, on a data folder of its own; one per
/// collection of test classes, because starting it takes most of a test's time.
/// </summary>
public sealed class TthcApp : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "tthc-system-tests", Guid.NewGuid().ToString("N"));

    public DistributedApplication App { get; private set; } = null!;

    public static readonly string[] Resources = ["cases", "apologies", "reporting", "feedback", "notifications", "gateway", "web"];

    /// <summary>
    /// The database the app runs on: SQLite files by default; <c>TTHC_TEST_DATABASE=postgres</c> runs the same tests on
    /// a PostgreSQL the AppHost starts, with two replicas of Cases, Apologies and Reporting (CI runs both).
    /// </summary>
    public static string Provider => Environment.GetEnvironmentVariable("TTHC_TEST_DATABASE") is { Length: > 0 } configured ? configured : "sqlite";

    public async Task InitializeAsync()
    {
        using var cts = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [$"--TTHC_DATA_DIR={_dataDirectory}", $"--Database:Provider={Provider}"], cts.Token);
        // The testing host runs no dashboard, yet tells the services to export to one: their exporters would retry
        // against a closed port and hold every stop past the orchestrator's patience. No export in tests.
        foreach (var resource in Resources)
        {
            builder.CreateResourceBuilder<Aspire.Hosting.ApplicationModel.ProjectResource>(resource).WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", "");
        }

        // The gateway of a developer's running app holds 8088/8089: this one goes behind the orchestrator's proxy, on
        // ports the test host picks.
        builder.CreateResourceBuilder<Aspire.Hosting.ApplicationModel.ProjectResource>("gateway")
            .WithEndpoint("http", e => (e.IsProxied, e.TargetPort) = (true, null), createIfNotExists: false)
            .WithEndpoint("grpc", e => (e.IsProxied, e.TargetPort) = (true, null), createIfNotExists: false);

        // The testing host forwards each service's console to its own logging, as category "<AppHost>.Resources.<name>".
        builder.Services.AddLogging(logging => logging.AddProvider(new LineCollector(_logLines)));

        App = await builder.BuildAsync(cts.Token);
        await App.StartAsync(cts.Token);
        // Each instance on its own: a resource's replicas (two of Cases, Apologies and Reporting on PostgreSQL) report
        // apart, and the orchestrator's waits by name do not tell them apart; their latest snapshots are kept here.
        _watch = Task.Run(async () =>
        {
            try
            {
                await foreach (var change in App.ResourceNotifications.WatchAsync(_stopping.Token))
                {
                    if (Resources.Contains(change.Resource.Name))
                    {
                        _latest[change.ResourceId] = (change.Resource.Name, change.Snapshot);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        foreach (var resource in Resources)
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, cts.Token);
        }

        while (!Resources.All(r => InstancesOf(r).Count == ReplicasOf(r) && InstancesOf(r).All(IsHealthy)))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), cts.Token);
        }
    }

    private readonly CancellationTokenSource _stopping = new();

    private Task _watch = Task.CompletedTask;

    private readonly global::System.Collections.Concurrent.ConcurrentDictionary<string, (string Resource, CustomResourceSnapshot Snapshot)> _latest = new();

    /// <summary>Whether an instance (a replica) last reported running and healthy.</summary>
    public bool IsHealthy(string instance) =>
        _latest.TryGetValue(instance, out var latest) && latest.Snapshot.State?.Text == "Running"
        && latest.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy;

    /// <summary>The state an instance last reported (Running, Exited, Finished…).</summary>
    public string? StateOf(string instance) => _latest.TryGetValue(instance, out var latest) ? latest.Snapshot.State?.Text : null;

    /// <summary>Waits until an instance's latest report says what <paramref name="condition"/> wants.</summary>
    public async Task WaitForInstanceAsync(string instance, Func<string, bool> condition, CancellationToken cancellationToken)
    {
        while (!condition(instance))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }

    /// <summary>How many instances of a resource run: two of each stateful service on PostgreSQL, else one.</summary>
    private static int ReplicasOf(string resource) => Provider.ToLowerInvariant() is "postgres" or "postgresql" && resource is not ("gateway" or "web") ? 2 : 1;

    /// <summary>The running instances of a resource: its name, or its replicas' names (PostgreSQL mode runs two).</summary>
    public IReadOnlyList<string> InstancesOf(string resource) =>
        _latest.Where(i => i.Value.Resource == resource).Select(i => i.Key).Order(StringComparer.Ordinal).ToList();

    /// <summary>Every line the services wrote (console logs: what an operator sees on the dashboard), from their start.</summary>
    public IReadOnlyCollection<string> LogLines => _logLines;

    private readonly global::System.Collections.Concurrent.ConcurrentQueue<string> _logLines = new();
    public async Task DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _watch;
        await App.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder; not worth failing for.
        }
    }

    /// <summary>The gateway's REST endpoint, as a web or mobile client reaches it.</summary>
    public HttpClient Gateway() => App.CreateHttpClient("gateway", "http");

    /// <summary>The web app's own endpoint, behind the gateway: what it answers itself, before the gateway could.</summary>
    public Uri WebDirect => App.GetEndpoint("web", "http");

    /// <summary>The gateway's gRPC (HTTP/2) endpoint, as the provincial data platform reaches it.</summary>
    public Uri GatewayGrpc => App.GetEndpoint("gateway", "grpc");

    /// <summary>A token from the gateway's development endpoint, as the README tells a newcomer to get one; a leader is
    /// named (the letters they sign print it).</summary>
    public async Task<string> DevTokenAsync(string role, string? unit = null, string? name = null, string? title = null)
    {
        if (role == "leader")
        {
            (name, title) = (name ?? "Trần Thị Hồng Nhung", title ?? "Phó Giám đốc");
        }

        var response = await Gateway().PostAsJsonAsync("/dev/token", new { role, unit, name, title });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    public async Task<HttpClient> GatewayAsAsync(string role, string? unit = null)
    {
        var client = Gateway();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await DevTokenAsync(role, unit));
        return client;
    }
}

/// <summary>Keeps the lines the services wrote, as the testing host forwards them.</summary>
internal sealed class LineCollector(global::System.Collections.Concurrent.ConcurrentQueue<string> lines) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => categoryName.Contains(".Resources.", StringComparison.Ordinal)
        ? new Collector(categoryName, lines)
        : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class Collector(string category, global::System.Collections.Concurrent.ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{category}: {formatter(state, exception)}");
    }
}
