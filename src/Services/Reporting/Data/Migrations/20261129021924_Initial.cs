using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tthc.Reporting.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "inbox_messages",
                columns: table => new
                {
                    EventId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    HandledAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inbox_messages", x => x.EventId);
                });

            migrationBuilder.CreateTable(
                name: "unit_day_counters",
                columns: table => new
                {
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ReceivedOnline = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceivedCounter = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceivedPostal = table.Column<long>(type: "INTEGER", nullable: false),
                    ResolvedEarly = table.Column<long>(type: "INTEGER", nullable: false),
                    ResolvedOnTime = table.Column<long>(type: "INTEGER", nullable: false),
                    ResolvedLate = table.Column<long>(type: "INTEGER", nullable: false),
                    Refused = table.Column<long>(type: "INTEGER", nullable: false),
                    Stopped = table.Column<long>(type: "INTEGER", nullable: false),
                    Withdrawn = table.Column<long>(type: "INTEGER", nullable: false),
                    ApologiesIssuedLate = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_unit_day_counters", x => new { x.UnitCode, x.Day });
                });

            migrationBuilder.CreateTable(
                name: "units",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_units", x => x.Code);
                });

            migrationBuilder.CreateIndex(
                name: "IX_unit_day_counters_Day",
                table: "unit_day_counters",
                column: "Day");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "inbox_messages");

            migrationBuilder.DropTable(
                name: "unit_day_counters");

            migrationBuilder.DropTable(
                name: "units");
        }
    }
}
