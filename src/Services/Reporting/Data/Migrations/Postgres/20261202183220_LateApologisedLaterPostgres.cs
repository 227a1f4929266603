using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tthc.Reporting.Data.Migrations.Postgres
{
    /// <summary>The counter of dossiers closed late and apologised for on a later day, filled from the pairs: see <see cref="LateApologisedLater"/>.</summary>
    public partial class LateApologisedLaterPostgres : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "LateApologisedLater",
                table: "unit_year_counters",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "LateApologisedLater",
                table: "unit_month_counters",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "LateApologisedLater",
                table: "unit_half_month_counters",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "LateApologisedLater",
                table: "unit_day_counters",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            foreach (var (table, key, period) in new[]
            {
                ("unit_day_counters", "Day", "\"DecidedOn\""),
                ("unit_half_month_counters", "Half", "make_date(EXTRACT(YEAR FROM \"DecidedOn\")::int, EXTRACT(MONTH FROM \"DecidedOn\")::int, CASE WHEN EXTRACT(DAY FROM \"DecidedOn\") >= 15 THEN 15 ELSE 1 END)"),
                ("unit_month_counters", "Month", "make_date(EXTRACT(YEAR FROM \"DecidedOn\")::int, EXTRACT(MONTH FROM \"DecidedOn\")::int, 1)"),
                ("unit_year_counters", "Year", "EXTRACT(YEAR FROM \"DecidedOn\")::int"),
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
            migrationBuilder.DropColumn(
                name: "LateApologisedLater",
                table: "unit_year_counters");

            migrationBuilder.DropColumn(
                name: "LateApologisedLater",
                table: "unit_month_counters");

            migrationBuilder.DropColumn(
                name: "LateApologisedLater",
                table: "unit_half_month_counters");

            migrationBuilder.DropColumn(
                name: "LateApologisedLater",
                table: "unit_day_counters");
        }
    }
}
