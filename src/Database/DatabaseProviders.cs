using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Tthc.Database;

/// <summary>Which database a context is on, without loading a provider's assembly to ask.</summary>
public static class DatabaseProviders
{
    /// <summary>
    /// True on PostgreSQL: the same test as Npgsql's <c>IsNpgsql()</c> (a provider is named after its assembly), without
    /// loading that assembly into a service that runs on SQLite.
    /// </summary>
    public static bool IsPostgres(this DatabaseFacade database) => database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>
    /// True on SQLite: the same test as EF Core's <c>IsSqlite()</c>, without loading the SQLite provider's assembly into a
    /// service that runs on PostgreSQL (named apart from EF Core's extension, so both can be in scope).
    /// </summary>
    public static bool IsOnSqlite(this DatabaseFacade database) => database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";
}
