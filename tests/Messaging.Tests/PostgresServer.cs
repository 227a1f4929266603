using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Tthc.Messaging.Tests;

/// <summary>
/// A private PostgreSQL cluster for the tests of the PostgreSQL mode: <c>initdb</c> in a temporary folder, the server
/// on 127.0.0.1 at a free port, stopped and removed at the end. It needs the server's binaries (Debian's
/// <c>postgresql</c> package, which CI installs); as root it runs them as the package's <c>postgres</c> user.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly string _cluster = Path.Combine(Path.GetTempPath(), "tthc-pg-tests", Guid.NewGuid().ToString("N"));
    private readonly bool _asRoot = Environment.UserName == "root";
    private string _bin = "";
    private int _port;

    /// <summary>A connection string to a new, empty database of its own (created on first use by EF Core).</summary>
    public string NewDatabase() => $"Host=127.0.0.1;Port={_port};Username=postgres;Database=t{Guid.NewGuid():N};Pooling=true";

    public async Task InitializeAsync()
    {
        _bin = Directory.GetDirectories("/usr/lib/postgresql")
            .Select(d => Path.Combine(d, "bin"))
            .Where(b => File.Exists(Path.Combine(b, "postgres")))
            .OrderByDescending(b => b, StringComparer.Ordinal)
            .FirstOrDefault() ?? throw new InvalidOperationException("PostgreSQL is not installed (apt-get install postgresql); .ci/run installs it.");
        Directory.CreateDirectory(_cluster);
        if (_asRoot)
        {
            await RunAsync("chown", "postgres", _cluster);
        }

        await RunServerToolAsync("initdb", "-D", _cluster, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-instructions");
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            _port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        await RunServerToolAsync("pg_ctl", "-D", _cluster, "-l", Path.Combine(_cluster, "server.log"), "-w", "start",
            "-o", $"-p {_port} -h 127.0.0.1 -c unix_socket_directories= -c max_connections=100");
        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres");
        await connection.OpenAsync();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await RunServerToolAsync("pg_ctl", "-D", _cluster, "-m", "immediate", "-w", "stop");
        Directory.Delete(_cluster, recursive: true);
    }

    private Task RunServerToolAsync(string tool, params string[] arguments) =>
        _asRoot
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments])
            : RunAsync(Path.Combine(_bin, tool), arguments);

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)}: exit {process.ExitCode}: {error}{await output}");
        }
    }
}
