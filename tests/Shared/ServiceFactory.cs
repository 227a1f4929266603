using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
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
