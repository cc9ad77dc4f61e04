using AfterSalesDesk.Data.Providers.Sqlite;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AfterSalesDesk.Data.Migrations.Sqlite;

/// <summary>
/// Exact click-through from the dashboard (decision 0017): the case keeps when its first-response clock was
/// met, filled here from that clock, so the cases behind the first-response figure are a range of one index.
/// Paid refunds get an index by (Status, ExecutedAt) in place of ExecutedAt alone: every query of paid refunds
/// also asks for Status = 'Succeeded', and SQLite then walked (Status, ProposedAt), that is every paid refund
/// ever, for the dashboard's refresh of two days as for a list of one week; and one store's paid refunds get
/// their own index by payment time.
/// </summary>
[DbContext(typeof(SqliteAppDbContext))]
[Migration("20261130090000_DashboardClickThrough")]
public sealed class DashboardClickThrough : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            ALTER TABLE "AfterSalesCases" ADD "FirstResponseAt" INTEGER NULL;

            -- The backfill is not news for live pages: no change-feed row per case.
            DROP TRIGGER "TR_AfterSalesCases_Update";
            UPDATE "AfterSalesCases" SET "FirstResponseAt" = (
                SELECT MIN(d."EndedAt") FROM "CaseDeadlines" d
                WHERE d."CaseId" = "AfterSalesCases"."Id" AND d."Kind" = 'AgentFirstResponse' AND d."State" = 'Met');
            CREATE TRIGGER "TR_AfterSalesCases_Update" AFTER UPDATE ON "AfterSalesCases"
            BEGIN
                INSERT INTO "CaseChanges" ("CaseId", "At") VALUES (NEW."Id", NEW."UpdatedAt");
            END;

            CREATE INDEX "IX_AfterSalesCases_FirstResponseAt" ON "AfterSalesCases" ("FirstResponseAt") WHERE "FirstResponseAt" IS NOT NULL;
            DROP INDEX "IX_Refunds_ExecutedAt";
            CREATE INDEX "IX_Refunds_Status_ExecutedAt" ON "Refunds" ("Status", "ExecutedAt") WHERE "ExecutedAt" IS NOT NULL;
            CREATE INDEX "IX_Refunds_MerchantId_ExecutedAt" ON "Refunds" ("MerchantId", "ExecutedAt") WHERE "Status" = 'Succeeded';
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_Refunds_MerchantId_ExecutedAt", "Refunds");
        migrationBuilder.DropIndex("IX_Refunds_Status_ExecutedAt", "Refunds");
        migrationBuilder.Sql("""CREATE INDEX "IX_Refunds_ExecutedAt" ON "Refunds" ("ExecutedAt") WHERE "ExecutedAt" IS NOT NULL;""");
        migrationBuilder.DropIndex("IX_AfterSalesCases_FirstResponseAt", "AfterSalesCases");
        migrationBuilder.DropColumn("FirstResponseAt", "AfterSalesCases");
    }
}
