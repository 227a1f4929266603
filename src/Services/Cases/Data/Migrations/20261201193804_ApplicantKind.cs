using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tthc.Cases.Data.Migrations
{
    /// <inheritdoc />
    public partial class ApplicantKind : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "ApplicantIsOrganisation",
                table: "dossiers",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ApplicantIsOrganisation",
                table: "dossiers");
        }
    }
}
