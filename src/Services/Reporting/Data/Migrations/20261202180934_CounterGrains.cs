using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tthc.Reporting.Data.Migrations
{
    /// <summary>
    /// Counters by half-month (the 1st–14th, the 15th–end), filled from the day counters, so an official period (the
    /// 15th to the 14th) reads whole halves instead of a row per day. And every counter table is keyed period first and
    /// becomes a SQLite <c>WITHOUT ROWID</c> table, stored in the order of that key: a report's rows for a day, a half, a
    /// month or a year — every unit's — sit side by side in one B-tree, read in one pass instead of a seek per unit
    /// (a province-wide half-month: ≈ 0.75 ms instead of ≈ 3 ms), and an upsert walks one tree instead of two. EF Core has no setting for it: a later migration that makes EF rebuild one of
    /// these tables would drop the clause — <c>CounterTablesTests</c> says so.
    /// </summary>
    public partial class CounterGrains : Migration
    {
        /// <summary>The counter columns as of this migration (PostgreSQL's twin fills its table from the same list).</summary>
        internal static readonly string[] Columns =
        [
            "ReceivedOnline", "ReceivedCounter", "ReceivedPostal", "ResolvedEarly", "ResolvedOnTime", "ResolvedLate",
            "ResolvedLateWithApology", "Refused", "Stopped", "Withdrawn", "OverdueStarted", "OverdueEnded",
            "OverdueWithApologyStarted", "OverdueWithApologyEnded", "ApologiesIssued", "ApologiesIssuedLate", "EndedLate",
            "EndedLateWithApology", "OpenNet", "OverdueNet", "OverdueWithApologyNet",
        ];

        // The day table's first columns have no default (the later ones were added with DEFAULT 0); the month and year
        // tables had all but the last two from the start. Rebuilt, each keeps its own.
        private static readonly HashSet<string> DayWithoutDefault =
        [
            "ReceivedOnline", "ReceivedCounter", "ReceivedPostal", "ResolvedEarly", "ResolvedOnTime", "ResolvedLate", "Refused",
            "Stopped", "Withdrawn", "ApologiesIssuedLate",
        ];

        private static bool HasDefault(string table, string column) =>
            table.EndsWith("unit_day_counters", StringComparison.Ordinal) ? !DayWithoutDefault.Contains(column) : column is "EndedLate" or "EndedLateWithApology";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var (table, key) in new[] { ("unit_day_counters", "\"Day\" TEXT"), ("unit_month_counters", "\"Month\" TEXT"), ("unit_year_counters", "\"Year\" INTEGER") })
            {
                Rebuild(migrationBuilder, table, key, periodFirst: true);
            }

            migrationBuilder.Sql(Create("unit_half_month_counters", "\"Half\" TEXT", periodFirst: true));
            var columns = string.Join(", ", Columns.Select(c => $"\"{c}\""));
            migrationBuilder.Sql($"""
                INSERT INTO "unit_half_month_counters" ("UnitCode", "Half", {columns})
                SELECT "UnitCode", strftime(CASE WHEN CAST(strftime('%d', "Day") AS INTEGER) >= 15 THEN '%Y-%m-15' ELSE '%Y-%m-01' END, "Day"),
                    {string.Join(", ", Columns.Select(c => $"SUM(\"{c}\")"))}
                FROM "unit_day_counters" GROUP BY 1, 2;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(name: "unit_half_month_counters");
            foreach (var (table, key) in new[] { ("unit_day_counters", "\"Day\" TEXT"), ("unit_month_counters", "\"Month\" TEXT"), ("unit_year_counters", "\"Year\" INTEGER") })
            {
                Rebuild(migrationBuilder, table, key, periodFirst: false);
            }
        }

        /// <summary>A counter table copied into a new one with the same columns, then put in its place.</summary>
        private static void Rebuild(MigrationBuilder migrationBuilder, string table, string key, bool periodFirst)
        {
            var columns = $"\"UnitCode\", {Regex.Match(key, "\"\\w+\"").Value}, {string.Join(", ", Columns.Select(c => $"\"{c}\""))}";
            migrationBuilder.Sql(Create("ef_temp_" + table, key, periodFirst));
            migrationBuilder.Sql($"INSERT INTO \"ef_temp_{table}\" ({columns}) SELECT {columns} FROM \"{table}\";");
            migrationBuilder.Sql($"DROP TABLE \"{table}\";");
            migrationBuilder.Sql($"ALTER TABLE \"ef_temp_{table}\" RENAME TO \"{table}\";");
        }

        /// <summary>A counter table: keyed by period, then unit, without a rowid; or as before, by unit, then period.</summary>
        private static string Create(string table, string key, bool periodFirst)
        {
            var period = Regex.Match(key, "\"\\w+\"").Value;
            return $"""
                CREATE TABLE "{table}" (
                    "UnitCode" TEXT NOT NULL,
                    {key} NOT NULL,
                    {string.Join(",\n    ", Columns.Select(c => $"\"{c}\" INTEGER NOT NULL{(HasDefault(table, c) ? " DEFAULT 0" : "")}"))},
                    CONSTRAINT "PK_{table.Replace("ef_temp_", "", StringComparison.Ordinal)}" PRIMARY KEY ({(periodFirst ? $"{period}, \"UnitCode\"" : $"\"UnitCode\", {period}")})
                ){(periodFirst ? " WITHOUT ROWID" : "")};
                """;
        }
    }
}
