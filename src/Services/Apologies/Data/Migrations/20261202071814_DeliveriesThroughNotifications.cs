using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tthc.Apologies.Data.Migrations
{
    /// <inheritdoc />
    public partial class DeliveriesThroughNotifications : Migration
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

            migrationBuilder.AddColumn<Guid>(
                name: "NoticeId",
                table: "apology_deliveries",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_apology_deliveries_NoticeId",
                table: "apology_deliveries",
                column: "NoticeId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_apology_deliveries_NoticeId",
                table: "apology_deliveries");

            migrationBuilder.DropColumn(
                name: "NoticeId",
                table: "apology_deliveries");

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
