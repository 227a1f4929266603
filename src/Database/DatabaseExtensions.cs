using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Tthc.Database;

namespace Microsoft.Extensions.Hosting;

/// <summary>Each service's own database: SQLite file in the data folder by default.</summary>
public static class DatabaseExtensions
{
    /// <summary>Environment variable naming the folder that holds the services' SQLite files.</summary>
    public const string DataDirectoryVariable = "TTHC_DATA_DIR";

    /// <summary>SQLite as Tthc uses it: the file's pragmas on every connection, and EF's SQL without its blank tail.</summary>
    public static DbContextOptionsBuilder UseTthcSqlite(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString).AddInterceptors(new SqliteConnectionTuning(), new SqliteStatementTailTrimmer());

    /// <summary>
    /// Registers <typeparamref name="TContext"/> on connection string <paramref name="name"/> when one is configured,
    /// else on <c>{data folder}/{name}.db</c>; applies the EF Core migrations before the server starts listening, so
    /// a service that answers <c>/health</c> has its schema; adds a readiness check.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext>(this IHostApplicationBuilder builder, string name)
        where TContext : DbContext
    {
        var connectionString = builder.Configuration.GetConnectionString(name) ?? SqliteFileConnectionString(builder, name);
        // Interceptors registered by other libraries (the outbox's commit signal, a singleton) join every context. The
        // options are built once: built per scope, they cost more than the rest of a small request's EF work.
        builder.Services.AddDbContext<TContext>(
            (services, options) => options
                .UseTthcSqlite(connectionString)
                .AddInterceptors(services.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>()),
            contextLifetime: ServiceLifetime.Scoped,
            optionsLifetime: ServiceLifetime.Singleton);
        // SQLite has one writer: writes queue here, in process, instead of polling for its lock.
        builder.Services.TryAddSingleton<WriteGate>();
        builder.Services.AddHostedService<DatabaseMigrator<TContext>>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck<TContext>>($"{name}-database");
        return builder;
    }

    /// <summary>
    /// Stores <see cref="DateTimeOffset"/> on SQLite, which has no date type, as UTC ticks: a number that orders and
    /// compares as the instants do, whatever offset they were written with; read back in UTC.
    /// </summary>
    public static void UseSortableInstants(this ModelConfigurationBuilder configurationBuilder, DatabaseFacade database)
    {
        if (database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        }
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        instant => instant.UtcTicks,
        ticks => new DateTimeOffset(ticks, TimeSpan.Zero));

    /// <summary>
    /// The data folder: <c>TTHC_DATA_DIR</c> when set, else <c>.data/</c> at the repository root (found by walking up
    /// to <c>Tthc.sln</c>), else <c>.data/</c> under the content root.
    /// </summary>
    public static string ResolveDataDirectory(IConfiguration configuration, string contentRoot)
    {
        var configured = configuration[DataDirectoryVariable];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tthc.sln")))
            {
                return Path.Combine(dir.FullName, ".data");
            }
        }

        return Path.Combine(contentRoot, ".data");
    }

    private static string SqliteFileConnectionString(IHostApplicationBuilder builder, string name)
    {
        var directory = ResolveDataDirectory(builder.Configuration, builder.Environment.ContentRootPath);
        Directory.CreateDirectory(directory);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(directory, $"{name}.db"),
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }
}

internal sealed class DatabaseMigrator<TContext>(IServiceProvider services, ILogger<DatabaseMigrator<TContext>> logger)
    : IHostedService where TContext : DbContext
{
    // Hosted services start before Kestrel listens, so nothing is served from a schema that is behind.
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // WAL lets readers run beside the single writer; the setting is stored in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        logger.LogInformation("Database {Context} is at the latest migration", typeof(TContext).Name);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed class DatabaseHealthCheck<TContext>(TContext db) : IHealthCheck where TContext : DbContext
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database cannot be reached.");
}
