using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Tthc.AppHost;

/// <summary>
/// Where the services keep their data. By default (<c>Database:Provider=sqlite</c>) each service opens its own SQLite
/// file in the data folder and the AppHost starts nothing. With <c>Database:Provider=postgres</c> each service gets a
/// database of its own (<c>tthc_cases</c>, …) on the server <c>ConnectionStrings:postgres</c> names, or, without one,
/// on a PostgreSQL the AppHost starts itself from the machine's installation (Debian's <c>postgresql</c> package), with
/// its data in the data folder: an executable resource, no Docker, with a health check on the dashboard. In that mode
/// Cases, Apologies and Reporting run <c>Database:Replicas</c> replicas each (2 by default).
/// </summary>
internal sealed class Databases
{
    private const string Superuser = "postgres";

    private Databases(bool postgres, int replicas, Func<string, ReferenceExpression>? connectionString, IResourceBuilder<IResource>? server,
        List<string>? services = null)
    {
        _services = services ?? [];
        IsPostgres = postgres;
        Replicas = replicas;
        _connectionString = connectionString;
        _server = server;
    }

    private readonly Func<string, ReferenceExpression>? _connectionString;

    private readonly IResourceBuilder<IResource>? _server;

    /// <summary>The services that keep a database here (their resource names name the databases: <c>tthc_{name}</c>).</summary>
    private readonly List<string> _services;

    public bool IsPostgres { get; }

    /// <summary>How many replicas a stateful service runs: 1 on SQLite (one file, one writer).</summary>
    public int Replicas { get; }

    public static Databases Add(IDistributedApplicationBuilder builder, string dataDirectory)
    {
        var provider = builder.Configuration["Database:Provider"]?.Trim().ToLowerInvariant();
        if (provider is null or "" or "sqlite")
        {
            return new Databases(false, 1, null, null);
        }

        if (provider is not ("postgres" or "postgresql"))
        {
            throw new InvalidOperationException($"Database:Provider must be 'sqlite' or 'postgres', not '{provider}'.");
        }

        var replicas = int.TryParse(builder.Configuration["Database:Replicas"], out var configured) ? configured : 2;
        if (replicas is < 1 or > 8)
        {
            throw new InvalidOperationException($"Database:Replicas must be from 1 to 8, not {replicas}.");
        }

        if (builder.Configuration.GetConnectionString("postgres") is { Length: > 0 } given)
        {
            // A server of the operator's: each service's database on it, created by the service's first migration.
            var server = new NpgsqlConnectionStringBuilder(given);
            return new Databases(true, replicas, name => ReferenceExpression.Create(
                $"{new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = "tthc_" + name }.ConnectionString}"), null);
        }

        List<string> services = [];
        var local = AddLocalServer(builder, dataDirectory, services);
        var endpoint = local.GetEndpoint("tcp");
        return new Databases(true, replicas,
            name => ReferenceExpression.Create($"Host=127.0.0.1;Port={endpoint.Property(EndpointProperty.Port)};Username={Superuser};Database=tthc_{name};Maximum Pool Size=50"),
            local, services);
    }

    /// <summary>Points the service at its database and, on PostgreSQL, waits for the server.</summary>
    public IResourceBuilder<ProjectResource> For(IResourceBuilder<ProjectResource> service)
    {
        if (!IsPostgres)
        {
            return service;
        }

        _services.Add(service.Resource.Name);
        service
            .WithEnvironment("Database__Provider", "postgres")
            .WithEnvironment($"ConnectionStrings__{service.Resource.Name}", _connectionString!(service.Resource.Name));
        if (_server is not null)
        {
            service.WaitFor(_server);
        }

        return service;
    }

