using System.Reflection;

namespace Tthc.AppHost;

internal static class Extensions
{
    /// <summary>
    /// The least the GC lets a process allocate between two collections of its young generation (32 MiB, in hex as
    /// the runtime reads it; an environment variable only, the runtime has no project setting for it). The services'
    /// workstation GC otherwise collects every ≈ 6 MiB: 53–73 collections, a quarter of them promoting to the second
    /// generation, and 0.2–0.4 s of pauses in Cases per 10,000 intakes, each pause holding every request in flight
    /// (README, "Fewer collections"). The server GC of the gateway and the web app already allocates more than this
    /// between collections. What a busy spell leaves behind is given back when the process goes quiet
    /// (<c>IdleMemoryTrimmer</c>).
    /// </summary>
    public const string Gen0Budget = "0x2000000";

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
    /// What every Tthc process is given: the data folder, the token key, two malloc arenas (glibc's default, eight a
    /// core, held ≈ 2 MiB more at idle; README), a young generation of at least 32 MiB (<see cref="Gen0Budget"/>), a
    /// health check on /health, and the share of traces to keep.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithTthcServiceDefaults(
        this IResourceBuilder<ProjectResource> service, string dataDirectory, IResourceBuilder<ParameterResource> jwtSigningKey)
    {
        service
            .WithEnvironment("TTHC_DATA_DIR", dataDirectory)
            .WithEnvironment("Jwt__SigningKey", jwtSigningKey)
            .WithEnvironment("MALLOC_ARENA_MAX", "2")
            .WithEnvironment("DOTNET_GCgen0size", Gen0Budget)
            .WithHttpHealthCheck("/health", endpointName: "http")
            .WithBuiltProgram();

        // The projects' launch profiles run them in Development (the API reference page, dev tokens, the container
        // checked at start); ServicesEnvironment=Production runs every process as a deployment does (deploy/k8s), to
        // measure what a deployed process holds (bench/idle-memory.sh). Over plain http the web app's sign-in then needs
        // https (its cookies are Secure) and the gateway has no dev tokens: a measuring run, not a developer's.
        if (service.ApplicationBuilder.Configuration["ServicesEnvironment"] is { Length: > 0 } environment)
        {
            service.WithEnvironment("ASPNETCORE_ENVIRONMENT", environment).WithEnvironment("DOTNET_ENVIRONMENT", environment);
        }

        // Which traces are kept (ServiceDefaults): by default every new trace while they come slower than 10 a second
        // in a process, and 10 a second beyond — a developer sees each request, a load costs the dashboard a bounded
        // share. Telemetry:TracesPerSecond changes the rate; Telemetry:TraceSampleRatio (0–1) keeps that share of new
        // traces instead. Either way a kept trace is kept whole across services.
        foreach (var setting in (string[])["TracesPerSecond", "TraceSampleRatio"])
        {
            if (service.ApplicationBuilder.Configuration[$"Telemetry:{setting}"] is { Length: > 0 } value)
            {
                service.WithEnvironment($"Telemetry__{setting}", value);
            }
        }

        return service;
    }

    /// <summary>
    /// The project's program as the build left it (<c>bin/&lt;configuration&gt;/&lt;framework&gt;/</c>, the AppHost's own
    /// configuration, which builds the projects it references), started directly in the project's folder, as
    /// <c>dotnet run</c> would: the orchestrator otherwise starts each process through <c>dotnet run --no-build</c>, which
    /// evaluates the project in MSBuild first (≈ 1.3 s of processor time a process, 7 to 12 of them at every start) and
    /// then stays as its parent for the process's life, ≈ 140 MiB resident each. Where no built program is found (a
    /// project built elsewhere), and under <c>dotnet watch</c> or an IDE's debugger (which start projects their own way),
    /// the orchestrator's default stands.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithBuiltProgram(this IResourceBuilder<ProjectResource> service)
    {
        var settings = service.ApplicationBuilder.Configuration;
        if (settings["DOTNET_WATCH"] is "1" or "true" or "True" || !string.IsNullOrEmpty(settings["DEBUG_SESSION_PORT"]))
        {
            return service;
        }

        var project = service.Resource.GetProjectMetadata().ProjectPath;
        var directory = Path.GetDirectoryName(project)!;
        var program = Path.Combine(directory, "bin", BuildConfiguration, TargetFramework, "Tthc." + Path.GetFileNameWithoutExtension(project));
        if (!File.Exists(program))
        {
            return service;
        }

        service.Resource.Annotations.Add(new ExecutableAnnotation { Command = program, WorkingDirectory = directory });
        // The program's launcher looks for the runtime where the SDK put it on this machine, or in DOTNET_ROOT: the
        // runtime this AppHost runs on, when nothing says otherwise (an SDK in the home folder, not /usr/share/dotnet).
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_ROOT")) && RuntimeRoot is { } root)
        {
            service.WithEnvironment("DOTNET_ROOT", root);
        }

        return service;
    }

    /// <summary>The configuration the AppHost was built in (Debug, Release): its projects were built in it too.</summary>
    private static readonly string BuildConfiguration =
        typeof(Extensions).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>The AppHost's target framework as a folder name (<c>net10.0</c>); every project here shares it.</summary>
    private static readonly string TargetFramework = FrameworkFolder(new System.Runtime.Versioning.FrameworkName(
        typeof(Extensions).Assembly.GetCustomAttribute<System.Runtime.Versioning.TargetFrameworkAttribute>()?.FrameworkName ?? ".NETCoreApp,Version=v10.0").Version);

    private static string FrameworkFolder(Version version) => $"net{version.Major}.{version.Minor}";

    /// <summary>The .NET installation this process runs from (the folder that holds <c>dotnet</c> and <c>shared/</c>).</summary>
    private static string? RuntimeRoot =>
        Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..")) is var root
        && Directory.Exists(Path.Combine(root, "shared", "Microsoft.NETCore.App"))
            ? root
            : null;

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
    /// The gateway reaches a service over one multiplexed HTTP/2 connection to its gRPC endpoint, which takes the REST
    /// routes too (the gateway's appsettings): on this machine that halved the processor time per proxied request in
    /// the gateway and cut it in the service, against a pool of HTTP/1.1 connections. Replicas behind the
    /// orchestrator's proxy are spread by connection, not by request, so for them the gateway keeps a pool of HTTP/1.1
    /// connections to the REST endpoint, which the proxy spreads over the replicas.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithPooledBackends(this IResourceBuilder<ProjectResource> gateway, params string[] clusters)
    {
        foreach (var cluster in clusters)
        {
            gateway
                .WithEnvironment($"ReverseProxy__Clusters__{cluster}__Destinations__primary__Address", $"http://{cluster}")
                .WithEnvironment($"ReverseProxy__Clusters__{cluster}__HttpRequest__Version", "1.1")
                .WithEnvironment($"ReverseProxy__Clusters__{cluster}__HttpRequest__VersionPolicy", "RequestVersionOrLower");
        }

        return gateway;
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

    /// <summary>
    /// Where Notifications sends mail. With <c>Notifications:Smtp:Host</c> set (and <c>Port</c>, <c>Security</c>,
    /// <c>UserName</c>, <c>Password</c>, <c>From</c>), a real server; otherwise smtp4dev (the <c>Rnwood.Smtp4dev</c> .NET
    /// tool, run with <c>dotnet tool exec</c>: no Docker, nothing installed), which takes every mail and shows it on its
    /// web page, linked from the dashboard as "mail".
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithMailServer(this IResourceBuilder<ProjectResource> service, IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration.GetSection("Notifications:Smtp");
        if (configured["Host"] is { Length: > 0 })
        {
            foreach (var setting in configured.GetChildren().Where(c => c.Value is not null))
            {
                service.WithEnvironment($"Notifications__Smtp__{setting.Key}", setting.Value);
            }

            return service;
        }

        var mail = builder.AddExecutable("mail", "dotnet", builder.AppHostDirectory, "tool", "exec", Smtp4dev, "--yes", "--")
            .WithEndpoint(name: "smtp", scheme: "tcp", isProxied: false)
            .WithHttpEndpoint(name: "http", isProxied: false)
            .WithHttpHealthCheck("/", endpointName: "http")
            .WithUrlForEndpoint("http", url => url.DisplayText = "Thư đã gửi (smtp4dev)");
        var smtp = mail.GetEndpoint("smtp");
        var web = mail.GetEndpoint("http");
        mail.WithArgs(context =>
        {
            context.Args.Add(ReferenceExpression.Create($"--urls=http://127.0.0.1:{web.Property(EndpointProperty.Port)}"));
            context.Args.Add(ReferenceExpression.Create($"--smtpport={smtp.Property(EndpointProperty.Port)}"));
            // Nothing else: no IMAP or POP3 server, mails kept in memory, no settings file of the developer's.
            context.Args.Add("--imapport=");
            context.Args.Add("--pop3port=");
            context.Args.Add("--db=");
            context.Args.Add("--nousersettings");
            context.Args.Add("--bindaddress=127.0.0.1");
        });

        return service
            .WithEnvironment("Notifications__Smtp__Host", "127.0.0.1")
            .WithEnvironment("Notifications__Smtp__Port", smtp.Property(EndpointProperty.Port))
            .WithEnvironment("Notifications__Smtp__Security", "none")
            .WaitFor(mail);
    }

    /// <summary>The mail catcher of the default run, pinned (the version served with this repository's packages).</summary>
    public const string Smtp4dev = "Rnwood.Smtp4dev@3.15.0";
}
