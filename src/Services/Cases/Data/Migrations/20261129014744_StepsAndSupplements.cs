using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tthc.Cases.Data.Migrations
{
    /// <inheritdoc />
    public partial class StepsAndSupplements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "HoldingUnitCode",
                table: "dossiers",
                type: "TEXT",
                maxLength: 13,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SupplementRequestedAt",
                table: "dossiers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "dossier_steps",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DossierCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    FromUnitCode = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    ToUnitCode = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    HandedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StepDueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Result = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dossier_steps", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_dossier_steps_DossierCode_Id",
                table: "dossier_steps",
                columns: new[] { "DossierCode", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "dossier_steps");

            migrationBuilder.DropColumn(
                name: "HoldingUnitCode",
                table: "dossiers");

            migrationBuilder.DropColumn(
                name: "SupplementRequestedAt",
                table: "dossiers");
        }
    }
}
