using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Tthc.Database;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Each service's own database: a SQLite file in the data folder by default (one machine, a province), or PostgreSQL
/// (<c>Database:Provider=postgres</c>, a country, replicas).
/// </summary>
public static class DatabaseExtensions
{
    /// <summary>Environment variable naming the folder that holds the services' SQLite files.</summary>
    public const string DataDirectoryVariable = "TTHC_DATA_DIR";

    /// <summary>The setting that picks the provider: <c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public const string ProviderSetting = "Database:Provider";

    /// <summary>SQLite as Tthc uses it: the file's pragmas on every connection, EF's SQL without its blank tail, one writer at a time.</summary>
    public static DbContextOptionsBuilder UseTthcSqlite(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseTthcSqlite(connectionString, new WriteGate(), checkpointedElsewhere: false);

    internal static DbContextOptionsBuilder UseTthcSqlite(this DbContextOptionsBuilder options, string connectionString, WriteGate gate, bool checkpointedElsewhere) =>
        options.UseSqlite(connectionString)
            .AddInterceptors(new SqliteConnectionTuning(checkpointedElsewhere), new SqliteStatementTailTrimmer(), gate);

    /// <summary>
    /// Registers the service's database context, <typeparamref name="TContext"/>, on the provider
    /// <c>Database:Provider</c> names. SQLite: on connection string <paramref name="name"/> when one is configured, else
    /// on <c>{data folder}/{name}.db</c>. PostgreSQL: on connection string <paramref name="name"/> (required), through
    /// <typeparamref name="TPostgresContext"/>, the same model with PostgreSQL's own migrations. Applies the migrations
    /// before the server starts listening, so a service that answers <c>/health</c> has its schema; adds a readiness check.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext, TPostgresContext>(this IHostApplicationBuilder builder, string name)
        where TContext : DbContext
        where TPostgresContext : TContext
    {
        var provider = ProviderOf(builder.Configuration);
        var connectionString = builder.Configuration.GetConnectionString(name);
        if (provider == DatabaseProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    $"{ProviderSetting} is postgres but there is no connection string '{name}' (ConnectionStrings:{name} or ConnectionStrings__{name}).");
            }

            // Interceptors registered by other libraries (as singletons) join every context. The
            // options are built once: built per scope, they cost more than the rest of a small request's EF work. The
            // contexts are pooled: a request or an event delivery leases one whose internal services are already
            // resolved (5% of a consumer's processor time at intake went to resolving them), reset when it is returned.
            builder.Services.AddDbContextPool<TContext, TPostgresContext>(
                (services, options) => options
                    .UseNpgsql(connectionString)
                    .AddInterceptors(new PostgresNulGuard(), CommitActions.Interceptor)
                    .AddInterceptors(services.GetServices<IInterceptor>())
                    .WithoutModelDiffAtStartup());
        }
        else
        {
            connectionString ??= SqliteFileConnectionString(builder, name);
            builder.Services.AddSingleton(services => new SqliteCheckpointer<TContext>(
                connectionString, services.GetRequiredService<SchemaState<TContext>>(), services.GetRequiredService<ILogger<SqliteCheckpointer<TContext>>>()));
            builder.Services.AddDbContextPool<TContext>(
                (services, options) => options
                    .UseTthcSqlite(connectionString, services.GetRequiredService<SqliteCheckpointer<TContext>>().Gate, checkpointedElsewhere: true)
                    .AddInterceptors(services.GetRequiredService<SqliteCheckpointer<TContext>>().CommitInterceptor, CommitActions.Interceptor)
                    .AddInterceptors(services.GetServices<IInterceptor>())
                    .WithoutModelDiffAtStartup());
        }

