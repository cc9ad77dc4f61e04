using AfterSalesDesk.Data.Providers.Sqlite;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AfterSalesDesk.Data.Migrations.Sqlite;

/// <summary>
/// The service-quality dashboard (decision 0017): when and how a case first finished, indexes for the
/// event times the dashboard buckets by, and the daily rollup tables. Existing cases get their finish
/// from the history (the first move into Resolved, Closed or CancelledByBuyer); generated cases have no
/// such history line, so theirs falls back to the last update of a finished case.
/// </summary>
[DbContext(typeof(SqliteAppDbContext))]
[Migration("20261129230000_Dashboard")]
public sealed class Dashboard : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            ALTER TABLE "AfterSalesCases" ADD "FinishedAt" INTEGER NULL;
            ALTER TABLE "AfterSalesCases" ADD "FinishedAs" TEXT NULL;

            -- The backfill is not news for live pages: no change-feed row per case.
            DROP TRIGGER "TR_AfterSalesCases_Update";
            UPDATE "AfterSalesCases" SET
                "FinishedAt" = (SELECT MIN(e."At") FROM "CaseEvents" e WHERE e."CaseId" = "AfterSalesCases"."Id" AND e."To" IN ('Resolved', 'Closed', 'CancelledByBuyer')),
                "FinishedAs" = (SELECT e."To" FROM "CaseEvents" e WHERE e."CaseId" = "AfterSalesCases"."Id" AND e."To" IN ('Resolved', 'Closed', 'CancelledByBuyer') ORDER BY e."At", e."Id" LIMIT 1)
            WHERE "Status" IN ('Resolved', 'Closed', 'CancelledByBuyer');
            UPDATE "AfterSalesCases" SET "FinishedAt" = "UpdatedAt", "FinishedAs" = "Status"
            WHERE "Status" IN ('Resolved', 'Closed', 'CancelledByBuyer') AND "FinishedAt" IS NULL;
            CREATE TRIGGER "TR_AfterSalesCases_Update" AFTER UPDATE ON "AfterSalesCases"
            BEGIN
                INSERT INTO "CaseChanges" ("CaseId", "At") VALUES (NEW."Id", NEW."UpdatedAt");
            END;

            CREATE INDEX "IX_AfterSalesCases_FinishedAt" ON "AfterSalesCases" ("FinishedAt") WHERE "FinishedAt" IS NOT NULL;
            CREATE INDEX "IX_CaseDeadlines_EndedAt" ON "CaseDeadlines" ("EndedAt") WHERE "EndedAt" IS NOT NULL;
            CREATE INDEX "IX_Orders_CreatedAt" ON "Orders" ("CreatedAt");
            CREATE INDEX "IX_Refunds_ExecutedAt" ON "Refunds" ("ExecutedAt") WHERE "ExecutedAt" IS NOT NULL;
            CREATE INDEX "IX_Complaints_OpenedAt" ON "Complaints" ("OpenedAt");

            CREATE TABLE "DailyCaseStats" (
                "Day" INTEGER NOT NULL,
                "MerchantId" INTEGER NOT NULL,
                "Kind" TEXT NOT NULL,
                "ClocksEnded" INTEGER NOT NULL,
                "ClocksMet" INTEGER NOT NULL,
                "Complaints" INTEGER NOT NULL,
                "Effective" INTEGER NOT NULL,
                "Finished" INTEGER NOT NULL,
                "FirstResponseTicks" INTEGER NOT NULL,
                "FirstResponses" INTEGER NOT NULL,
                "HandlingTicks" INTEGER NOT NULL,
                "Opened" INTEGER NOT NULL,
                "Orders" INTEGER NOT NULL,
                "RatingStars" INTEGER NOT NULL,
                "Ratings" INTEGER NOT NULL,
                "RefundMinor" INTEGER NOT NULL,
                "Refunds" INTEGER NOT NULL,
                "Stars1" INTEGER NOT NULL,
                "Stars2" INTEGER NOT NULL,
                "Stars3" INTEGER NOT NULL,
                "Stars4" INTEGER NOT NULL,
                "Stars5" INTEGER NOT NULL,
                CONSTRAINT "PK_DailyCaseStats" PRIMARY KEY ("Day", "MerchantId", "Kind")
            );
            CREATE TABLE "DailyRefundStats" (
                "Day" INTEGER NOT NULL,
                "MerchantId" INTEGER NOT NULL,
                "Kind" TEXT NOT NULL,
                "Reason" TEXT NOT NULL,
                "AmountMinor" INTEGER NOT NULL,
                "Refunds" INTEGER NOT NULL,
                CONSTRAINT "PK_DailyRefundStats" PRIMARY KEY ("Day", "MerchantId", "Kind", "Reason")
            );
            CREATE TABLE "DailyDurationBuckets" (
                "Day" INTEGER NOT NULL,
                "MerchantId" INTEGER NOT NULL,
                "Metric" TEXT NOT NULL,
                "Bucket" INTEGER NOT NULL,
                "Count" INTEGER NOT NULL,
                CONSTRAINT "PK_DailyDurationBuckets" PRIMARY KEY ("Day", "MerchantId", "Metric", "Bucket")
            );
            CREATE TABLE "DailyAgentStats" (
                "Day" INTEGER NOT NULL,
                "MerchantId" INTEGER NOT NULL,
                "AssigneeId" TEXT NOT NULL,
                "AssigneeName" TEXT NOT NULL,
                "Finished" INTEGER NOT NULL,
                "HandlingTicks" INTEGER NOT NULL,
                CONSTRAINT "PK_DailyAgentStats" PRIMARY KEY ("Day", "MerchantId", "AssigneeId")
            );
            CREATE INDEX "IX_DailyCaseStats_MerchantId_Day" ON "DailyCaseStats" ("MerchantId", "Day");
            CREATE INDEX "IX_DailyRefundStats_MerchantId_Day" ON "DailyRefundStats" ("MerchantId", "Day");
            CREATE INDEX "IX_DailyDurationBuckets_MerchantId_Day" ON "DailyDurationBuckets" ("MerchantId", "Day");
            CREATE INDEX "IX_DailyAgentStats_MerchantId_Day" ON "DailyAgentStats" ("MerchantId", "Day");
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[] { "DailyAgentStats", "DailyDurationBuckets", "DailyRefundStats", "DailyCaseStats" })
        {
            migrationBuilder.DropTable(table);
        }

        migrationBuilder.DropIndex("IX_Complaints_OpenedAt", "Complaints");
        migrationBuilder.DropIndex("IX_Refunds_ExecutedAt", "Refunds");
        migrationBuilder.DropIndex("IX_Orders_CreatedAt", "Orders");
        migrationBuilder.DropIndex("IX_CaseDeadlines_EndedAt", "CaseDeadlines");
        migrationBuilder.DropIndex("IX_AfterSalesCases_FinishedAt", "AfterSalesCases");
        migrationBuilder.DropColumn("FinishedAs", "AfterSalesCases");
        migrationBuilder.DropColumn("FinishedAt", "AfterSalesCases");
    }
}
