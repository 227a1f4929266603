using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tthc.Apologies.Data.Migrations
{
    /// <inheritdoc />
    public partial class ContactsToNotifications : Migration
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
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Details_ApplicantPhone",
                table: "apologies",
                type: "TEXT",
                maxLength: 20,
                nullable: true);
        }
    }
}
