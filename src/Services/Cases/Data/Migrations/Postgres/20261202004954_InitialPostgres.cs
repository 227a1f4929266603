using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Tthc.Cases.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InitialPostgres : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "calendar_schedules",
                columns: table => new
                {
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Json = table.Column<string>(type: "text", nullable: false),
                    ReplacedAt = table.Column<long>(type: "bigint", nullable: false),
                    ReplacedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_calendar_schedules", x => x.Year);
                });

            migrationBuilder.CreateTable(
                name: "dossier_history",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DossierCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    At = table.Column<long>(type: "bigint", nullable: false),
                    Actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Action = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    FromStatus = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    ToStatus = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Detail = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dossier_history", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "dossier_steps",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DossierCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    FromUnitCode = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    ToUnitCode = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    HandedAt = table.Column<long>(type: "bigint", nullable: false),
                    StepDueAt = table.Column<long>(type: "bigint", nullable: false),
                    CompletedAt = table.Column<long>(type: "bigint", nullable: true),
                    Result = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dossier_steps", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "dossiers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    UnitCode = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    ProcedureCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Channel = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ApplicantName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ApplicantIdNumber = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    ApplicantPhone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    ApplicantEmail = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ApplicantAddress = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ApplicantIsOrganisation = table.Column<bool>(type: "boolean", nullable: false),
                    LookupSecretHash = table.Column<string>(type: "character varying(44)", maxLength: 44, nullable: true),
                    Components = table.Column<List<string>>(type: "text[]", nullable: false),
                    ProcessingDays = table.Column<double>(type: "double precision", nullable: false),
                    SameDay = table.Column<bool>(type: "boolean", nullable: false),
                    ResponsibleUnitCode = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: true),
                    ReceivedAt = table.Column<long>(type: "bigint", nullable: false),
                    DueAt = table.Column<long>(type: "bigint", nullable: false),
                    RescheduledTo = table.Column<long>(type: "bigint", nullable: true),
                    DecidedAt = table.Column<long>(type: "bigint", nullable: true),
                    Timeliness = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    WorkingDaysLate = table.Column<int>(type: "integer", nullable: false),
                    ReturnedAt = table.Column<long>(type: "bigint", nullable: true),
                    ClosingReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    NextWatchAt = table.Column<long>(type: "bigint", nullable: true),
                    Watch = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    HoldingUnitCode = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: true),
                    ClockStartedAt = table.Column<long>(type: "bigint", nullable: true),
                    PausedMinutes = table.Column<double>(type: "double precision", nullable: false),
                    SupplementRequestedAt = table.Column<long>(type: "bigint", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dossiers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "idempotency_records",
                columns: table => new
                {
                    Key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    RequestHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DossierCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_idempotency_records", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "lookup_guards",
                columns: table => new
                {
                    DossierCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Failures = table.Column<int>(type: "integer", nullable: false),
                    LockedUntil = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lookup_guards", x => x.DossierCode);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EventId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Topic = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Type = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Subject = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    TraceParent = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Envelope = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "bigint", nullable: false),
                    LastError = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    SentAt = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_messages", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "personal_data_reads",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DossierCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Role = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ActorUnitCode = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: true),
                    At = table.Column<long>(type: "bigint", nullable: false),
                    Through = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_personal_data_reads", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "procedures",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Name = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Field = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Level = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ProcessingDays = table.Column<double>(type: "double precision", nullable: false),
                    SameDay = table.Column<bool>(type: "boolean", nullable: false),
                    UnitCode = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    Fee = table.Column<decimal>(type: "numeric", nullable: true),
                    SupplementRule = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Components = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_procedures", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "unit_day_sequences",
                columns: table => new
                {
                    UnitCode = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Last = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_unit_day_sequences", x => new { x.UnitCode, x.Day });
                });

            migrationBuilder.CreateTable(
                name: "units",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    Name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ParentCode = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: true),
                    RestDays = table.Column<List<string>>(type: "text[]", nullable: true),
                    OfficeHours = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_units", x => x.Code);
                });

            migrationBuilder.CreateIndex(
                name: "IX_dossier_history_DossierCode_Id",
                table: "dossier_history",
                columns: new[] { "DossierCode", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_dossier_steps_DossierCode_Id",
                table: "dossier_steps",
                columns: new[] { "DossierCode", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_dossiers_Code",
                table: "dossiers",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_dossiers_NextWatchAt",
                table: "dossiers",
                column: "NextWatchAt");

            migrationBuilder.CreateIndex(
                name: "IX_dossiers_UnitCode_Id",
                table: "dossiers",
                columns: new[] { "UnitCode", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_idempotency_records_CreatedAt",
                table: "idempotency_records",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_EventId",
                table: "outbox_messages",
                column: "EventId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_Status_Sequence",
                table: "outbox_messages",
                columns: new[] { "Status", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_personal_data_reads_Actor_Id",
                table: "personal_data_reads",
                columns: new[] { "Actor", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_personal_data_reads_DossierCode_Id",
                table: "personal_data_reads",
                columns: new[] { "DossierCode", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "calendar_schedules");

            migrationBuilder.DropTable(
                name: "dossier_history");

            migrationBuilder.DropTable(
                name: "dossier_steps");

            migrationBuilder.DropTable(
                name: "dossiers");

            migrationBuilder.DropTable(
                name: "idempotency_records");

            migrationBuilder.DropTable(
                name: "lookup_guards");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "personal_data_reads");

            migrationBuilder.DropTable(
                name: "procedures");

            migrationBuilder.DropTable(
                name: "unit_day_sequences");

            migrationBuilder.DropTable(
                name: "units");
        }
    }
}
