using Microsoft.EntityFrameworkCore;
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

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<IReadOnlyList<string>> StartAndReadAppliedAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection([new(DatabaseExtensions.DataDirectoryVariable, _folder)]);
        builder.AddServiceDatabase<ApologiesDbContext, PostgresApologiesDbContext>("apologies");
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ApologiesDbContext>();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            return [.. await db.Database.GetAppliedMigrationsAsync()];
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task A_new_database_is_created_at_the_latest_migration_and_a_restart_finds_it_so()
    {
        var first = await StartAndReadAppliedAsync();
        var again = await StartAndReadAppliedAsync();

        Assert.NotEmpty(first);
        Assert.Equal(first, again);
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

        Assert.Equal(all, await StartAndReadAppliedAsync());
    }
}
