using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tthc.Apologies.Data.Migrations
{
    /// <inheritdoc />
    public partial class Signer : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Details_ApplicantIsOrganisation",
                table: "apologies",
                type: "INTEGER",
                nullable: true);

            // Letters already fetched from Cases were all to persons: the owned facts must read back whole.
            migrationBuilder.Sql("UPDATE apologies SET Details_ApplicantIsOrganisation = 0 WHERE Details_ApplicantName IS NOT NULL;");

            migrationBuilder.AddColumn<string>(
                name: "SignerName",
                table: "apologies",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SignerTitle",
                table: "apologies",
                type: "TEXT",
                maxLength: 100,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Details_ApplicantIsOrganisation",
                table: "apologies");

            migrationBuilder.DropColumn(
                name: "SignerName",
                table: "apologies");

            migrationBuilder.DropColumn(
                name: "SignerTitle",
                table: "apologies");
        }
    }
}
