using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tthc.Reporting.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DecidedIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_dossier_facts_UnitCode_ClosedAt",
                table: "dossier_facts");

            migrationBuilder.CreateIndex(
                name: "IX_dossier_facts_ClosedAt_UnitCode",
                table: "dossier_facts",
                columns: new[] { "ClosedAt", "UnitCode" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_dossier_facts_ClosedAt_UnitCode",
                table: "dossier_facts");

            migrationBuilder.CreateIndex(
                name: "IX_dossier_facts_UnitCode_ClosedAt",
                table: "dossier_facts",
                columns: new[] { "UnitCode", "ClosedAt" });
        }
    }
}
