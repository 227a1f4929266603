using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tthc.Apologies.Data;

namespace Tthc.Apologies.Tests;

/// <summary>
/// The start migrates a new database, one left behind by an older version, and leaves a current one alone: the
/// migrator is only loaded when there is something to apply.
/// </summary>
public sealed class DatabaseMigratorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tthc-migrator-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Starts the database part of a service on the test's folder; returns the migrations applied and the SQL the start ran.</summary>
    private async Task<(IReadOnlyList<string> Applied, IReadOnlyCollection<string> Commands)> StartAsync()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([
            new(DatabaseExtensions.DataDirectoryVariable, _folder),
            new(DatabaseExtensions.ProviderSetting, "sqlite"),
        ]);
        var commands = new CommandLog();
        builder.Services.AddSingleton<IInterceptor>(commands);
        builder.AddServiceDatabase<ApologiesDbContext, PostgresApologiesDbContext>("apologies");
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var started = commands.Texts.ToArray();
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ApologiesDbContext>();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            return ([.. await db.Database.GetAppliedMigrationsAsync()], started);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task A_new_database_is_migrated_and_at_a_restart_the_migrator_is_left_alone()
    {
        var (first, created) = await StartAsync();
        var (again, restarted) = await StartAsync();

        Assert.NotEmpty(first);
        Assert.Equal(first, again);
        // EF Core's migrator takes its lock table first; the restart only read the history.
        Assert.Contains(created, sql => sql.Contains("__EFMigrationsLock"));
        Assert.DoesNotContain(restarted, sql => sql.Contains("__EFMigrationsLock"));
        Assert.Contains(restarted, sql => sql.Contains("__EFMigrationsHistory"));
    }

    [Fact]
    public async Task A_database_an_older_version_left_behind_is_brought_to_the_latest_migration()
    {
        var options = new DbContextOptionsBuilder<ApologiesDbContext>()
            .UseSqlite($"Data Source={Path.Combine(_folder, "apologies.db")};Pooling=false").Options;
        string[] all;
        await using (var old = new ApologiesDbContext(options))
        {
            all = [.. old.Database.GetMigrations()];
            Assert.True(all.Length > 1);
            await old.GetService<IMigrator>().MigrateAsync(all[0]);
            Assert.Equal([all[0]], await old.Database.GetAppliedMigrationsAsync());
        }

        var (applied, commands) = await StartAsync();

        Assert.Equal(all, applied);
        Assert.Contains(commands, sql => sql.Contains("__EFMigrationsLock"));
    }

    private sealed class CommandLog : DbCommandInterceptor
    {
        public ConcurrentQueue<string> Texts { get; } = new();

        public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
        {
            Texts.Enqueue(result.CommandText);
            return result;
        }
    }
}
