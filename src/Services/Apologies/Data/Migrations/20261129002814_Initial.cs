using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tthc.Apologies.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "apologies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    ProcedureCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    OriginalDueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    NewAppointmentDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    DraftedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    IssuedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_apologies", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_apologies_CaseCode",
                table: "apologies",
                column: "CaseCode");

            migrationBuilder.CreateIndex(
                name: "IX_apologies_UnitCode_Status",
                table: "apologies",
                columns: new[] { "UnitCode", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "apologies");
        }
    }
}
