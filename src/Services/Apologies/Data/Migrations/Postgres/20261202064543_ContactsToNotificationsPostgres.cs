using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tthc.Apologies.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ContactsToNotificationsPostgres : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Details_ApplicantEmail",
                table: "apologies");

            migrationBuilder.DropColumn(
                name: "Details_ApplicantPhone",
                table: "apologies");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Details_ApplicantEmail",
                table: "apologies",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Details_ApplicantPhone",
                table: "apologies",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);
        }
    }
}
