using Microsoft.EntityFrameworkCore;

namespace Tthc.Database;

/// <summary>
/// Whether the service's schema is migrated yet. Health checks that run from the start (gRPC health's publisher does,
/// every few seconds, before the server listens) ask it before they query tables that may not exist yet.
/// </summary>
public sealed class SchemaState<TContext> where TContext : DbContext
{
    private volatile bool _migrated;

    public bool IsMigrated => _migrated;

    internal void Migrated() => _migrated = true;
}
