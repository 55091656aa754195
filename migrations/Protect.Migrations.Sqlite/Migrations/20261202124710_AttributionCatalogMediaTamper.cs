using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Protect.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AttributionCatalogMediaTamper : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AttributionJson",
                table: "verifications",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CatalogMatchesJson",
                table: "verifications",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TamperJson",
                table: "verifications",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TimelineJson",
                table: "verifications",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "AudioSnrDb",
                table: "assets",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "HashQuality",
                table: "assets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PerceptualHash",
                table: "assets",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "attribution_models",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwnerId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    BasedOnId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Progress = table.Column<int>(type: "INTEGER", nullable: false),
                    Blob = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    ClassesJson = table.Column<string>(type: "TEXT", nullable: false),
                    AccuracyJson = table.Column<string>(type: "TEXT", nullable: false),
                    TrainingSeconds = table.Column<double>(type: "REAL", nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_attribution_models", x => x.Id);
                    table.ForeignKey(
                        name: "FK_attribution_models_AspNetUsers_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "generators",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwnerId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SampleCount = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_generators", x => x.Id);
                    table.ForeignKey(
                        name: "FK_generators_AspNetUsers_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "attributions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwnerId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    SuspectBlob = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Progress = table.Column<int>(type: "INTEGER", nullable: false),
                    ModelVersionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    OutcomeJson = table.Column<string>(type: "TEXT", nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_attributions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_attributions_AspNetUsers_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_attributions_attribution_models_ModelVersionId",
                        column: x => x.ModelVersionId,
                        principalTable: "attribution_models",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "generator_samples",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    GeneratorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Blob = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_generator_samples", x => x.Id);
                    table.ForeignKey(
                        name: "FK_generator_samples_generators_GeneratorId",
                        column: x => x.GeneratorId,
                        principalTable: "generators",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_attribution_models_OwnerId_Version",
                table: "attribution_models",
                columns: new[] { "OwnerId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_attributions_ModelVersionId",
                table: "attributions",
                column: "ModelVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_attributions_OwnerId_CreatedAt",
                table: "attributions",
                columns: new[] { "OwnerId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_generator_samples_GeneratorId",
                table: "generator_samples",
                column: "GeneratorId");

            migrationBuilder.CreateIndex(
                name: "IX_generators_OwnerId_Name",
                table: "generators",
                columns: new[] { "OwnerId", "Name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "attributions");

            migrationBuilder.DropTable(
                name: "generator_samples");

            migrationBuilder.DropTable(
                name: "attribution_models");

            migrationBuilder.DropTable(
                name: "generators");

            migrationBuilder.DropColumn(
                name: "AttributionJson",
                table: "verifications");

            migrationBuilder.DropColumn(
                name: "CatalogMatchesJson",
                table: "verifications");

            migrationBuilder.DropColumn(
                name: "TamperJson",
                table: "verifications");

            migrationBuilder.DropColumn(
                name: "TimelineJson",
                table: "verifications");

            migrationBuilder.DropColumn(
                name: "AudioSnrDb",
                table: "assets");

            migrationBuilder.DropColumn(
                name: "HashQuality",
                table: "assets");

            migrationBuilder.DropColumn(
                name: "PerceptualHash",
                table: "assets");
        }
    }
}
