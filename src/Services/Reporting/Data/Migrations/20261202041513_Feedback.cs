using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tthc.Reporting.Data.Migrations
{
    /// <inheritdoc />
    public partial class Feedback : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "SupplementRequests",
                table: "dossier_facts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "petition_facts",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    CaseCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClassifyDueAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClassifiedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Decision = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    AnswerDueAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PausedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AnsweredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PublishDueAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastEventAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_petition_facts", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "satisfaction_days",
                columns: table => new
                {
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Ratings = table.Column<long>(type: "INTEGER", nullable: false),
                    C1 = table.Column<long>(type: "INTEGER", nullable: false),
                    C2 = table.Column<long>(type: "INTEGER", nullable: false),
                    C3 = table.Column<long>(type: "INTEGER", nullable: false),
                    C4 = table.Column<long>(type: "INTEGER", nullable: false),
                    C5 = table.Column<long>(type: "INTEGER", nullable: false),
                    C6 = table.Column<long>(type: "INTEGER", nullable: false),
                    C7 = table.Column<long>(type: "INTEGER", nullable: false),
                    C8 = table.Column<long>(type: "INTEGER", nullable: false),
                    C9 = table.Column<long>(type: "INTEGER", nullable: false),
                    VerySatisfied = table.Column<long>(type: "INTEGER", nullable: false),
                    Satisfied = table.Column<long>(type: "INTEGER", nullable: false),
                    Dissatisfied = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_satisfaction_days", x => new { x.UnitCode, x.Day });
                });

            migrationBuilder.CreateTable(
                name: "satisfaction_ratings",
                columns: table => new
                {
                    CaseCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Criteria = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Verdict = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_satisfaction_ratings", x => x.CaseCode);
                });

            migrationBuilder.CreateIndex(
                name: "IX_dossier_facts_UnitCode_ClosedAt",
                table: "dossier_facts",
                columns: new[] { "UnitCode", "ClosedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_petition_facts_UnitCode_AnswerDueAt",
                table: "petition_facts",
                columns: new[] { "UnitCode", "AnswerDueAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "petition_facts");

            migrationBuilder.DropTable(
                name: "satisfaction_days");

            migrationBuilder.DropTable(
                name: "satisfaction_ratings");

            migrationBuilder.DropIndex(
                name: "IX_dossier_facts_UnitCode_ClosedAt",
                table: "dossier_facts");

            migrationBuilder.DropColumn(
                name: "SupplementRequests",
                table: "dossier_facts");
        }
    }
}
