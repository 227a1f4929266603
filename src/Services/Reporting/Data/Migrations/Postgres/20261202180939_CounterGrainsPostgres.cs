using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tthc.Reporting.Data.Migrations.Postgres
{
    /// <summary>
    /// Counters by half-month (the 1st–14th, the 15th–end), filled from the day counters, and every counter table keyed
    /// period first: see <see cref="CounterGrains"/>.
    /// </summary>
    public partial class CounterGrainsPostgres : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_unit_year_counters",
                table: "unit_year_counters");

            migrationBuilder.DropPrimaryKey(
                name: "PK_unit_month_counters",
                table: "unit_month_counters");

            migrationBuilder.DropPrimaryKey(
                name: "PK_unit_day_counters",
                table: "unit_day_counters");

            migrationBuilder.AddPrimaryKey(
                name: "PK_unit_year_counters",
                table: "unit_year_counters",
                columns: new[] { "Year", "UnitCode" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_unit_month_counters",
                table: "unit_month_counters",
                columns: new[] { "Month", "UnitCode" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_unit_day_counters",
                table: "unit_day_counters",
                columns: new[] { "Day", "UnitCode" });

            migrationBuilder.CreateTable(
                name: "unit_half_month_counters",
                columns: table => new
                {
                    UnitCode = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    Half = table.Column<DateOnly>(type: "date", nullable: false),
                    ReceivedOnline = table.Column<long>(type: "bigint", nullable: false),
                    ReceivedCounter = table.Column<long>(type: "bigint", nullable: false),
                    ReceivedPostal = table.Column<long>(type: "bigint", nullable: false),
                    ResolvedEarly = table.Column<long>(type: "bigint", nullable: false),
                    ResolvedOnTime = table.Column<long>(type: "bigint", nullable: false),
                    ResolvedLate = table.Column<long>(type: "bigint", nullable: false),
                    ResolvedLateWithApology = table.Column<long>(type: "bigint", nullable: false),
                    Refused = table.Column<long>(type: "bigint", nullable: false),
                    Stopped = table.Column<long>(type: "bigint", nullable: false),
                    Withdrawn = table.Column<long>(type: "bigint", nullable: false),
                    OverdueStarted = table.Column<long>(type: "bigint", nullable: false),
                    OverdueEnded = table.Column<long>(type: "bigint", nullable: false),
                    OverdueWithApologyStarted = table.Column<long>(type: "bigint", nullable: false),
                    OverdueWithApologyEnded = table.Column<long>(type: "bigint", nullable: false),
                    ApologiesIssued = table.Column<long>(type: "bigint", nullable: false),
                    ApologiesIssuedLate = table.Column<long>(type: "bigint", nullable: false),
                    EndedLate = table.Column<long>(type: "bigint", nullable: false),
                    EndedLateWithApology = table.Column<long>(type: "bigint", nullable: false),
                    OpenNet = table.Column<long>(type: "bigint", nullable: false),
                    OverdueNet = table.Column<long>(type: "bigint", nullable: false),
                    OverdueWithApologyNet = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_unit_half_month_counters", x => new { x.Half, x.UnitCode });
                });

            var columns = string.Join(", ", CounterGrains.Columns.Select(c => $"\"{c}\""));
            migrationBuilder.Sql($"""
                INSERT INTO "unit_half_month_counters" ("UnitCode", "Half", {columns})
                SELECT "UnitCode", make_date(EXTRACT(YEAR FROM "Day")::int, EXTRACT(MONTH FROM "Day")::int, CASE WHEN EXTRACT(DAY FROM "Day") >= 15 THEN 15 ELSE 1 END),
                    {string.Join(", ", CounterGrains.Columns.Select(c => $"SUM(\"{c}\")"))}
                FROM "unit_day_counters" GROUP BY 1, 2;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "unit_half_month_counters");

            migrationBuilder.DropPrimaryKey(
                name: "PK_unit_year_counters",
                table: "unit_year_counters");

            migrationBuilder.DropPrimaryKey(
                name: "PK_unit_month_counters",
                table: "unit_month_counters");

            migrationBuilder.DropPrimaryKey(
                name: "PK_unit_day_counters",
                table: "unit_day_counters");

            migrationBuilder.AddPrimaryKey(
                name: "PK_unit_year_counters",
                table: "unit_year_counters",
                columns: new[] { "UnitCode", "Year" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_unit_month_counters",
                table: "unit_month_counters",
                columns: new[] { "UnitCode", "Month" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_unit_day_counters",
                table: "unit_day_counters",
                columns: new[] { "UnitCode", "Day" });
        }
    }
}
