using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tthc.Reporting.Data.Migrations
{
    /// <summary>
    /// A counter of dossiers closed late whose apology came on a later day, on the day they closed, filled from the
    /// late-apology pairs: a report then subtracts only the pairs whose apology came after its end. Dropped by plain
    /// <c>DROP COLUMN</c> (SQLite 3.35+), so the tables stay <c>WITHOUT ROWID</c>.
    /// </summary>
    public partial class LateApologisedLater : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "LateApologisedLater",
                table: "unit_year_counters",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "LateApologisedLater",
                table: "unit_month_counters",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "LateApologisedLater",
                table: "unit_half_month_counters",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "LateApologisedLater",
                table: "unit_day_counters",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            // Each pair adds one at its closing day's row of every grain (the row exists: the late closing is counted there).
            foreach (var (table, key, period) in new[]
            {
                ("unit_day_counters", "Day", "\"DecidedOn\""),
                ("unit_half_month_counters", "Half", "strftime(CASE WHEN CAST(strftime('%d', \"DecidedOn\") AS INTEGER) >= 15 THEN '%Y-%m-15' ELSE '%Y-%m-01' END, \"DecidedOn\")"),
                ("unit_month_counters", "Month", "strftime('%Y-%m-01', \"DecidedOn\")"),
                ("unit_year_counters", "Year", "CAST(strftime('%Y', \"DecidedOn\") AS INTEGER)"),
            })
            {
                migrationBuilder.Sql($"""
                    UPDATE "{table}" SET "LateApologisedLater" = pairs.n
                    FROM (SELECT "UnitCode" AS unit, {period} AS period, COUNT(*) AS n FROM "late_apologies" GROUP BY 1, 2) AS pairs
                    WHERE "{table}"."UnitCode" = pairs.unit AND "{table}"."{key}" = pairs.period;
                    """);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in new[] { "unit_year_counters", "unit_month_counters", "unit_half_month_counters", "unit_day_counters" })
            {
                migrationBuilder.Sql($"ALTER TABLE \"{table}\" DROP COLUMN \"LateApologisedLater\";");
            }
        }
    }
}
