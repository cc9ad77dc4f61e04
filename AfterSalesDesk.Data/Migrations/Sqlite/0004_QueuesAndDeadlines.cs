using AfterSalesDesk.Data.Providers.Sqlite;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AfterSalesDesk.Data.Migrations.Sqlite;

/// <summary>
/// Queues and deadlines: priority, assignee and deadline columns on cases (added in place, so existing
/// cases keep their rows and children), the clocks table, the queue counters and the change feed with
/// the triggers that keep them. Cases that existed before carry no clocks.
/// </summary>
[DbContext(typeof(SqliteAppDbContext))]
[Migration("20261123010000_QueuesAndDeadlines")]
public sealed class QueuesAndDeadlines : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        // ALTER TABLE keeps the table (and so its children: rebuilding a parent table would cascade-delete
        // them); the CHECK goes in as a column constraint, which SQLite allows on ADD COLUMN.
        migrationBuilder.Sql("""
            ALTER TABLE "AfterSalesCases" ADD COLUMN "IsOpen" INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE "AfterSalesCases" ADD COLUMN "Priority" TEXT NOT NULL DEFAULT 'Normal' CONSTRAINT "CK_AfterSalesCases_Priority" CHECK ("Priority" IN ('Low', 'Normal', 'High', 'Urgent'));
            ALTER TABLE "AfterSalesCases" ADD COLUMN "AssigneeId" TEXT NULL;
            ALTER TABLE "AfterSalesCases" ADD COLUMN "AssigneeName" TEXT NULL;
            ALTER TABLE "AfterSalesCases" ADD COLUMN "AssignedAt" INTEGER NULL;
            ALTER TABLE "AfterSalesCases" ADD COLUMN "SlaDueAt" INTEGER NULL;
            ALTER TABLE "AfterSalesCases" ADD COLUMN "SlaAttentionAt" INTEGER NULL;
            UPDATE "AfterSalesCases" SET "IsOpen" = CASE WHEN "Status" IN ('Closed', 'CancelledByBuyer') THEN 0 ELSE 1 END;
            """);

        migrationBuilder.CreateTable(
            name: "CaseDeadlines",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                CaseId = table.Column<long>(type: "INTEGER", nullable: false),
                Kind = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                DurationTicks = table.Column<long>(type: "INTEGER", nullable: false),
                AtRiskLeadTicks = table.Column<long>(type: "INTEGER", nullable: false),
                DueAt = table.Column<long>(type: "INTEGER", nullable: true),
                AtRiskAt = table.Column<long>(type: "INTEGER", nullable: true),
                FireAt = table.Column<long>(type: "INTEGER", nullable: true),
                RemainingTicks = table.Column<long>(type: "INTEGER", nullable: true),
                PausedAt = table.Column<long>(type: "INTEGER", nullable: true),
                BreachedAt = table.Column<long>(type: "INTEGER", nullable: true),
                EndedAt = table.Column<long>(type: "INTEGER", nullable: true),
                Outcome = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_CaseDeadlines", x => x.Id);
                table.CheckConstraint("CK_CaseDeadlines_Kind", "\"Kind\" IN ('MerchantResponse', 'BuyerReturnShipment', 'MerchantReceipt', 'AgentFirstResponse', 'Resolution')");
                table.CheckConstraint("CK_CaseDeadlines_State", "\"State\" IN ('Running', 'Paused', 'Met', 'Fired', 'Cancelled')");
                table.CheckConstraint("CK_CaseDeadlines_Running", "(\"State\" = 'Running') = (\"DueAt\" IS NOT NULL)");
                table.ForeignKey("FK_CaseDeadlines_AfterSalesCases_CaseId", x => x.CaseId, "AfterSalesCases", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "CaseCounts",
            columns: table => new
            {
                MerchantId = table.Column<int>(type: "INTEGER", nullable: false),
                AssigneeId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                Count = table.Column<long>(type: "INTEGER", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_CaseCounts", x => new { x.MerchantId, x.AssigneeId, x.Status }));

        migrationBuilder.CreateTable(
            name: "CaseChanges",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                CaseId = table.Column<long>(type: "INTEGER", nullable: false),
                At = table.Column<long>(type: "INTEGER", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_CaseChanges", x => x.Id));

        migrationBuilder.CreateIndex("IX_AfterSalesCases_AssigneeId_IsOpen_UpdatedAt_Status_Kind_Priority", "AfterSalesCases",
            ["AssigneeId", "IsOpen", "UpdatedAt", "Status", "Kind", "Priority"]);
        migrationBuilder.CreateIndex("IX_AfterSalesCases_CreatedAt", "AfterSalesCases", "CreatedAt");
        migrationBuilder.CreateIndex("IX_AfterSalesCases_MerchantId_UpdatedAt", "AfterSalesCases", ["MerchantId", "UpdatedAt"]);
        migrationBuilder.CreateIndex("IX_AfterSalesCases_SlaDueAt_SlaAttentionAt_MerchantId", "AfterSalesCases", ["SlaDueAt", "SlaAttentionAt", "MerchantId"],
            filter: "\"SlaAttentionAt\" IS NOT NULL");
        migrationBuilder.CreateIndex("IX_AfterSalesCases_UpdatedAt_CreatedAt_Status_Kind_Priority", "AfterSalesCases",
            ["UpdatedAt", "CreatedAt", "Status", "Kind", "Priority"]);
        migrationBuilder.CreateIndex("IX_Customers_Name", "Customers", "Name");
        migrationBuilder.CreateIndex("IX_CaseDeadlines_CaseId", "CaseDeadlines", "CaseId");
        migrationBuilder.CreateIndex("IX_CaseDeadlines_FireAt", "CaseDeadlines", "FireAt", filter: "\"FireAt\" IS NOT NULL");
        migrationBuilder.CreateIndex("IX_CaseCounts_AssigneeId_Status", "CaseCounts", ["AssigneeId", "Status"]);
        migrationBuilder.CreateIndex("IX_CaseCounts_Status", "CaseCounts", "Status");
        migrationBuilder.CreateIndex("IX_CaseChanges_At", "CaseChanges", "At");

        migrationBuilder.Sql(Triggers);
        migrationBuilder.Sql("""
            INSERT INTO "CaseCounts" ("MerchantId", "AssigneeId", "Status", "Count")
            SELECT "MerchantId", IFNULL("AssigneeId", ''), "Status", COUNT(*) FROM "AfterSalesCases"
            GROUP BY "MerchantId", IFNULL("AssigneeId", ''), "Status";
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            DROP TRIGGER "TR_AfterSalesCases_Insert";
            DROP TRIGGER "TR_AfterSalesCases_Update";
            DROP TRIGGER "TR_AfterSalesCases_Count";
            DROP TRIGGER "TR_AfterSalesCases_Delete";
            """);
        migrationBuilder.DropTable("CaseChanges");
        migrationBuilder.DropTable("CaseCounts");
        migrationBuilder.DropTable("CaseDeadlines");
        foreach (var index in new[] { "AssigneeId_IsOpen_UpdatedAt_Status_Kind_Priority", "CreatedAt", "MerchantId_UpdatedAt", "SlaDueAt_SlaAttentionAt_MerchantId", "UpdatedAt_CreatedAt_Status_Kind_Priority" })
        {
            migrationBuilder.DropIndex("IX_AfterSalesCases_" + index, "AfterSalesCases");
        }

        migrationBuilder.DropIndex("IX_Customers_Name", "Customers");
    }

    /// <summary>
    /// The counters move in the same statement as the case, whoever writes it; the change feed gets a
    /// row for every insert and update. Counts only change when merchant, assignee or status do.
    /// </summary>
    internal const string Triggers = """
        CREATE TRIGGER "TR_AfterSalesCases_Insert" AFTER INSERT ON "AfterSalesCases"
        BEGIN
            INSERT INTO "CaseCounts" ("MerchantId", "AssigneeId", "Status", "Count")
            VALUES (NEW."MerchantId", IFNULL(NEW."AssigneeId", ''), NEW."Status", 1)
            ON CONFLICT ("MerchantId", "AssigneeId", "Status") DO UPDATE SET "Count" = "Count" + 1;
            INSERT INTO "CaseChanges" ("CaseId", "At") VALUES (NEW."Id", NEW."UpdatedAt");
        END;

        CREATE TRIGGER "TR_AfterSalesCases_Count" AFTER UPDATE OF "MerchantId", "AssigneeId", "Status" ON "AfterSalesCases"
        BEGIN
            UPDATE "CaseCounts" SET "Count" = "Count" - 1
            WHERE "MerchantId" = OLD."MerchantId" AND "AssigneeId" = IFNULL(OLD."AssigneeId", '') AND "Status" = OLD."Status";
            INSERT INTO "CaseCounts" ("MerchantId", "AssigneeId", "Status", "Count")
            VALUES (NEW."MerchantId", IFNULL(NEW."AssigneeId", ''), NEW."Status", 1)
            ON CONFLICT ("MerchantId", "AssigneeId", "Status") DO UPDATE SET "Count" = "Count" + 1;
        END;

        CREATE TRIGGER "TR_AfterSalesCases_Update" AFTER UPDATE ON "AfterSalesCases"
        BEGIN
            INSERT INTO "CaseChanges" ("CaseId", "At") VALUES (NEW."Id", NEW."UpdatedAt");
        END;

        CREATE TRIGGER "TR_AfterSalesCases_Delete" AFTER DELETE ON "AfterSalesCases"
        BEGIN
            UPDATE "CaseCounts" SET "Count" = "Count" - 1
            WHERE "MerchantId" = OLD."MerchantId" AND "AssigneeId" = IFNULL(OLD."AssigneeId", '') AND "Status" = OLD."Status";
        END;
        """;
}
