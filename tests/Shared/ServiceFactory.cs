using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Tthc.Tests;

/// <summary>
/// A service in process on its own SQLite file in a fresh folder, accepting <see cref="TestTokens"/>, on a fake clock
/// (<see cref="Clock"/>, from <see cref="TestClock.Start"/>). Each factory gets its own folder, so tests never see each
/// other's data.
/// </summary>
public class ServiceFactory<TProgram> : WebApplicationFactory<TProgram> where TProgram : class
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "tthc-tests", Guid.NewGuid().ToString("N"));

    protected virtual string Environment => "Testing";

    /// <summary>More configuration for the service under test.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    /// <param name="clockStart">Where the clock starts, for a test scripted on particular days; <see cref="TestClock.Start"/> by default.</param>
    public ServiceFactory(DateTimeOffset? clockStart = null) => Clock = new(clockStart ?? TestClock.Start);

    /// <summary>The service's clock: it moves only when the test moves it (forward only).</summary>
    public FakeTimeProvider Clock { get; }

    /// <summary>The clock's Vietnam date.</summary>
    public DateOnly Today => TestClock.VietnamDate(Clock.GetUtcNow());

    /// <summary>Replacements of the service's own registrations (test doubles).</summary>
    public Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? ConfigureServices { get; set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        builder.UseSetting("TTHC_DATA_DIR", DataDirectory);
        // A test process hosts many services at once: none of them collects the whole process's heap when it goes quiet.
        builder.UseSetting("Memory:TrimWhenIdle", "false");
        // UseSetting, not ConfigureAppConfiguration: Program reads these while building, before late sources apply.
        foreach (var (key, value) in TestTokens.Settings.Concat(Settings))
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        if (ConfigureServices is { } configure)
        {
            builder.ConfigureTestServices(configure);
        }
    }

    private string DataFolder => Settings.TryGetValue("TTHC_DATA_DIR", out var path) && path is not null ? path : DataDirectory;

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var fresh = !Settings.ContainsKey("Database:Provider")
            && (!Directory.Exists(DataFolder) || Directory.GetFiles(DataFolder, "*.db").Length == 0);
        var copied = fresh && MigratedTemplates.CopyInto(typeof(TProgram), DataFolder);
        var host = base.CreateHost(builder);
        if (fresh && !copied)
        {
            MigratedTemplates.Keep(typeof(TProgram), DataFolder);
        }

        return host;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left in the temp folder; it is not worth failing a test for.
        }
    }
}

/// <summary>A data folder that outlives one factory (a service stopped and started again on the same files); deleted when disposed.</summary>
public sealed class SharedDataFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tthc-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left in the temp folder; it is not worth failing a test for.
        }
    }
}

/// <summary>
/// Each service's SQLite databases as its migrations leave them, empty, kept for the test process: a factory copies
/// them into its fresh folder instead of running every migration again at each start (≈ 0.1–0.5 s of processor time
/// a factory here; hundreds of factories a run). The first factory of a service migrates as the service does; its
/// databases are copied (<c>VACUUM INTO</c>, a consistent copy of a file in use) once it has started, and every row
/// the start wrote is deleted from the copies but the migration history. A later start on a copy is a restart on an
/// empty database, which the services handle as any restart. Migrations themselves are tested on their own.
/// </summary>
public static class MigratedTemplates
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "tthc-tests", $"templates-{Environment.ProcessId}-{Guid.NewGuid():N}");
    private static readonly ConcurrentDictionary<Type, string> Folders = new();
    private static readonly Lock Gate = new();

    static MigratedTemplates() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    };

    /// <summary>Copies the service's template into <paramref name="folder"/>; false when there is none yet.</summary>
    public static bool CopyInto(Type service, string folder)
    {
        if (!Folders.TryGetValue(service, out var template))
        {
            return false;
        }

        foreach (var file in Directory.GetFiles(template, "*.db"))
        {
            Directory.CreateDirectory(folder);
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        return true;
    }

    /// <summary>Makes the service's template from the databases a started service holds in <paramref name="folder"/>.</summary>
    public static void Keep(Type service, string folder)
    {
        lock (Gate)
        {
            if (Folders.ContainsKey(service))
            {
                return;
            }

            var template = Path.Combine(Root, Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(template);
            foreach (var file in Directory.Exists(folder) ? Directory.GetFiles(folder, "*.db") : [])
            {
                var copy = Path.Combine(template, Path.GetFileName(file));
                using (var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString()))
                {
                    source.Open();
                    using var vacuum = source.CreateCommand();
                    vacuum.CommandText = "VACUUM INTO $copy";
                    vacuum.Parameters.AddWithValue("$copy", copy);
                    vacuum.ExecuteNonQuery();
                }

                Empty(copy);
            }

            Folders[service] = template;
        }
    }

    private static void Empty(string file)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> '__EFMigrationsHistory' AND name NOT LIKE 'sqlite_stat%'";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        using var transaction = connection.BeginTransaction();
        foreach (var table in tables)
        {
            using var delete = connection.CreateCommand();
            delete.CommandText = $"DELETE FROM \"{table.Replace("\"", "\"\"")}\"";
            delete.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}
