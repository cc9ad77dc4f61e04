using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AfterSalesDesk.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class QueueAndCaseIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AfterSalesCases_CreatedAt",
                table: "AfterSalesCases");

            migrationBuilder.DropIndex(
                name: "IX_AfterSalesCases_SlaDueAt_SlaAttentionAt_MerchantId",
                table: "AfterSalesCases");

            migrationBuilder.CreateIndex(
                name: "IX_Refunds_CaseId_Id",
                table: "Refunds",
                columns: new[] { "CaseId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Complaints_CaseId_Id",
                table: "Complaints",
                columns: new[] { "CaseId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AfterSalesCases_CreatedAt_UpdatedAt",
                table: "AfterSalesCases",
                columns: new[] { "CreatedAt", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AfterSalesCases_Kind_Priority_UpdatedAt",
                table: "AfterSalesCases",
                columns: new[] { "Kind", "Priority", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AfterSalesCases_SlaDueAt_Id_SlaAttentionAt_MerchantId",
                table: "AfterSalesCases",
                columns: new[] { "SlaDueAt", "Id", "SlaAttentionAt", "MerchantId" },
                filter: "\"SlaAttentionAt\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Refunds_CaseId_Id",
                table: "Refunds");

            migrationBuilder.DropIndex(
                name: "IX_Complaints_CaseId_Id",
                table: "Complaints");

            migrationBuilder.DropIndex(
                name: "IX_AfterSalesCases_CreatedAt_UpdatedAt",
                table: "AfterSalesCases");

            migrationBuilder.DropIndex(
                name: "IX_AfterSalesCases_Kind_Priority_UpdatedAt",
                table: "AfterSalesCases");

            migrationBuilder.DropIndex(
                name: "IX_AfterSalesCases_SlaDueAt_Id_SlaAttentionAt_MerchantId",
                table: "AfterSalesCases");

            migrationBuilder.CreateIndex(
                name: "IX_AfterSalesCases_CreatedAt",
                table: "AfterSalesCases",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_AfterSalesCases_SlaDueAt_SlaAttentionAt_MerchantId",
                table: "AfterSalesCases",
                columns: new[] { "SlaDueAt", "SlaAttentionAt", "MerchantId" },
                filter: "\"SlaAttentionAt\" IS NOT NULL");
        }
    }
}
