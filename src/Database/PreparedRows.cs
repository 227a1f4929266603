using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SQLitePCL;

namespace Tthc.Database;

/// <summary>
/// Writes many rows of one table with one prepared statement in the context's current transaction, instead of
/// tracking each as an entity: at thousands of rows a second EF Core's change tracking, and the statement it prepares
/// anew for every row, cost more than the rows. Table, columns and value conversions come from the EF model, so the
/// rows are those EF would write; the SQL (<c>INSERT … ON CONFLICT … DO UPDATE</c>) is understood by SQLite and
/// PostgreSQL alike. On SQLite the values are bound by position on the statement itself: Microsoft.Data.Sqlite looks
/// every parameter up by name, for every row, which cost a fifth of an inbox's time. On PostgreSQL the rows go as
/// batches of statements, one round trip per thousand rows.
/// </summary>
public static class PreparedRows
{
    /// <summary>Rows per round trip where the provider batches statements: a group of intakes, an inbox's delivery.</summary>
    private const int RowsPerBatch = 1000;

    /// <summary>Inserts rows of a table that is only ever appended to (an inbox, a change log, new notices); store-generated keys are left to the store.</summary>
    public static Task AppendAsync<T>(DbContext db, IReadOnlyCollection<T> rows, CancellationToken cancellationToken) where T : class =>
        WriteAsync(db, rows, upsert: false, cancellationToken);

    /// <summary>Inserts rows, or replaces every column of the row already stored under the same primary key.</summary>
    public static Task UpsertAsync<T>(DbContext db, IReadOnlyCollection<T> rows, CancellationToken cancellationToken) where T : class =>
        WriteAsync(db, rows, upsert: true, cancellationToken);

