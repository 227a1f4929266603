using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Tthc.Apologies.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InitialPostgres : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "apologies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    UnitCode = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    ReceivingUnitCode = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    ProcedureCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    OpenedBy = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: true),
                    NumberYear = table.Column<int>(type: "integer", nullable: true),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    OriginalDueAt = table.Column<long>(type: "bigint", nullable: false),
                    NewAppointmentDate = table.Column<DateOnly>(type: "date", nullable: true),
                    DraftedAt = table.Column<long>(type: "bigint", nullable: false),
                    IssuedAt = table.Column<long>(type: "bigint", nullable: true),
                    IssuedLate = table.Column<bool>(type: "boolean", nullable: false),
                    SignedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    SignerName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    SignerTitle = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    PublishedAt = table.Column<long>(type: "bigint", nullable: true),
                    CancelledAt = table.Column<long>(type: "bigint", nullable: true),
                    CancelReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ReportedMissing = table.Column<bool>(type: "boolean", nullable: false),
                    Reschedule = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    RescheduleNote = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    NextLinkAt = table.Column<long>(type: "bigint", nullable: true),
                    LinkAttempts = table.Column<int>(type: "integer", nullable: false),
                    Details_ApplicantName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Details_ApplicantIdNumber = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Details_ApplicantIsOrganisation = table.Column<bool>(type: "boolean", nullable: true),
                    Details_ApplicantAddress = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Details_ApplicantEmail = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Details_ApplicantPhone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Details_ProcedureName = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Details_UnitName = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Details_ReceivingUnitName = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Details_ReceivedAt = table.Column<long>(type: "bigint", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    LegalDeadline = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_apologies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "apology_sequences",
                columns: table => new
                {
                    UnitCode = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Last = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_apology_sequences", x => new { x.UnitCode, x.Year });
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
                name: "apology_deliveries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ApologyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Channel = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    At = table.Column<long>(type: "bigint", nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_apology_deliveries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_apology_deliveries_apologies_ApologyId",
                        column: x => x.ApologyId,
                        principalTable: "apologies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_apologies_CaseCode",
                table: "apologies",
                column: "CaseCode",
                unique: true,
                filter: "\"Status\" <> 'Cancelled'");

            migrationBuilder.CreateIndex(
                name: "IX_apologies_NextLinkAt",
                table: "apologies",
                column: "NextLinkAt");

            migrationBuilder.CreateIndex(
                name: "IX_apologies_UnitCode_NumberYear_Number",
                table: "apologies",
                columns: new[] { "UnitCode", "NumberYear", "Number" },
                unique: true,
                filter: "\"Number\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_apologies_UnitCode_PublishedAt",
                table: "apologies",
                columns: new[] { "UnitCode", "PublishedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_apologies_UnitCode_Status",
                table: "apologies",
                columns: new[] { "UnitCode", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_apology_deliveries_ApologyId",
                table: "apology_deliveries",
                column: "ApologyId");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_EventId",
                table: "outbox_messages",
                column: "EventId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_Status_Sequence",
                table: "outbox_messages",
                columns: new[] { "Status", "Sequence" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "apology_deliveries");

            migrationBuilder.DropTable(
                name: "apology_sequences");

            migrationBuilder.DropTable(
                name: "inbox_messages");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "apologies");
        }
    }
}