        builder.Services.AddSingleton<SchemaState<TContext>>();
        builder.Services.AddHostedService<DatabaseMigrator<TContext>>();
        if (provider == DatabaseProvider.Sqlite)
        {
            // After the migrator: hosted services start in order, so the file is created and in WAL mode first.
            builder.Services.AddHostedService(services => services.GetRequiredService<SqliteCheckpointer<TContext>>());
        }

        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck<TContext>>($"{name}-database");
        return builder;
    }

    /// <summary>
    /// Migrating, EF Core compares the model with the last migration's snapshot and stops the service over changes no
    /// migration holds: it builds both models and diffs them at every start, and the code and types that takes stay in
    /// the process (≈ 3 MB of a service's memory at a restart). The comparison is a test instead
    /// (<c>ModelSnapshotTests</c> in each service's tests), on every context and provider, before anything ships.
    /// </summary>
    public static DbContextOptionsBuilder WithoutModelDiffAtStartup(this DbContextOptionsBuilder options) =>
        options.ConfigureWarnings(warnings => warnings.Ignore(RelationalEventId.PendingModelChangesWarning));

    /// <summary>The provider <c>Database:Provider</c> names; anything but <c>sqlite</c> or <c>postgres</c> stops the service.</summary>
    public static DatabaseProvider ProviderOf(IConfiguration configuration) => configuration[ProviderSetting]?.Trim().ToLowerInvariant() switch
    {
        null or "" or "sqlite" => DatabaseProvider.Sqlite,
        "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
        var other => throw new InvalidOperationException($"{ProviderSetting} must be 'sqlite' or 'postgres', not '{other}'."),
    };

    /// <summary>
    /// Stores <see cref="DateTimeOffset"/> as UTC ticks on every provider: a number that orders and compares as the
    /// instants do, whatever offset they were written with, read back in UTC. SQLite has no date type; on PostgreSQL
    /// the same storage keeps one model, one set of queries and the same results in both modes (a <c>timestamptz</c>
    /// would also refuse the +07:00 instants the domain computes in).
    /// </summary>
    public static void UseSortableInstants(this ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();

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

/// <summary>The databases Tthc runs on.</summary>
public enum DatabaseProvider
{
    /// <summary>One file per service in the data folder: one machine.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database per service: many machines, replicas.</summary>
    Postgres,
}

internal sealed class DatabaseMigrator<TContext>(IServiceProvider services, SchemaState<TContext> schema, ILogger<DatabaseMigrator<TContext>> logger)
    : IHostedService where TContext : DbContext
{
    // Hosted services start before Kestrel listens, so nothing is served from a schema that is behind.
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // A SQLite file is one process's: a failure is final. A server may still be starting, or racing replicas.
        var attempts = services.GetRequiredService<IConfiguration>() is var configuration
            && DatabaseExtensions.ProviderOf(configuration) == DatabaseProvider.Postgres ? 10 : 1;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await MigrateAsync(cancellationToken);
                schema.Migrated();
                return;
            }
            catch (Exception ex) when (attempt < attempts && !cancellationToken.IsCancellationRequested)
            {
                // Replicas starting together race to create the database and to migrate it (EF Core locks the history
                // table, not the creation); a server still starting refuses connections. The loser tries again.
                logger.LogWarning(ex, "Migrating {Context} failed (attempt {Attempt} of {Attempts}); retrying", typeof(TContext).Name, attempt, attempts);
                await Task.Delay(TimeSpan.FromSeconds(attempt), cancellationToken);
            }
        }
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        // At a restart the schema is current: reading the applied list is enough, and EF Core's migrator (its lock,
        // its history table's creation, its SQL generation), whose types and code would stay in the process, is not
        // loaded. A database that does not exist yet, or is behind, is migrated under the migrator's lock as before.
        if (!await db.Database.GetService<IRelationalDatabaseCreator>().ExistsAsync(cancellationToken)
            || (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        if (db.Database.IsOnSqlite())
        {
            // WAL lets readers run beside the single writer; the setting is stored in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        logger.LogInformation("Database {Context} ({Provider}) is at the latest migration", typeof(TContext).Name, db.Database.ProviderName);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed class DatabaseHealthCheck<TContext>(TContext db, SchemaState<TContext> schema) : IHealthCheck where TContext : DbContext
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        !schema.IsMigrated ? HealthCheckResult.Unhealthy("The schema is being migrated.")
        : await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database cannot be reached.");
}