    private static async Task WriteAsync<T>(DbContext db, IReadOnlyCollection<T> rows, bool upsert, CancellationToken cancellationToken) where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var (text, columns, stored, positional, bindsBySqlite) =
            Plans.GetOrAdd((db.Model, db.Database.ProviderNameOf(), typeof(T), upsert), static (key, db) => Plan(db, key.Table, key.Upsert), db);
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        if (connection is SqliteConnection { Handle: { } handle } && bindsBySqlite)
        {
            WriteSqlite(handle, text, columns, stored, rows);
        }
        else if (connection.CanCreateBatch)
        {
            await WriteBatchesAsync(connection, transaction, text, positional, stored, rows, cancellationToken);
        }
        else
        {
            await WriteOneByOneAsync(connection, transaction, text, stored, rows, cancellationToken);
        }
    }

    /// <summary>
    /// The statement and column readers of a table, by model, provider, entity type and kind of write: read from the
    /// model once, not at every write (an intake group, an inbox's delivery, a projection's rows).
    /// </summary>
    private static readonly ConcurrentDictionary<(IModel Model, string? Provider, Type Table, bool Upsert), WritePlan> Plans = new();

    private sealed record WritePlan(string Text, IProperty[] Columns, StoredColumn[] Stored, bool Positional, bool BindsBySqlite);

    private static WritePlan Plan(DbContext db, Type type, bool upsert)
    {
        var entity = db.Model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var key = entity.FindPrimaryKey()!.Properties;
        if (upsert && key.Any(StoreGenerated))
        {
            throw new InvalidOperationException($"{type.Name}: an upsert needs a key the rows carry, not one the store generates.");
        }

        var columns = entity.GetProperties().Where(p => upsert || !(p.IsPrimaryKey() && StoreGenerated(p))).ToArray();
        string Column(IProperty p) => sql.DelimitIdentifier(p.GetColumnName(table)!);

        // PostgreSQL's batches take positional parameters ($1); the others are named (@p0).
        var positional = db.Database.IsPostgres();
        string Parameter(int i) => positional ? "$" + (i + 1) : "@p" + i;
        var text =
            $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(Column))}) " +
            $"VALUES ({string.Join(", ", columns.Select((_, i) => Parameter(i)))})" +
            (upsert
                ? $" ON CONFLICT ({string.Join(", ", key.Select(Column))}) DO UPDATE SET " +
                  string.Join(", ", columns.Where(p => !p.IsPrimaryKey()).Select(p => $"{Column(p)} = excluded.{Column(p)}"))
                : "");
        // What each column stores: the value's getter and the model's conversion to the stored type.
        // On SQLite a Guid is bound as the text EF Core stores (upper case): the statement's own binding has no Guid.
        var sqlite = db.Database.IsOnSqlite();
        var stored = columns.Select(c => new StoredColumn(c.GetGetter(), c.GetTypeMapping().Converter, GuidAsText: sqlite)).ToArray();
        return new WritePlan(text, columns, stored, positional, columns.All(BindsBySqlite));
    }

    /// <summary>Rows sent a batch of statements at a time (PostgreSQL): one round trip per <see cref="RowsPerBatch"/> rows, not one per row.</summary>
    private static async Task WriteBatchesAsync<T>(
        DbConnection connection, DbTransaction? transaction, string text, bool positional, StoredColumn[] stored, IReadOnlyCollection<T> rows,
        CancellationToken cancellationToken) where T : class
    {
        foreach (var chunk in rows.Chunk(RowsPerBatch))
        {
            await using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            foreach (var row in chunk)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = text;
                for (var i = 0; i < stored.Length; i++)
                {
                    var parameter = command.CreateParameter();
                    if (!positional)
                    {
                        parameter.ParameterName = "@p" + i;
                    }

                    // PostgreSQL cannot store a NUL (see PostgresNulGuard, which these statements do not pass through).
                    parameter.Value = stored[i].Of(row) switch
                    {
                        null => DBNull.Value,
                        string characters when characters.Contains('\0') => characters.Replace('\0', '\uFFFD'),
                        var value => value,
                    };
                    command.Parameters.Add(parameter);
                }

                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task WriteOneByOneAsync<T>(
        DbConnection connection, DbTransaction? transaction, string text, StoredColumn[] stored, IReadOnlyCollection<T> rows,
        CancellationToken cancellationToken) where T : class
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        var parameters = stored.Select((_, i) =>
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i;
            command.Parameters.Add(parameter);
            return parameter;
        }).ToArray();

        foreach (var row in rows)
        {
            for (var i = 0; i < stored.Length; i++)
            {
                parameters[i].Value = stored[i].Of(row) ?? DBNull.Value;
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// A key the store generates (an integer identity, a database default): left out of an append, refused in an upsert.
    /// A Guid key EF Core would generate on the client is the row's own (a notice's Uuid7), written as it is.
    /// </summary>
    private static bool StoreGenerated(IProperty key) =>
        key.ValueGenerated != ValueGenerated.Never && (key.ClrType != typeof(Guid) || key.GetDefaultValueSql() is not null);

    /// <summary>Column values stored as SQLite integers, reals or text, which the statement binds directly.</summary>
    private static bool BindsBySqlite(IProperty property)
    {
        var stored = property.GetTypeMapping().Converter?.ProviderClrType ?? property.ClrType;
        stored = Nullable.GetUnderlyingType(stored) ?? stored;
        return stored == typeof(string) || stored == typeof(long) || stored == typeof(int) || stored == typeof(bool) || stored == typeof(double)
            || stored == typeof(Guid);
    }

    private static void WriteSqlite<T>(sqlite3 handle, string text, IProperty[] columns, StoredColumn[] stored, IReadOnlyCollection<T> rows)
        where T : class
    {
        // The connection is open and inside the caller's transaction; the statement lives only for these rows.
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(handle, text, out var statement), handle);
        using (statement)
        {
            foreach (var row in rows)
            {
                for (var i = 0; i < stored.Length; i++)
                {
                    var rc = stored[i].Of(row) switch
                    {
                        null => raw.sqlite3_bind_null(statement, i + 1),
                        string characters => raw.sqlite3_bind_text(statement, i + 1, characters),
                        long number => raw.sqlite3_bind_int64(statement, i + 1, number),
                        int number => raw.sqlite3_bind_int64(statement, i + 1, number),
                        bool flag => raw.sqlite3_bind_int64(statement, i + 1, flag ? 1 : 0),
                        double real => raw.sqlite3_bind_double(statement, i + 1, real),
                        var other => throw new InvalidOperationException($"{columns[i].Name}: {other.GetType().Name} is not bound directly."),
                    };
                    SqliteException.ThrowExceptionForRC(rc, handle);
                }

                var stepped = raw.sqlite3_step(statement);
                if (stepped != raw.SQLITE_DONE)
                {
                    SqliteException.ThrowExceptionForRC(stepped, handle);
                }

                raw.sqlite3_reset(statement);
            }
        }
    }

    private sealed record StoredColumn(IClrPropertyGetter Getter, ValueConverter? Converter, bool GuidAsText)
    {
        /// <summary>The value as the database stores it (after the model's conversion), or null.</summary>
        public object? Of(object row)
        {
            var value = Getter.GetClrValue(row);
            value = value is not null && Converter is not null ? Converter.ConvertToProvider(value) : value;
            return GuidAsText && value is Guid guid ? guid.ToString().ToUpperInvariant() : value;
        }
    }
}
