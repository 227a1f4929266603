using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Tthc.Database;

/// <summary>Which database a context is on, without loading a provider's assembly to ask.</summary>
public static class DatabaseProviders
{
    private static readonly ConcurrentDictionary<Type, string> Names = new();

    /// <summary>
    /// <see cref="DatabaseFacade.ProviderName"/>, kept by provider: EF Core reads it from the provider's assembly name
    /// at every call (an <c>AssemblyName</c> parsed each time, ≈ 1% of a subscriber's processor time at intake, where
    /// every write and delivery asks).
    /// </summary>
    public static string ProviderNameOf(this DatabaseFacade database)
    {
        var provider = database.GetService<IDatabaseProvider>();
        return Names.GetOrAdd(provider.GetType(), static (_, provider) => provider.Name, provider);
    }

    /// <summary>
    /// True on PostgreSQL: the same test as Npgsql's <c>IsNpgsql()</c> (a provider is named after its assembly), without
    /// loading that assembly into a service that runs on SQLite.
    /// </summary>
    public static bool IsPostgres(this DatabaseFacade database) => database.ProviderNameOf() == "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>
    /// True on SQLite: the same test as EF Core's <c>IsSqlite()</c>, without loading the SQLite provider's assembly into a
    /// service that runs on PostgreSQL (named apart from EF Core's extension, so both can be in scope).
    /// </summary>
    public static bool IsOnSqlite(this DatabaseFacade database) => database.ProviderNameOf() == "Microsoft.EntityFrameworkCore.Sqlite";
}
