using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Tthc.Messaging;

/// <summary>
/// Writes the inbox rows of a delivery with one prepared statement in the delivery's transaction, instead of tracking
/// each as an entity: the inbox is only ever appended to, and at a few thousand events a second EF Core's change
/// tracking of these rows cost more than their handlers. Table, columns and value conversions come from the EF model,
/// so the rows are the same as EF would write on any provider.
/// </summary>
internal static class InboxLog
{
    public static async Task AppendAsync(DbContext db, IReadOnlyCollection<InboxMessage> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var entity = db.Model.FindEntityType(typeof(InboxMessage))
            ?? throw new InvalidOperationException("The context has no inbox: call modelBuilder.AddInbox().");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var properties = new[] { nameof(InboxMessage.EventId), nameof(InboxMessage.Type), nameof(InboxMessage.HandledAt) }
            .Select(name => entity.FindProperty(name)!)
            .ToArray();

        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText =
            $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} " +
            $"({string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)))}) " +
            $"VALUES ({string.Join(", ", properties.Select((_, i) => "@p" + i))})";
        var parameters = properties.Select((_, i) =>
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i;
            command.Parameters.Add(parameter);
            return parameter;
        }).ToArray();

        foreach (var row in rows)
        {
            Set(parameters[0], properties[0], row.EventId);
            Set(parameters[1], properties[1], row.Type);
            Set(parameters[2], properties[2], row.HandledAt);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static void Set(DbParameter parameter, IProperty property, object value) =>
        parameter.Value = property.GetTypeMapping().Converter is { } converter ? converter.ConvertToProvider(value) : value;
}
