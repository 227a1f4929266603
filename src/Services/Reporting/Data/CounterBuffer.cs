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
        var commands = new Dictionary<(string Table, int Columns), DbCommand>();
        try
        {
            foreach (var ((table, unit, key), row) in _rows)
            {
                // Most changes touch two or three of the columns: the statement binds only those (a statement per set
                // of columns, prepared once per flush), the rest are written as zero.
                var values = row.Values();
                var columns = 0;
                for (var i = 0; i < values.Length; i++)
                {
                    columns |= values[i] != 0 ? 1 << i : 0;
                }

                if (columns == 0)
                {
                    continue; // changes that cancel out
                }

                if (!commands.TryGetValue((table, columns), out var command))
                {
                    commands[(table, columns)] = command = Upsert(connection, transaction, table, columns);
                }

                command.Parameters[0].Value = unit;
                command.Parameters[1].Value = table == "unit_year_counters" ? int.Parse(key, CultureInfo.InvariantCulture) : key;
                for (int i = 0, p = 2; i < values.Length; i++)
                {
                    if (values[i] != 0)
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

    private static DbCommand Upsert(DbConnection connection, DbTransaction? transaction, string table, int columns)
    {
        var key = table switch { "unit_day_counters" => "Day", "unit_month_counters" => "Month", _ => "Year" };
        var changed = Stored.Where((_, i) => (columns & (1 << i)) != 0).ToList();
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            $"INSERT INTO {table} (\"UnitCode\", \"{key}\", {string.Join(", ", Stored.Select(c => $"\"{c}\""))}) " +
            $"VALUES (@unit, @key, {string.Join(", ", Stored.Select(c => changed.Contains(c) ? "@" + c : "0"))}) " +
            $"ON CONFLICT (\"UnitCode\", \"{key}\") DO UPDATE SET {string.Join(", ", changed.Select(c => $"\"{c}\" = {table}.\"{c}\" + excluded.\"{c}\""))}";
        foreach (var name in new[] { "unit", "key" }.Concat(changed))
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
