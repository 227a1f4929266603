using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tthc.Reporting.Data.Migrations
{
    /// <inheritdoc />
    public partial class Facts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_unit_day_counters_Day",
                table: "unit_day_counters");

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "units",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "ParentCode",
                table: "units",
                type: "TEXT",
                maxLength: 13,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ApologiesIssued",
                table: "unit_day_counters",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "OpenNet",
                table: "unit_day_counters",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "OverdueEnded",
                table: "unit_day_counters",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "OverdueNet",
                table: "unit_day_counters",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "OverdueStarted",
                table: "unit_day_counters",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "OverdueWithApologyEnded",
                table: "unit_day_counters",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "OverdueWithApologyNet",
                table: "unit_day_counters",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "OverdueWithApologyStarted",
                table: "unit_day_counters",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "ResolvedLateWithApology",
                table: "unit_day_counters",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "dossier_facts",
                columns: table => new
                {
                    CaseCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    ReceivingUnitCode = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    ProcedureCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    Timeliness = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    ApologyIssuedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ApologyIssuedLate = table.Column<bool>(type: "INTEGER", nullable: false),
                    ApologyNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    RescheduledTo = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dossier_facts", x => x.CaseCode);
                });

            migrationBuilder.CreateTable(
                name: "fact_changes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_fact_changes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "late_apologies",
                columns: table => new
                {
                    CaseCode = table.Column<string>(type: "TEXT", nullable: false),
                    UnitCode = table.Column<string>(type: "TEXT", nullable: false),
                    DecidedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ApologyOn = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_late_apologies", x => x.CaseCode);
                });

            migrationBuilder.CreateTable(
                name: "unit_month_counters",
                columns: table => new
                {
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    Month = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ReceivedOnline = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceivedCounter = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceivedPostal = table.Column<long>(type: "INTEGER", nullable: false),
                    ResolvedEarly = table.Column<long>(type: "INTEGER", nullable: false),
                    ResolvedOnTime = table.Column<long>(type: "INTEGER", nullable: false),
                    ResolvedLate = table.Column<long>(type: "INTEGER", nullable: false),
                    ResolvedLateWithApology = table.Column<long>(type: "INTEGER", nullable: false),
                    Refused = table.Column<long>(type: "INTEGER", nullable: false),
                    Stopped = table.Column<long>(type: "INTEGER", nullable: false),
                    Withdrawn = table.Column<long>(type: "INTEGER", nullable: false),
                    OverdueStarted = table.Column<long>(type: "INTEGER", nullable: false),
                    OverdueEnded = table.Column<long>(type: "INTEGER", nullable: false),
                    OverdueWithApologyStarted = table.Column<long>(type: "INTEGER", nullable: false),
                    OverdueWithApologyEnded = table.Column<long>(type: "INTEGER", nullable: false),
                    ApologiesIssued = table.Column<long>(type: "INTEGER", nullable: false),
                    ApologiesIssuedLate = table.Column<long>(type: "INTEGER", nullable: false),
                    OpenNet = table.Column<long>(type: "INTEGER", nullable: false),
                    OverdueNet = table.Column<long>(type: "INTEGER", nullable: false),
                    OverdueWithApologyNet = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_unit_month_counters", x => new { x.UnitCode, x.Month });
                });

            migrationBuilder.CreateTable(
                name: "unit_year_counters",
                columns: table => new
                {
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    ReceivedOnline = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceivedCounter = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceivedPostal = table.Column<long>(type: "INTEGER", nullable: false),
                    ResolvedEarly = table.Column<long>(type: "INTEGER", nullable: false),
                    ResolvedOnTime = table.Column<long>(type: "INTEGER", nullable: false),
                    ResolvedLate = table.Column<long>(type: "INTEGER", nullable: false),
                    ResolvedLateWithApology = table.Column<long>(type: "INTEGER", nullable: false),
                    Refused = table.Column<long>(type: "INTEGER", nullable: false),
                    Stopped = table.Column<long>(type: "INTEGER", nullable: false),
                    Withdrawn = table.Column<long>(type: "INTEGER", nullable: false),
                    OverdueStarted = table.Column<long>(type: "INTEGER", nullable: false),
                    OverdueEnded = table.Column<long>(type: "INTEGER", nullable: false),
                    OverdueWithApologyStarted = table.Column<long>(type: "INTEGER", nullable: false),
                    OverdueWithApologyEnded = table.Column<long>(type: "INTEGER", nullable: false),
                    ApologiesIssued = table.Column<long>(type: "INTEGER", nullable: false),
                    ApologiesIssuedLate = table.Column<long>(type: "INTEGER", nullable: false),
                    OpenNet = table.Column<long>(type: "INTEGER", nullable: false),
                    OverdueNet = table.Column<long>(type: "INTEGER", nullable: false),
                    OverdueWithApologyNet = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_unit_year_counters", x => new { x.UnitCode, x.Year });
                });

            migrationBuilder.CreateIndex(
                name: "IX_dossier_facts_UnitCode_DueAt",
                table: "dossier_facts",
                columns: new[] { "UnitCode", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_late_apologies_DecidedOn_ApologyOn_UnitCode",
                table: "late_apologies",
                columns: new[] { "DecidedOn", "ApologyOn", "UnitCode" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "dossier_facts");

            migrationBuilder.DropTable(
                name: "fact_changes");

            migrationBuilder.DropTable(
                name: "late_apologies");

            migrationBuilder.DropTable(
                name: "unit_month_counters");

            migrationBuilder.DropTable(
                name: "unit_year_counters");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "units");

            migrationBuilder.DropColumn(
                name: "ParentCode",
                table: "units");

            migrationBuilder.DropColumn(
                name: "ApologiesIssued",
                table: "unit_day_counters");

            migrationBuilder.DropColumn(
                name: "OpenNet",
                table: "unit_day_counters");

            migrationBuilder.DropColumn(
                name: "OverdueEnded",
                table: "unit_day_counters");

            migrationBuilder.DropColumn(
                name: "OverdueNet",
                table: "unit_day_counters");

            migrationBuilder.DropColumn(
                name: "OverdueStarted",
                table: "unit_day_counters");

            migrationBuilder.DropColumn(
                name: "OverdueWithApologyEnded",
                table: "unit_day_counters");

            migrationBuilder.DropColumn(
                name: "OverdueWithApologyNet",
                table: "unit_day_counters");

            migrationBuilder.DropColumn(
                name: "OverdueWithApologyStarted",
                table: "unit_day_counters");

            migrationBuilder.DropColumn(
                name: "ResolvedLateWithApology",
                table: "unit_day_counters");

            migrationBuilder.CreateIndex(
                name: "IX_unit_day_counters_Day",
                table: "unit_day_counters",
                column: "Day");
        }
    }
}
