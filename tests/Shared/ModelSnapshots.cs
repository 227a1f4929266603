using Microsoft.EntityFrameworkCore;

namespace Tthc.Tests;

/// <summary>
/// A service migrates its database at start without comparing its model with the last migration's snapshot (that
/// comparison costs memory in every process; see <c>WithoutModelDiffAtStartup</c>). The comparison runs here instead,
/// for both providers: a model changed without a migration fails the build's tests, not a province's start.
/// </summary>
public static class ModelSnapshots
{
    /// <summary>Fails, naming the provider, when either context's model differs from its provider's last migration.</summary>
    public static void AssertCurrent<TContext, TPostgresContext>(
        Func<DbContextOptions<TContext>, TContext> sqlite,
        Func<DbContextOptions<TPostgresContext>, TPostgresContext> postgres)
        where TContext : DbContext
        where TPostgresContext : TContext
    {
        // Neither connects: the comparison reads the model and the compiled snapshot only.
        using (var db = sqlite(new DbContextOptionsBuilder<TContext>().UseSqlite("Data Source=:memory:").Options))
        {
            Assert.False(db.Database.HasPendingModelChanges(),
                $"{typeof(TContext).Name} has changes no SQLite migration holds: add one (`dotnet ef migrations add`, for each provider).");
        }

        using (var db = postgres(new DbContextOptionsBuilder<TPostgresContext>().UseNpgsql("Host=localhost").Options))
        {
            Assert.False(db.Database.HasPendingModelChanges(),
                $"{typeof(TPostgresContext).Name} has changes no PostgreSQL migration holds: add one (`dotnet ef migrations add`, for each provider).");
        }
    }
}
