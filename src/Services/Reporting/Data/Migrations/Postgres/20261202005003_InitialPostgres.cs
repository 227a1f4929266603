using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Tthc.Reporting.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InitialPostgres : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "dossier_facts",
                columns: table => new
                {
                    CaseCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    UnitCode = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    ReceivingUnitCode = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    ProcedureCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Channel = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    ReceivedAt = table.Column<long>(type: "bigint", nullable: true),
                    DueAt = table.Column<long>(type: "bigint", nullable: true),
                    ClosedAt = table.Column<long>(type: "bigint", nullable: true),
                    Outcome = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    Timeliness = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    ApologyIssuedAt = table.Column<long>(type: "bigint", nullable: true),
                    ApologyIssuedLate = table.Column<bool>(type: "boolean", nullable: false),
                    ApologyNumber = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    RescheduledTo = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dossier_facts", x => x.CaseCode);
                });

            migrationBuilder.CreateTable(
                name: "fact_changes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CaseCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_fact_changes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "inbox_messages",
                columns: table => new
                {
                    EventId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Type = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    HandledAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inbox_messages", x => x.EventId);
                });

            migrationBuilder.CreateTable(
                name: "late_apologies",
                columns: table => new
                {
                    CaseCode = table.Column<string>(type: "text", nullable: false),
                    UnitCode = table.Column<string>(type: "text", nullable: false),
                    DecidedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ApologyOn = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_late_apologies", x => x.CaseCode);
                });

            migrationBuilder.CreateTable(
                name: "unit_day_counters",
                columns: table => new
                {
                    UnitCode = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
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
                    table.PrimaryKey("PK_unit_day_counters", x => new { x.UnitCode, x.Day });
                });

            migrationBuilder.CreateTable(
                name: "unit_month_counters",
                columns: table => new
                {
                    UnitCode = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
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
                    table.PrimaryKey("PK_unit_month_counters", x => new { x.UnitCode, x.Month });
                });

            migrationBuilder.CreateTable(
                name: "unit_year_counters",
                columns: table => new
                {
                    UnitCode = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
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
                    table.PrimaryKey("PK_unit_year_counters", x => new { x.UnitCode, x.Year });
                });

            migrationBuilder.CreateTable(
                name: "units",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    Name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ParentCode = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_units", x => x.Code);
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
                name: "inbox_messages");

            migrationBuilder.DropTable(
                name: "late_apologies");

            migrationBuilder.DropTable(
                name: "unit_day_counters");

            migrationBuilder.DropTable(
                name: "unit_month_counters");

            migrationBuilder.DropTable(
                name: "unit_year_counters");

            migrationBuilder.DropTable(
                name: "units");
        }
    }
}
