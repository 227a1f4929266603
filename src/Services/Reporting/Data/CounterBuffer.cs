using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Tthc.Reporting.Domain;

namespace Tthc.Reporting.Data;

/// <summary>
/// The counter changes of one unit of work, summed in memory and written at save time as one upsert per row touched
/// (<c>INSERT … ON CONFLICT DO UPDATE SET x = x + excluded.x</c>): counters are only ever added to, so they never need
/// to be read before they are written.
/// </summary>
public sealed class CounterBuffer
{
    private static readonly string[] Stored = Counters.StoredColumns;

    private readonly Dictionary<(string Table, string Unit, string Key), UnitDayCounter> _rows = [];

    public bool IsEmpty => _rows.Count == 0;

    /// <summary>Adds a change to the day, month and year rows of the unit.</summary>
    public void Add(string unit, DateOnly day, Column column, long delta)
    {
        Row("unit_day_counters", unit, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Add(column, delta);
        Row("unit_month_counters", unit, new DateOnly(day.Year, day.Month, 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Add(column, delta);
        Row("unit_year_counters", unit, day.Year.ToString(CultureInfo.InvariantCulture)).Add(column, delta);
    }

    private UnitDayCounter Row(string table, string unit, string key)
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
        var commands = new Dictionary<string, DbCommand>();
        try
        {
            foreach (var ((table, unit, key), row) in _rows)
            {
                if (!commands.TryGetValue(table, out var command))
                {
                    commands[table] = command = Upsert(connection, transaction, table);
                }

                command.Parameters[0].Value = unit;
                command.Parameters[1].Value = table == "unit_year_counters" ? int.Parse(key, CultureInfo.InvariantCulture) : key;
                var values = row.Values();
                for (var i = 0; i < values.Length; i++)
                {
                    command.Parameters[i + 2].Value = values[i];
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

    private static DbCommand Upsert(DbConnection connection, DbTransaction? transaction, string table)
    {
        var key = table switch { "unit_day_counters" => "Day", "unit_month_counters" => "Month", _ => "Year" };
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            $"INSERT INTO {table} (\"UnitCode\", \"{key}\", {string.Join(", ", Stored.Select(c => $"\"{c}\""))}) " +
            $"VALUES (@unit, @key, {string.Join(", ", Stored.Select(c => "@" + c))}) " +
            $"ON CONFLICT (\"UnitCode\", \"{key}\") DO UPDATE SET {string.Join(", ", Stored.Select(c => $"\"{c}\" = {table}.\"{c}\" + excluded.\"{c}\""))}";
        foreach (var name in new[] { "unit", "key" }.Concat(Stored))
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
