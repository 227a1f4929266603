using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Tthc.Messaging;

/// <summary>
/// Writes many rows of one table with one prepared statement in the context's current transaction, instead of
/// tracking each as an entity: at thousands of rows a second EF Core's change tracking, and the statement it prepares
/// anew for every row, cost more than the rows. Table, columns and value conversions come from the EF model, so the
/// rows are those EF would write; the SQL (<c>INSERT … ON CONFLICT … DO UPDATE</c>) is understood by SQLite and
/// PostgreSQL alike.
/// </summary>
public static class PreparedRows
{
    /// <summary>Inserts rows of a table that is only ever appended to (an inbox, a change log); store-generated keys are left to the store.</summary>
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

        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var key = entity.FindPrimaryKey()!.Properties;
        if (upsert && key.Any(p => p.ValueGenerated != ValueGenerated.Never))
        {
            throw new InvalidOperationException($"{typeof(T).Name}: an upsert needs a key the rows carry, not one the store generates.");
        }

        var columns = entity.GetProperties().Where(p => upsert || !(p.IsPrimaryKey() && p.ValueGenerated != ValueGenerated.Never)).ToArray();
        string Column(IProperty p) => sql.DelimitIdentifier(p.GetColumnName(table)!);

        if (db.Database.GetDbConnection().State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText =
            $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(Column))}) " +
            $"VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))})" +
            (upsert
                ? $" ON CONFLICT ({string.Join(", ", key.Select(Column))}) DO UPDATE SET " +
                  string.Join(", ", columns.Where(p => !p.IsPrimaryKey()).Select(p => $"{Column(p)} = excluded.{Column(p)}"))
                : "");
        var parameters = columns.Select((_, i) =>
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i;
            command.Parameters.Add(parameter);
            return parameter;
        }).ToArray();

        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Length; i++)
            {
                Set(parameters[i], columns[i], columns[i].GetGetter().GetClrValue(row));
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static void Set(DbParameter parameter, IProperty property, object? value) =>
        parameter.Value = value is null
            ? DBNull.Value
            : (property.GetTypeMapping().Converter is { } converter ? converter.ConvertToProvider(value) : value) ?? DBNull.Value;
}
