using AfterSalesDesk.Data.Providers.Sqlite;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AfterSalesDesk.Data.Migrations.Sqlite;

/// <summary>After-sales cases with their lines, history, conversation and attachments.</summary>
[DbContext(typeof(SqliteAppDbContext))]
[Migration("20261122020000_Cases")]
public sealed class Cases : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "AfterSalesCases",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                CaseNo = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                OrderId = table.Column<long>(type: "INTEGER", nullable: false),
                MerchantId = table.Column<int>(type: "INTEGER", nullable: false),
                CustomerId = table.Column<long>(type: "INTEGER", nullable: false),
                Kind = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                Reason = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                Stage = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                Version = table.Column<Guid>(type: "TEXT", nullable: false),
                WasRefunded = table.Column<bool>(type: "INTEGER", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AfterSalesCases", x => x.Id);
                table.CheckConstraint("CK_AfterSalesCases_Kind", "\"Kind\" IN ('RefundOnly', 'ReturnAndRefund', 'Exchange', 'Repair')");
                table.CheckConstraint("CK_AfterSalesCases_Status", "\"Status\" IN ('Submitted', 'AwaitingMerchant', 'MerchantAgreed', 'MerchantRejected', 'MerchantCounterOffered', 'AwaitingReturnShipment', 'ReturnInTransit', 'ReturnReceived', 'Inspected', 'AwaitingRefund', 'Refunded', 'ReplacementShipped', 'Repairing', 'RepairedAndShippedBack', 'Resolved', 'Closed', 'CancelledByBuyer', 'Escalated')");
                table.ForeignKey("FK_AfterSalesCases_Customers_CustomerId", x => x.CustomerId, "Customers", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_AfterSalesCases_Merchants_MerchantId", x => x.MerchantId, "Merchants", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_AfterSalesCases_Orders_OrderId", x => x.OrderId, "Orders", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "CaseAttachments",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                CaseId = table.Column<long>(type: "INTEGER", nullable: false),
                FileName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                ContentType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Size = table.Column<long>(type: "INTEGER", nullable: false),
                Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                UploadedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                UploadedByRole = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                UploadedAt = table.Column<long>(type: "INTEGER", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_CaseAttachments", x => x.Id);
                table.CheckConstraint("CK_CaseAttachments_Size", "\"Size\" > 0 AND \"Size\" <= 10485760");
                table.ForeignKey("FK_CaseAttachments_AfterSalesCases_CaseId", x => x.CaseId, "AfterSalesCases", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "CaseEvents",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                CaseId = table.Column<long>(type: "INTEGER", nullable: false),
                From = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                To = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                Action = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                ActorId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                ActorName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                ActorRole = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                At = table.Column<long>(type: "INTEGER", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_CaseEvents", x => x.Id);
                table.ForeignKey("FK_CaseEvents_AfterSalesCases_CaseId", x => x.CaseId, "AfterSalesCases", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "CaseMessages",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                CaseId = table.Column<long>(type: "INTEGER", nullable: false),
                Visibility = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                Body = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                AuthorId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                AuthorName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                AuthorRole = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                At = table.Column<long>(type: "INTEGER", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_CaseMessages", x => x.Id);
                table.ForeignKey("FK_CaseMessages_AfterSalesCases_CaseId", x => x.CaseId, "AfterSalesCases", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "CaseLines",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                CaseId = table.Column<long>(type: "INTEGER", nullable: false),
                OrderLineId = table.Column<long>(type: "INTEGER", nullable: false),
                Quantity = table.Column<int>(type: "INTEGER", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_CaseLines", x => x.Id);
                table.CheckConstraint("CK_CaseLines_Quantity", "\"Quantity\" > 0");
                table.ForeignKey("FK_CaseLines_AfterSalesCases_CaseId", x => x.CaseId, "AfterSalesCases", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_CaseLines_OrderLines_OrderLineId", x => x.OrderLineId, "OrderLines", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateIndex("IX_AfterSalesCases_CaseNo", "AfterSalesCases", "CaseNo", unique: true);
        migrationBuilder.CreateIndex("IX_AfterSalesCases_CustomerId", "AfterSalesCases", "CustomerId");
        migrationBuilder.CreateIndex("IX_AfterSalesCases_MerchantId_CreatedAt", "AfterSalesCases", ["MerchantId", "CreatedAt"]);
        migrationBuilder.CreateIndex("IX_AfterSalesCases_OrderId", "AfterSalesCases", "OrderId");
        migrationBuilder.CreateIndex("IX_AfterSalesCases_Status_UpdatedAt", "AfterSalesCases", ["Status", "UpdatedAt"]);
        migrationBuilder.CreateIndex("IX_CaseAttachments_CaseId", "CaseAttachments", "CaseId");
        migrationBuilder.CreateIndex("IX_CaseEvents_CaseId", "CaseEvents", "CaseId");
        migrationBuilder.CreateIndex("IX_CaseLines_CaseId", "CaseLines", "CaseId");
        migrationBuilder.CreateIndex("IX_CaseLines_OrderLineId", "CaseLines", "OrderLineId");
        migrationBuilder.CreateIndex("IX_CaseMessages_CaseId", "CaseMessages", "CaseId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[] { "CaseLines", "CaseMessages", "CaseEvents", "CaseAttachments", "AfterSalesCases" })
        {
            migrationBuilder.DropTable(table);
        }
    }
}
