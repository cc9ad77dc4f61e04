using AfterSalesDesk.Data.Providers.Sqlite;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AfterSalesDesk.Data.Migrations.Sqlite;

/// <summary>
/// Refunds: the refund, its lines and approvals (DDL as the model's create script gives it), and the
/// order's refundable balance (paid, committed) with the CHECK that keeps it from going below zero,
/// backfilled from the payments. A trigger puts refund changes on the case change feed.
/// </summary>
[DbContext(typeof(SqliteAppDbContext))]
[Migration("20261123030000_Refunds")]
public sealed class Refunds : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            ALTER TABLE "Orders" ADD COLUMN "PaidMinor" INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE "Orders" ADD COLUMN "RefundCommittedMinor" INTEGER NOT NULL DEFAULT 0 CONSTRAINT "CK_Orders_RefundBalance" CHECK ("RefundCommittedMinor" >= 0 AND "RefundCommittedMinor" <= "PaidMinor");
            UPDATE "Orders" SET "PaidMinor" = IFNULL((SELECT SUM(p."AmountMinor") FROM "Payments" p WHERE p."OrderId" = "Orders"."Id"), 0);
            """);
        migrationBuilder.Sql("""
            CREATE TABLE "Refunds" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK_Refunds" PRIMARY KEY AUTOINCREMENT,
                "CaseId" INTEGER NOT NULL,
                "OrderId" INTEGER NOT NULL,
                "MerchantId" INTEGER NOT NULL,
                "Status" TEXT NOT NULL,
                "Currency" TEXT NOT NULL,
                "LinesMinor" INTEGER NOT NULL,
                "DeductionBasisPoints" INTEGER NOT NULL,
                "DeductionMinor" INTEGER NOT NULL,
                "DeductionReason" TEXT NULL,
                "ShippingMinor" INTEGER NOT NULL,
                "AmountMinor" INTEGER NOT NULL,
                "RequiredApprovals" INTEGER NOT NULL,
                "ProposedById" TEXT NOT NULL,
                "ProposedBy" TEXT NOT NULL,
                "ProposedAt" INTEGER NOT NULL,
                "DecidedAt" INTEGER NULL,
                "RejectedBy" TEXT NULL,
                "RejectionReason" TEXT NULL,
                "IdempotencyKey" TEXT NOT NULL,
                "Attempts" INTEGER NOT NULL,
                "NextAttemptAt" INTEGER NULL,
                "LastError" TEXT NULL,
                "GatewayReference" TEXT NULL,
                "ExecutedAt" INTEGER NULL,
                "Version" TEXT NOT NULL,
                CONSTRAINT "CK_Refunds_Amounts" CHECK ("AmountMinor" > 0 AND "LinesMinor" >= 0 AND "DeductionMinor" >= 0 AND "DeductionMinor" <= "LinesMinor" AND "ShippingMinor" >= 0 AND "AmountMinor" = "LinesMinor" - "DeductionMinor" + "ShippingMinor"),
                CONSTRAINT "CK_Refunds_Approvals" CHECK ("RequiredApprovals" BETWEEN 0 AND 2),
                CONSTRAINT "CK_Refunds_Deduction" CHECK ("DeductionBasisPoints" BETWEEN 0 AND 10000),
                CONSTRAINT "CK_Refunds_Status" CHECK ("Status" IN ('AwaitingApproval', 'Granted', 'Succeeded', 'Rejected', 'Failed', 'Cancelled')),
                CONSTRAINT "FK_Refunds_AfterSalesCases_CaseId" FOREIGN KEY ("CaseId") REFERENCES "AfterSalesCases" ("Id") ON DELETE RESTRICT,
                CONSTRAINT "FK_Refunds_Orders_OrderId" FOREIGN KEY ("OrderId") REFERENCES "Orders" ("Id") ON DELETE RESTRICT
            );
            CREATE TABLE "RefundApprovals" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK_RefundApprovals" PRIMARY KEY AUTOINCREMENT,
                "RefundId" INTEGER NOT NULL,
                "ApproverId" TEXT NOT NULL,
                "ApproverName" TEXT NOT NULL,
                "At" INTEGER NOT NULL,
                CONSTRAINT "FK_RefundApprovals_Refunds_RefundId" FOREIGN KEY ("RefundId") REFERENCES "Refunds" ("Id") ON DELETE CASCADE
            );
            CREATE TABLE "RefundLines" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK_RefundLines" PRIMARY KEY AUTOINCREMENT,
                "RefundId" INTEGER NOT NULL,
                "OrderLineId" INTEGER NOT NULL,
                "Quantity" INTEGER NOT NULL,
                "AmountMinor" INTEGER NOT NULL,
                CONSTRAINT "CK_RefundLines_Amounts" CHECK ("Quantity" > 0 AND "AmountMinor" >= 0),
                CONSTRAINT "FK_RefundLines_OrderLines_OrderLineId" FOREIGN KEY ("OrderLineId") REFERENCES "OrderLines" ("Id") ON DELETE RESTRICT,
                CONSTRAINT "FK_RefundLines_Refunds_RefundId" FOREIGN KEY ("RefundId") REFERENCES "Refunds" ("Id") ON DELETE CASCADE
            );
            CREATE UNIQUE INDEX "IX_RefundApprovals_RefundId_ApproverId" ON "RefundApprovals" ("RefundId", "ApproverId");
            CREATE INDEX "IX_RefundLines_OrderLineId" ON "RefundLines" ("OrderLineId");
            CREATE INDEX "IX_RefundLines_RefundId" ON "RefundLines" ("RefundId");
            CREATE UNIQUE INDEX "IX_Refunds_CaseId_InProgress" ON "Refunds" ("CaseId") WHERE "Status" IN ('AwaitingApproval', 'Granted');
            CREATE UNIQUE INDEX "IX_Refunds_IdempotencyKey" ON "Refunds" ("IdempotencyKey");
            CREATE INDEX "IX_Refunds_NextAttemptAt" ON "Refunds" ("NextAttemptAt") WHERE "NextAttemptAt" IS NOT NULL;
            CREATE INDEX "IX_Refunds_OrderId" ON "Refunds" ("OrderId");
            CREATE INDEX "IX_Refunds_Status_ProposedAt" ON "Refunds" ("Status", "ProposedAt");
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER "TR_Refunds_Change" AFTER INSERT ON "Refunds"
            BEGIN
                INSERT INTO "CaseChanges" ("CaseId", "At") VALUES (NEW."CaseId", NEW."ProposedAt");
            END;
            CREATE TRIGGER "TR_Refunds_Change_Update" AFTER UPDATE ON "Refunds"
            BEGIN
                INSERT INTO "CaseChanges" ("CaseId", "At") VALUES (NEW."CaseId", NEW."ProposedAt");
            END;
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""DROP TRIGGER "TR_Refunds_Change"; DROP TRIGGER "TR_Refunds_Change_Update";""");
        migrationBuilder.DropTable("RefundApprovals");
        migrationBuilder.DropTable("RefundLines");
        migrationBuilder.DropTable("Refunds");
    }
}
