using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Tthc.Database;
using Tthc.Reporting.Domain;

namespace Tthc.Reporting.Data;

/// <summary>
/// The counter changes of one unit of work, summed in memory and written as one upsert per row touched
/// (<c>INSERT … ON CONFLICT DO UPDATE SET x = x + excluded.x</c>): counters are only ever added to, so they never need
/// to be read before they are written. Tables, columns and parameter types come from the EF model.
/// </summary>
public sealed class CounterBuffer
{
    private static readonly string[] Stored = Counters.StoredColumns;

    /// <summary>The day, half-month, month and year rows touched, by counter type, unit and key (the day, the half's and the month's first day, the year).</summary>
    private readonly Dictionary<(Type Table, string Unit, object Key), UnitDayCounter> _rows = [];

    public bool IsEmpty => _rows.Count == 0;

    /// <summary>Adds a change to the day, half-month, month and year rows of the unit.</summary>
    public void Add(string unit, DateOnly day, Column column, long delta)
    {
        Row(typeof(UnitDayCounter), unit, day).Add(column, delta);
        Row(typeof(UnitHalfMonthCounter), unit, UnitHalfMonthCounter.HalfOf(day)).Add(column, delta);
        Row(typeof(UnitMonthCounter), unit, new DateOnly(day.Year, day.Month, 1)).Add(column, delta);
        Row(typeof(UnitYearCounter), unit, day.Year).Add(column, delta);
    }

    private UnitDayCounter Row(Type table, string unit, object key)
    {
        if (!_rows.TryGetValue((table, unit, key), out var row))
        {
            // A scratch row: only its columns are used.
            _rows[(table, unit, key)] = row = new UnitDayCounter { UnitCode = unit, Day = default };
        }

        return row;
    }

    /// <summary>Writes every buffered row in the context's current transaction, then forgets them.</summary>
    public async Task FlushAsync(DbContext db, CancellationToken cancellationToken)
    {
        if (_rows.Count == 0)
        {
            return;
        }

        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        // Most changes touch two or three of the columns: a table's statement binds only the columns some row of this
        // flush changes, the rest are written as zero. One statement per table, prepared once per flush — one per set
        // of columns a row changes took twice as many statements to parse, ≈ 8 per delivery at intake.
        var rows = new List<(Type Table, string Unit, object Key, long[] Values)>(_rows.Count);
        var columnsOf = new Dictionary<Type, int>();
        foreach (var ((table, unit, key), row) in _rows)
        {
            var values = row.Values();
            var columns = 0;
            for (var i = 0; i < values.Length; i++)
            {
                columns |= values[i] != 0 ? 1 << i : 0;
            }

            if (columns != 0) // else changes that cancel out
            {
                rows.Add((table, unit, key, values));
                columnsOf[table] = columnsOf.GetValueOrDefault(table) | columns;
            }
        }

        var commands = new Dictionary<Type, DbCommand>();
        try
        {
            // In one order (table, unit, period), so two deliveries updating the same rows never wait on each other in a circle.
            foreach (var (table, unit, key, values) in rows.OrderBy(r => r.Table.Name, StringComparer.Ordinal)
                         .ThenBy(r => r.Unit, StringComparer.Ordinal).ThenBy(r => r.Key))
            {
                var columns = columnsOf[table];
                if (!commands.TryGetValue(table, out var command))
                {
                    commands[table] = command = Upsert(db, connection, transaction, table, columns);
                }

                command.Parameters[0].Value = unit;
                command.Parameters[1].Value = key;
                for (int i = 0, p = 2; i < values.Length; i++)
                {
                    if ((columns & (1 << i)) != 0)
                    {
                        command.Parameters[p++].Value = values[i];
                    }
                }

                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        finally
        {
            foreach (var command in commands.Values)
            {
                await command.DisposeAsync();
            }
        }

        _rows.Clear();
    }

    /// <summary>The upsert of one counter table for one set of changed columns, its text made once per model.</summary>
    private static DbCommand Upsert(DbContext db, DbConnection connection, DbTransaction? transaction, Type counterType, int columns)
    {
        var key = (db.Model, db.Database.ProviderNameOf(), counterType, columns);
        if (!Templates.TryGetValue(key, out var template))
        {
            template = Template(db, counterType, columns);
            if (Templates.Count < MaxTemplates)
            {
                Templates.TryAdd(key, template);
            }
        }

        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = template.Sql;
        foreach (var (name, mapping) in template.Parameters)
        {
            command.Parameters.Add(mapping.CreateParameter(command, name, null));
        }

        return command;
    }

    /// <summary>At most this many upserts are kept; rows that add up unusual mixes of columns beyond it are built each time.</summary>
    private const int MaxTemplates = 1024;

    /// <summary>
    /// Upserts by model, provider, table and set of columns, so a flush does not read the model's names and mappings
    /// again (4% of Reporting's processor time at intake went to building them). Each kind of event changes a few fixed
    /// columns, so few sets occur.
    /// </summary>
    private static readonly ConcurrentDictionary<(IModel Model, string? Provider, Type Table, int Columns), UpsertTemplate> Templates = new();

    private sealed record UpsertTemplate(string Sql, (string Name, RelationalTypeMapping Mapping)[] Parameters);

    /// <summary>The statement and its parameters, named as the EF model maps the table and its columns.</summary>
    private static UpsertTemplate Template(DbContext db, Type counterType, int columns)
    {
        var entity = db.Model.FindEntityType(counterType) ?? throw new InvalidOperationException($"{counterType.Name} is not in the model.");
        var store = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var table = sql.DelimitIdentifier(store.Name, store.Schema);
        string Column(IProperty property) => sql.DelimitIdentifier(property.GetColumnName(store)!);

        // The unit, then the day, half, month or year (bound in that order, whatever the order of the table's key).
        var key = entity.FindPrimaryKey()!.Properties.OrderBy(p => p.Name == nameof(Counters.UnitCode) ? 0 : 1).ToList();
        var counters = Stored.Select(name => entity.FindProperty(name)!).ToList();
        var changed = counters.Where((_, i) => (columns & (1 << i)) != 0).ToList();
        var text =
            $"INSERT INTO {table} ({string.Join(", ", key.Concat(counters).Select(Column))}) " +
            $"VALUES (@k0, @k1, {string.Join(", ", counters.Select(c => changed.Contains(c) ? "@" + c.Name : "0"))}) " +
            $"ON CONFLICT ({string.Join(", ", key.Select(Column))}) DO UPDATE SET " +
            string.Join(", ", changed.Select(c => $"{Column(c)} = {table}.{Column(c)} + excluded.{Column(c)}"));
        // The property's own mapping makes the parameter: a date is bound as the provider stores dates.
        var parameters = key.Select((p, i) => (Name: "@k" + i, Property: p)).Concat(changed.Select(c => (Name: "@" + c.Name, Property: c)))
            .Select(p => (p.Name, (RelationalTypeMapping)p.Property.GetTypeMapping()))
            .ToArray();
        return new UpsertTemplate(text, parameters);
    }
}
