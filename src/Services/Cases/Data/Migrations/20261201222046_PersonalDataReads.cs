using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tthc.Cases.Data.Migrations
{
    /// <inheritdoc />
    public partial class PersonalDataReads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "personal_data_reads",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DossierCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ActorUnitCode = table.Column<string>(type: "TEXT", maxLength: 13, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Through = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_personal_data_reads", x => x.Id);
                });

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
                name: "personal_data_reads");
        }
    }
}