    /// <summary>
    /// PostgreSQL from the machine's installation, its cluster in <c>{data}/postgres</c> (made by <c>initdb</c> on the
    /// first run; as root, when the data folder is closed to the <c>postgres</c> user, in
    /// <c>/var/lib/postgresql/tthc-{hash of the folder}</c>), listening on 127.0.0.1 at a port the orchestrator picks (the server reads <c>PGPORT</c>), without a
    /// Unix socket. A server refuses to run as root: as root, it runs as the <c>postgres</c> user the package created.
    /// </summary>
    private static IResourceBuilder<ExecutableResource> AddLocalServer(IDistributedApplicationBuilder builder, string dataDirectory, List<string> services)
    {
        var bin = FindServerBinaries(builder.Configuration["Database:PostgresBin"]);
        var asRoot = Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root";
        var cluster = Path.Combine(dataDirectory, "postgres");
        if (asRoot && !Succeeds("runuser", "-u", Superuser, "--", "test", "-x", dataDirectory))
        {
            // The data folder is closed to the postgres user (a 0700 home or temporary folder): the cluster goes where
            // the package keeps its own, one per data folder.
            var id = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(dataDirectory)))[..12];
            cluster = Path.Combine("/var/lib/postgresql", "tthc-" + id.ToLowerInvariant());
        }

        if (!File.Exists(Path.Combine(cluster, "PG_VERSION")))
        {
            Directory.CreateDirectory(cluster);
            if (asRoot)
            {
                Run("chown", Superuser, cluster);
            }

            RunServerTool(asRoot, Path.Combine(bin, "initdb"),
                "-D", cluster, "-U", Superuser, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-instructions");
        }

        var server = Path.Combine(bin, "postgres");
        string[] settings =
        [
            "-D", cluster, "-h", "127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=500",
            "-c", "shared_buffers=256MB",
        ];
        // setpriv executes the server in its own place (runuser would stay between, and kill it two seconds after a stop
        // signal, before it has shut down cleanly).
        var postgres = asRoot
            ? builder.AddExecutable("postgres", "setpriv", cluster, ["--reuid", Superuser, "--regid", Superuser, "--init-groups", "--", server, .. settings])
            : builder.AddExecutable("postgres", server, cluster, settings);
        postgres.WithEndpoint(scheme: "tcp", name: "tcp", env: "PGPORT", isProxied: false);
        var endpoint = postgres.GetEndpoint("tcp");

        var check = "postgres-accepts-connections";
        string Server() => $"Host=127.0.0.1;Port={endpoint.Port};Username={Superuser};Database=postgres;Timeout=3;Pooling=false";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(check, _ => new ServerHealthCheck(Server), failureStatus: null, tags: null));

        // The services' databases exist before the services start (they wait for the server to be ready): replicas
        // would otherwise race to create them, and report the loser's failure on the dashboard.
        builder.Eventing.Subscribe<ResourceReadyEvent>(postgres.Resource, async (_, cancellationToken) =>
        {
            await using var connection = new NpgsqlConnection(Server());
            await connection.OpenAsync(cancellationToken);
            foreach (var name in services)
            {
                await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = "tthc_" + name } } };
                if (await exists.ExecuteScalarAsync(cancellationToken) is null)
                {
                    await using var create = new NpgsqlCommand($"CREATE DATABASE tthc_{name}", connection);
                    await create.ExecuteNonQueryAsync(cancellationToken);
                }
            }
        });
        return postgres.WithHealthCheck(check);
    }

    private static string FindServerBinaries(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        // Debian and Ubuntu: /usr/lib/postgresql/<major>/bin; the newest installed.
        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Major: int.TryParse(Path.GetFileName(d), out var major) ? major : -1, Bin: Path.Combine(d, "bin")))
                .Where(v => v.Major > 0 && File.Exists(Path.Combine(v.Bin, "postgres")))
                .OrderByDescending(v => v.Major)
                .Select(v => v.Bin)
                .FirstOrDefault()
            : null;
        return installed ?? throw new InvalidOperationException(
            "Database:Provider is postgres, but no PostgreSQL server is installed (apt-get install postgresql) and neither " +
            "ConnectionStrings:postgres nor Database:PostgresBin is set.");
    }

    private static void RunServerTool(bool asRoot, string tool, params string[] arguments)
    {
        if (asRoot)
        {
            Run("runuser", ["-u", Superuser, "--", tool, .. arguments]);
        }
        else
        {
            Run(tool, arguments);
        }
    }

    private static bool Succeeds(string file, params string[] arguments)
    {
        try
        {
            Run(file, arguments);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error}{output.Result}");
        }
    }

    private sealed class ServerHealthCheck(Func<string> connectionString) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString());
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy("PostgreSQL does not accept connections yet.", ex);
            }
        }
    }
}
