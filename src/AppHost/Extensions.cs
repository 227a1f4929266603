using System.Globalization;

namespace Tthc.AppHost;

internal static class Extensions
{
    /// <summary>
    /// The folder that holds the services' SQLite files: <c>TTHC_DATA_DIR</c> when set, else <c>.data/</c> at the
    /// repository root.
    /// </summary>
    public static string AddTthcDataDirectory(this IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration["TTHC_DATA_DIR"];
        var directory = string.IsNullOrWhiteSpace(configured)
            ? Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "..", ".data"))
            : Path.GetFullPath(configured);
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>
    /// What every Tthc process is given: the data folder, the token key, a health check on /health, and the share of
    /// traces to keep.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithTthcServiceDefaults(
        this IResourceBuilder<ProjectResource> service, string dataDirectory, IResourceBuilder<ParameterResource> jwtSigningKey)
    {
        service
            .WithEnvironment("TTHC_DATA_DIR", dataDirectory)
            .WithEnvironment("Jwt__SigningKey", jwtSigningKey)
            .WithHttpHealthCheck("/health", endpointName: "http");

        // Every trace by default (a laptop, a developer). Under a province's load, tracing every request costs the
        // services and the dashboard more than the work traced: Telemetry:TraceSampleRatio (0–1) keeps that share of
        // new traces, and a kept trace is kept whole across services (parent-based).
        if (service.ApplicationBuilder.Configuration["Telemetry:TraceSampleRatio"] is { Length: > 0 } configured)
        {
            if (!double.TryParse(configured, NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio) || ratio is < 0 or > 1)
            {
                throw new InvalidOperationException($"Telemetry:TraceSampleRatio must be a number from 0 to 1, not '{configured}'.");
            }

            service
                .WithEnvironment("OTEL_TRACES_SAMPLER", "parentbased_traceidratio")
                .WithEnvironment("OTEL_TRACES_SAMPLER_ARG", ratio.ToString(CultureInfo.InvariantCulture));
        }

        return service;
    }

    /// <summary>
    /// The service's REST and gRPC endpoints without the orchestrator's local proxy in front: service discovery hands
    /// callers the service's own port, so each call between services is one hop, not two (the proxy cost a sixth of
    /// a core at 1,000 intakes a second). The port too is left to the orchestrator, so two apps (a developer's and a
    /// test's) never collide.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithDirectEndpoints(this IResourceBuilder<ProjectResource> service) =>
        service
            .WithEndpoint("http", e => (e.IsProxied, e.Port, e.TargetPort) = (false, null, null), createIfNotExists: false)
            .WithEndpoint("grpc", e => (e.IsProxied, e.Port, e.TargetPort) = (false, null, null), createIfNotExists: false);

    /// <summary>
    /// The service's database (see <see cref="Databases"/>). On one SQLite file a service runs once, with its endpoints
    /// direct; on PostgreSQL it runs <see cref="Databases.Replicas"/> times behind the orchestrator's proxy, which spreads
    /// calls over the replicas.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithDatabase(this IResourceBuilder<ProjectResource> service, Databases databases)
    {
        databases.For(service);
        return databases.Replicas > 1 ? service.WithReplicas(databases.Replicas) : service.WithDirectEndpoints();
    }

    /// <summary>
    /// The gateway listens on its published ports itself (8088 REST, 8089 gRPC), without the orchestrator's proxy
    /// copying every byte in between (a twentieth of the machine at 1,500 intakes a second). A test host that must not
    /// collide with a running app puts the proxy back on ports of its own.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithOwnPublishedPorts(this IResourceBuilder<ProjectResource> gateway) =>
        gateway
            .WithEndpoint("http", e => (e.IsProxied, e.TargetPort) = (false, e.Port), createIfNotExists: false)
            .WithEndpoint("grpc", e => (e.IsProxied, e.TargetPort) = (false, e.Port), createIfNotExists: false);

    /// <summary>
    /// Tells a publishing service which services subscribe to its events (<c>Messaging:Subscribers</c>), and lets it
    /// find them. It does not wait for them: the outbox keeps every event until they answer.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithEventSubscribers(
        this IResourceBuilder<ProjectResource> publisher, params IResourceBuilder<ProjectResource>[] subscribers)
    {
        for (var i = 0; i < subscribers.Length; i++)
        {
            publisher
                .WithReference(subscribers[i])
                .WithEnvironment($"Messaging__Subscribers__{i}", subscribers[i].Resource.Name);
        }

        return publisher;
    }
}
