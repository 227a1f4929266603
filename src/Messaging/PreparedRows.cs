using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Tthc.Messaging;

/// <summary>
/// Inserts rows of an append-only table (an inbox, a change log) with one prepared statement in the context's
/// current transaction, instead of tracking each as an entity: at thousands of rows a second EF Core's change tracking
/// of rows that are never read back cost more than the work they record. Table, columns and value conversions come
/// from the EF model, so the rows are those EF would write, on any provider; store-generated keys are left to the store.
/// </summary>
public static class AppendOnlyRows
{
    public static async Task AppendAsync<T>(DbContext db, IReadOnlyCollection<T> rows, CancellationToken cancellationToken) where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var columns = entity.GetProperties().Where(p => !(p.IsPrimaryKey() && p.ValueGenerated != ValueGenerated.Never)).ToArray();

        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText =
            $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} " +
            $"({string.Join(", ", columns.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)))}) " +
            $"VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))})";
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
