using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tthc.Cases.Data.Migrations
{
    /// <inheritdoc />
    public partial class Lifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ClosingReason",
                table: "dossiers",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DecidedAt",
                table: "dossiers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "NextWatchAt",
                table: "dossiers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RescheduledTo",
                table: "dossiers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ReturnedAt",
                table: "dossiers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Timeliness",
                table: "dossiers",
                type: "TEXT",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "dossiers",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Watch",
                table: "dossiers",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "WorkingDaysLate",
                table: "dossiers",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_dossiers_NextWatchAt",
                table: "dossiers",
                column: "NextWatchAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_dossiers_NextWatchAt",
                table: "dossiers");

            migrationBuilder.DropColumn(
                name: "ClosingReason",
                table: "dossiers");

            migrationBuilder.DropColumn(
                name: "DecidedAt",
                table: "dossiers");

            migrationBuilder.DropColumn(
                name: "NextWatchAt",
                table: "dossiers");

            migrationBuilder.DropColumn(
                name: "RescheduledTo",
                table: "dossiers");

            migrationBuilder.DropColumn(
                name: "ReturnedAt",
                table: "dossiers");

            migrationBuilder.DropColumn(
                name: "Timeliness",
                table: "dossiers");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "dossiers");

            migrationBuilder.DropColumn(
                name: "Watch",
                table: "dossiers");

            migrationBuilder.DropColumn(
                name: "WorkingDaysLate",
                table: "dossiers");
        }
    }
}
