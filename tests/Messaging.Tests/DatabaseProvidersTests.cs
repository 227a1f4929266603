using Microsoft.EntityFrameworkCore;
using Tthc.Database;

namespace Tthc.Messaging.Tests;

/// <summary>Which database a context is on, told without a server (no connection is opened).</summary>
public sealed class DatabaseProvidersTests
{
    [Fact]
    public void The_provider_is_told_by_its_name_as_the_providers_tell_it()
    {
        using var postgres = new EmptyContext(new DbContextOptionsBuilder<EmptyContext>().UseNpgsql("Host=localhost").Options);
        using var sqlite = new EmptyContext(new DbContextOptionsBuilder<EmptyContext>().UseSqlite("Data Source=:memory:").Options);

        Assert.True(postgres.Database.IsPostgres());
        Assert.False(sqlite.Database.IsPostgres());
        Assert.True(sqlite.Database.IsOnSqlite());
        Assert.False(postgres.Database.IsOnSqlite());
        Assert.Equal(postgres.Database.IsNpgsql(), postgres.Database.IsPostgres());
        Assert.Equal(sqlite.Database.IsNpgsql(), sqlite.Database.IsPostgres());
        Assert.Equal(postgres.Database.IsSqlite(), postgres.Database.IsOnSqlite());
        Assert.Equal(sqlite.Database.IsSqlite(), sqlite.Database.IsOnSqlite());
        Assert.Equal(postgres.Database.ProviderName, postgres.Database.ProviderNameOf());
        Assert.Equal(sqlite.Database.ProviderName, sqlite.Database.ProviderNameOf());
    }

    private sealed class EmptyContext(DbContextOptions<EmptyContext> options) : DbContext(options);
}
