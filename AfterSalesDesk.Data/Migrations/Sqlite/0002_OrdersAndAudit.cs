using AfterSalesDesk.Data.Providers.Sqlite;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AfterSalesDesk.Data.Migrations.Sqlite;

/// <summary>
/// The order side (customers, products, orders with lines, payments, shipments) and the append-only,
/// hash-chained audit trail, whose UPDATE and DELETE the database itself refuses.
/// </summary>
[DbContext(typeof(SqliteAppDbContext))]
[Migration("20261122010000_OrdersAndAudit")]
public sealed class OrdersAndAudit : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "AuditEntries",
            columns: table => new
            {
                Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                OccurredAt = table.Column<long>(type: "INTEGER", nullable: false),
                UserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                Role = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                Origin = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Action = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                EntityType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                EntityId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                Changes = table.Column<string>(type: "TEXT", nullable: true),
                Detail = table.Column<string>(type: "TEXT", nullable: true),
                PreviousHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AuditEntries", x => x.Sequence);
                table.CheckConstraint("CK_AuditEntries_Outcome", "\"Outcome\" IN ('Succeeded', 'Failed', 'Denied')");
            });

        migrationBuilder.CreateTable(
            name: "Customers",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                Code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                Phone = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                City = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Customers", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Products",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                MerchantId = table.Column<int>(type: "INTEGER", nullable: false),
                Sku = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                Category = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                PriceMinor = table.Column<long>(type: "INTEGER", nullable: false),
                Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                WarrantyMonths = table.Column<int>(type: "INTEGER", nullable: false),
                CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Products", x => x.Id);
                table.CheckConstraint("CK_Products_Price", "\"PriceMinor\" >= 0");
                table.CheckConstraint("CK_Products_Warranty", "\"WarrantyMonths\" BETWEEN 0 AND 120");
                table.ForeignKey("FK_Products_Merchants_MerchantId", x => x.MerchantId, "Merchants", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "Orders",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                OrderNo = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                MerchantId = table.Column<int>(type: "INTEGER", nullable: false),
                CustomerId = table.Column<long>(type: "INTEGER", nullable: false),
                Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                ShippingFeeMinor = table.Column<long>(type: "INTEGER", nullable: false),
                CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                PaidAt = table.Column<long>(type: "INTEGER", nullable: true),
                ShippedAt = table.Column<long>(type: "INTEGER", nullable: true),
                DeliveredAt = table.Column<long>(type: "INTEGER", nullable: true),
                CompletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                Version = table.Column<Guid>(type: "TEXT", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Orders", x => x.Id);
                table.CheckConstraint("CK_Orders_ShippingFee", "\"ShippingFeeMinor\" >= 0");
                table.CheckConstraint("CK_Orders_Status", "\"Status\" IN ('Created', 'Paid', 'Shipped', 'Delivered', 'Completed')");
                table.ForeignKey("FK_Orders_Customers_CustomerId", x => x.CustomerId, "Customers", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_Orders_Merchants_MerchantId", x => x.MerchantId, "Merchants", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "Payments",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                OrderId = table.Column<long>(type: "INTEGER", nullable: false),
                AmountMinor = table.Column<long>(type: "INTEGER", nullable: false),
                Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                Method = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                TransactionNo = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                PaidAt = table.Column<long>(type: "INTEGER", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Payments", x => x.Id);
                table.CheckConstraint("CK_Payments_Amount", "\"AmountMinor\" >= 0");
                table.ForeignKey("FK_Payments_Orders_OrderId", x => x.OrderId, "Orders", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "Shipments",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                OrderId = table.Column<long>(type: "INTEGER", nullable: false),
                Carrier = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                TrackingNo = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                ShippedAt = table.Column<long>(type: "INTEGER", nullable: false),
                DeliveredAt = table.Column<long>(type: "INTEGER", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Shipments", x => x.Id);
                table.ForeignKey("FK_Shipments_Orders_OrderId", x => x.OrderId, "Orders", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "OrderLines",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                OrderId = table.Column<long>(type: "INTEGER", nullable: false),
                ProductId = table.Column<int>(type: "INTEGER", nullable: false),
                Sku = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                ProductName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                Quantity = table.Column<int>(type: "INTEGER", nullable: false),
                UnitPriceMinor = table.Column<long>(type: "INTEGER", nullable: false),
                DiscountMinor = table.Column<long>(type: "INTEGER", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_OrderLines", x => x.Id);
                table.CheckConstraint("CK_OrderLines_Amounts", "\"UnitPriceMinor\" >= 0 AND \"DiscountMinor\" >= 0 AND \"DiscountMinor\" <= \"UnitPriceMinor\" * \"Quantity\"");
                table.CheckConstraint("CK_OrderLines_Quantity", "\"Quantity\" > 0");
                table.ForeignKey("FK_OrderLines_Orders_OrderId", x => x.OrderId, "Orders", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_OrderLines_Products_ProductId", x => x.ProductId, "Products", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateIndex("IX_AuditEntries_Action_OccurredAt", "AuditEntries", ["Action", "OccurredAt"]);
        migrationBuilder.CreateIndex("IX_AuditEntries_EntityType_EntityId", "AuditEntries", ["EntityType", "EntityId"]);
        migrationBuilder.CreateIndex("IX_AuditEntries_OccurredAt", "AuditEntries", "OccurredAt");
        migrationBuilder.CreateIndex("IX_AuditEntries_UserName_OccurredAt", "AuditEntries", ["UserName", "OccurredAt"]);
        migrationBuilder.CreateIndex("IX_Customers_Code", "Customers", "Code", unique: true);
        migrationBuilder.CreateIndex("IX_OrderLines_OrderId", "OrderLines", "OrderId");
        migrationBuilder.CreateIndex("IX_OrderLines_ProductId", "OrderLines", "ProductId");
        migrationBuilder.CreateIndex("IX_Orders_CustomerId", "Orders", "CustomerId");
        migrationBuilder.CreateIndex("IX_Orders_MerchantId_CreatedAt", "Orders", ["MerchantId", "CreatedAt"]);
        migrationBuilder.CreateIndex("IX_Orders_OrderNo", "Orders", "OrderNo", unique: true);
        migrationBuilder.CreateIndex("IX_Orders_Status_CreatedAt", "Orders", ["Status", "CreatedAt"]);
        migrationBuilder.CreateIndex("IX_Payments_OrderId", "Payments", "OrderId");
        migrationBuilder.CreateIndex("IX_Payments_TransactionNo", "Payments", "TransactionNo", unique: true);
        migrationBuilder.CreateIndex("IX_Products_MerchantId_Sku", "Products", ["MerchantId", "Sku"], unique: true);
        migrationBuilder.CreateIndex("IX_Shipments_OrderId", "Shipments", "OrderId");

        // The audit trail is append-only at the database level too.
        migrationBuilder.Sql("""
            CREATE TRIGGER "TR_AuditEntries_NoUpdate" BEFORE UPDATE ON "AuditEntries"
            BEGIN SELECT RAISE(ABORT, 'audit entries are append-only: UPDATE is not allowed'); END;
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER "TR_AuditEntries_NoDelete" BEFORE DELETE ON "AuditEntries"
            BEGIN SELECT RAISE(ABORT, 'audit entries are append-only: DELETE is not allowed'); END;
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"TR_AuditEntries_NoUpdate\";");
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"TR_AuditEntries_NoDelete\";");
        foreach (var table in new[] { "OrderLines", "Shipments", "Payments", "Orders", "Products", "Customers", "AuditEntries" })
        {
            migrationBuilder.DropTable(table);
        }
    }
}
