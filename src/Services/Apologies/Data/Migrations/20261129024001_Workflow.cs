using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tthc.Apologies.Data.Migrations
{
    /// <inheritdoc />
    public partial class Workflow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_apologies_CaseCode",
                table: "apologies");

            migrationBuilder.AddColumn<string>(
                name: "CancelReason",
                table: "apologies",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "CancelledAt",
                table: "apologies",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Details_ApplicantAddress",
                table: "apologies",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Details_ApplicantEmail",
                table: "apologies",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Details_ApplicantIdNumber",
                table: "apologies",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Details_ApplicantName",
                table: "apologies",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Details_ApplicantPhone",
                table: "apologies",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Details_PhoneLastDigits",
                table: "apologies",
                type: "TEXT",
                maxLength: 4,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Details_ProcedureName",
                table: "apologies",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Details_ReceivedAt",
                table: "apologies",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Details_ReceivingUnitName",
                table: "apologies",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Details_UnitName",
                table: "apologies",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IssuedLate",
                table: "apologies",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "LegalDeadline",
                table: "apologies",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "LinkAttempts",
                table: "apologies",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "NextLinkAt",
                table: "apologies",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "NumberYear",
                table: "apologies",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OpenedBy",
                table: "apologies",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "PublishedAt",
                table: "apologies",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReceivingUnitCode",
                table: "apologies",
                type: "TEXT",
                maxLength: 13,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "ReportedMissing",
                table: "apologies",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Reschedule",
                table: "apologies",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "RescheduleNote",
                table: "apologies",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SignedBy",
                table: "apologies",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "apologies",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "apology_deliveries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ApologyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
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

            migrationBuilder.CreateTable(
                name: "apology_sequences",
                columns: table => new
                {
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Last = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_apology_sequences", x => new { x.UnitCode, x.Year });
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
                name: "IX_apology_deliveries_ApologyId",
                table: "apology_deliveries",
                column: "ApologyId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "apology_deliveries");

            migrationBuilder.DropTable(
                name: "apology_sequences");

            migrationBuilder.DropIndex(
                name: "IX_apologies_CaseCode",
                table: "apologies");

            migrationBuilder.DropIndex(
                name: "IX_apologies_NextLinkAt",
                table: "apologies");

            migrationBuilder.DropIndex(
                name: "IX_apologies_UnitCode_NumberYear_Number",
                table: "apologies");

            migrationBuilder.DropIndex(
                name: "IX_apologies_UnitCode_PublishedAt",
                table: "apologies");

            migrationBuilder.DropColumn(
                name: "CancelReason",
                table: "apologies");

            migrationBuilder.DropColumn(
                name: "CancelledAt",
                table: "apologies");

            migrationBuilder.DropColumn(
                name: "Details_ApplicantAddress",
                table: "apologies");

            migrationBuilder.DropColumn(
                name: "Details_ApplicantEmail",
                table: "apologies");

            migrationBuilder.DropColumn(
                name: "Details_ApplicantIdNumber",
                table: "apologies");

            migrationBuilder.DropColumn(
                name: "Details_ApplicantName",
                table: "apologies");

            migrationBuilder.DropColumn(
                name: "Details_ApplicantPhone",
                table: "apologies");

            migrationBuilder.DropColumn(
                name: "Details_PhoneLastDigits",
                table: "apologies");

            migrationBuilder.DropColumn(
                name: "Details_ProcedureName",
                table: "apologies");

            migrationBuilder.DropColumn(
                name: "Details_ReceivedAt",
                table: "apologies");

            migrationBuilder.DropColumn(
                name: "Details_ReceivingUnitName",
                table: "apologies");

            migrationBuilder.DropColumn(
                name: "Details_UnitName",
                table: "apologies");

            migrationBuilder.DropColumn(
                name: "IssuedLate",
                table: "apologies");

            migrationBuilder.DropColumn(
                name: "LegalDeadline",
                table: "apologies");

            migrationBuilder.DropColumn(
                name: "LinkAttempts",
                table: "apologies");

            migrationBuilder.DropColumn(
                name: "NextLinkAt",
                table: "apologies");

            migrationBuilder.DropColumn(
                name: "NumberYear",
                table: "apologies");

            migrationBuilder.DropColumn(
                name: "OpenedBy",
                table: "apologies");

            migrationBuilder.DropColumn(
                name: "PublishedAt",
                table: "apologies");

            migrationBuilder.DropColumn(
                name: "ReceivingUnitCode",
                table: "apologies");

            migrationBuilder.DropColumn(
                name: "ReportedMissing",
                table: "apologies");

            migrationBuilder.DropColumn(
                name: "Reschedule",
                table: "apologies");

            migrationBuilder.DropColumn(
                name: "RescheduleNote",
                table: "apologies");

            migrationBuilder.DropColumn(
                name: "SignedBy",
                table: "apologies");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "apologies");

            migrationBuilder.CreateIndex(
                name: "IX_apologies_CaseCode",
                table: "apologies",
                column: "CaseCode");
        }
    }
}
