using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace AfterSalesDesk.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class AddRiskControl : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AfterSalesCases_CustomerId",
                table: "AfterSalesCases");

            migrationBuilder.AddColumn<bool>(
                name: "ReviewedForRisk",
                table: "Refunds",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "RiskLevel",
                table: "Refunds",
                type: "character varying(8)",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RiskScore",
                table: "Refunds",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Address",
                table: "Customers",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "AddressKey",
                table: "Customers",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<long>(
                name: "ListedAt",
                table: "Customers",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ListedBy",
                table: "Customers",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "Listing",
                table: "Customers",
                type: "character varying(8)",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ListingReason",
                table: "Customers",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "PhoneKey",
                table: "Customers",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "AbuseLabel",
                table: "AfterSalesCases",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "AbuseLabelAt",
                table: "AfterSalesCases",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AbuseLabelBy",
                table: "AfterSalesCases",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<long>(
                name: "RiskAssessedAt",
                table: "AfterSalesCases",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RiskLevel",
                table: "AfterSalesCases",
                type: "character varying(8)",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RiskOverrideAt",
                table: "AfterSalesCases",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RiskOverrideBy",
                table: "AfterSalesCases",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "RiskOverrideReason",
                table: "AfterSalesCases",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<int>(
                name: "RiskScore",
                table: "AfterSalesCases",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "RiskAssessments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CaseId = table.Column<long>(type: "bigint", nullable: false),
                    CustomerId = table.Column<long>(type: "bigint", nullable: false),
                    RefundId = table.Column<long>(type: "bigint", nullable: true),
                    Trigger = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Score = table.Column<int>(type: "integer", nullable: false),
                    Level = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    RuleSet = table.Column<string>(type: "character varying(48)", maxLength: 48, nullable: false, collation: "C"),
                    FactorsJson = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false, collation: "C"),
                    AssessedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RiskAssessments", x => x.Id);
                    table.CheckConstraint("CK_RiskAssessments_Score", "\"Score\" BETWEEN 0 AND 100");
                    table.ForeignKey(
                        name: "FK_RiskAssessments_AfterSalesCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "AfterSalesCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Customers_AddressKey",
                table: "Customers",
                column: "AddressKey",
                filter: "\"AddressKey\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Customers_Listing",
                table: "Customers",
                column: "Listing",
                filter: "\"Listing\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Customers_PhoneKey",
                table: "Customers",
                column: "PhoneKey",
                filter: "\"PhoneKey\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_AfterSalesCases_CustomerId_CreatedAt",
                table: "AfterSalesCases",
                columns: new[] { "CustomerId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RiskAssessments_CaseId_Id",
                table: "RiskAssessments",
                columns: new[] { "CaseId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_RiskAssessments_RefundId",
                table: "RiskAssessments",
                column: "RefundId",
                filter: "\"RefundId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RiskAssessments");

            migrationBuilder.DropIndex(
                name: "IX_Customers_AddressKey",
                table: "Customers");

            migrationBuilder.DropIndex(
                name: "IX_Customers_Listing",
                table: "Customers");

            migrationBuilder.DropIndex(
                name: "IX_Customers_PhoneKey",
                table: "Customers");

            migrationBuilder.DropIndex(
                name: "IX_AfterSalesCases_CustomerId_CreatedAt",
                table: "AfterSalesCases");

            migrationBuilder.DropColumn(
                name: "ReviewedForRisk",
                table: "Refunds");

            migrationBuilder.DropColumn(
                name: "RiskLevel",
                table: "Refunds");

            migrationBuilder.DropColumn(
                name: "RiskScore",
                table: "Refunds");

            migrationBuilder.DropColumn(
                name: "Address",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "AddressKey",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "ListedAt",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "ListedBy",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "Listing",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "ListingReason",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "PhoneKey",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "AbuseLabel",
                table: "AfterSalesCases");

            migrationBuilder.DropColumn(
                name: "AbuseLabelAt",
                table: "AfterSalesCases");

            migrationBuilder.DropColumn(
                name: "AbuseLabelBy",
                table: "AfterSalesCases");

            migrationBuilder.DropColumn(
                name: "RiskAssessedAt",
                table: "AfterSalesCases");

            migrationBuilder.DropColumn(
                name: "RiskLevel",
                table: "AfterSalesCases");

            migrationBuilder.DropColumn(
                name: "RiskOverrideAt",
                table: "AfterSalesCases");

            migrationBuilder.DropColumn(
                name: "RiskOverrideBy",
                table: "AfterSalesCases");

            migrationBuilder.DropColumn(
                name: "RiskOverrideReason",
                table: "AfterSalesCases");

            migrationBuilder.DropColumn(
                name: "RiskScore",
                table: "AfterSalesCases");

            migrationBuilder.CreateIndex(
                name: "IX_AfterSalesCases_CustomerId",
                table: "AfterSalesCases",
                column: "CustomerId");
        }
    }
}
