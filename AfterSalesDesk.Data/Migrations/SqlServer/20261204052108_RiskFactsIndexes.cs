using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AfterSalesDesk.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class RiskFactsIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Orders_CustomerId",
                table: "Orders");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_CustomerId_CreatedAt_PaidMinor",
                table: "Orders",
                columns: new[] { "CustomerId", "CreatedAt", "PaidMinor" });

            migrationBuilder.CreateIndex(
                name: "IX_AfterSalesCases_CustomerId_AbuseConfirmed",
                table: "AfterSalesCases",
                columns: new[] { "CustomerId", "CreatedAt" },
                filter: "\"AbuseLabel\" = 'AbuseConfirmed'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Orders_CustomerId_CreatedAt_PaidMinor",
                table: "Orders");

            migrationBuilder.DropIndex(
                name: "IX_AfterSalesCases_CustomerId_AbuseConfirmed",
                table: "AfterSalesCases");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_CustomerId",
                table: "Orders",
                column: "CustomerId");
        }
    }
}
