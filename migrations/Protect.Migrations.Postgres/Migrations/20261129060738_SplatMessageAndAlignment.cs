using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Protect.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class SplatMessageAndAlignment : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "AlignmentApplied",
                table: "verifications",
                type: "boolean",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HiddenMessage",
                table: "verifications",
                type: "character varying(1024)",
                maxLength: 1024,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HiddenMessage",
                table: "assets",
                type: "character varying(1024)",
                maxLength: 1024,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AlignmentApplied",
                table: "verifications");

            migrationBuilder.DropColumn(
                name: "HiddenMessage",
                table: "verifications");

            migrationBuilder.DropColumn(
                name: "HiddenMessage",
                table: "assets");
        }
    }
}
