using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tthc.Reporting.Data.Migrations
{
    /// <inheritdoc />
    public partial class EndedLate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "EndedLate",
                table: "unit_year_counters",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "EndedLateWithApology",
                table: "unit_year_counters",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "EndedLate",
                table: "unit_month_counters",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "EndedLateWithApology",
                table: "unit_month_counters",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "EndedLate",
                table: "unit_day_counters",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "EndedLateWithApology",
                table: "unit_day_counters",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "EndedLate",
                table: "unit_year_counters");

            migrationBuilder.DropColumn(
                name: "EndedLateWithApology",
                table: "unit_year_counters");

            migrationBuilder.DropColumn(
                name: "EndedLate",
                table: "unit_month_counters");

            migrationBuilder.DropColumn(
                name: "EndedLateWithApology",
                table: "unit_month_counters");

            migrationBuilder.DropColumn(
                name: "EndedLate",
                table: "unit_day_counters");

            migrationBuilder.DropColumn(
                name: "EndedLateWithApology",
                table: "unit_day_counters");
        }
    }
}
