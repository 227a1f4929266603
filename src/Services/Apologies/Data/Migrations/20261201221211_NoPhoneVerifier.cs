using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tthc.Apologies.Data.Migrations
{
    /// <inheritdoc />
    public partial class NoPhoneVerifier : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Details_PhoneLastDigits",
                table: "apologies");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Details_PhoneLastDigits",
                table: "apologies",
                type: "TEXT",
                maxLength: 4,
                nullable: true);
        }
    }
}
