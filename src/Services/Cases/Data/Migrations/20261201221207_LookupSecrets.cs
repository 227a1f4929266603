using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tthc.Cases.Data.Migrations
{
    /// <inheritdoc />
    public partial class LookupSecrets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "LookupSecretHash",
                table: "dossiers",
                type: "TEXT",
                maxLength: 44,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "lookup_guards",
                columns: table => new
                {
                    DossierCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Failures = table.Column<int>(type: "INTEGER", nullable: false),
                    LockedUntil = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lookup_guards", x => x.DossierCode);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "lookup_guards");

            migrationBuilder.DropColumn(
                name: "LookupSecretHash",
                table: "dossiers");
        }
    }
}
