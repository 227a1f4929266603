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

    /// <summary>What every Tthc process is given: the data folder, the token key, and a health check on /health.</summary>
    public static IResourceBuilder<ProjectResource> WithTthcServiceDefaults(
        this IResourceBuilder<ProjectResource> service, string dataDirectory, IResourceBuilder<ParameterResource> jwtSigningKey) =>
        service
            .WithEnvironment("TTHC_DATA_DIR", dataDirectory)
            .WithEnvironment("Jwt__SigningKey", jwtSigningKey)
            .WithHttpHealthCheck("/health", endpointName: "http");

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
