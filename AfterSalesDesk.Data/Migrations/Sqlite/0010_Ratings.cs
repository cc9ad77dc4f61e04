using AfterSalesDesk.Data.Providers.Sqlite;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AfterSalesDesk.Data.Migrations.Sqlite;

/// <summary>The buyer's ratings of finished cases and the follow-ups low ratings open, DDL as the model's create script gives it.</summary>
[DbContext(typeof(SqliteAppDbContext))]
[Migration("20261129220000_Ratings")]
public sealed class Ratings : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TABLE "CaseRatings" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK_CaseRatings" PRIMARY KEY AUTOINCREMENT,
                "CaseId" INTEGER NOT NULL,
                "MerchantId" INTEGER NOT NULL,
                "Kind" TEXT NOT NULL,
                "AgentId" TEXT NULL,
                "AgentName" TEXT NULL,
                "Stars" INTEGER NOT NULL,
                "Comment" TEXT NOT NULL,
                "RatedAt" INTEGER NOT NULL,
                "RecordedBy" TEXT NOT NULL,
                CONSTRAINT "CK_CaseRatings_Kind" CHECK ("Kind" IN ('RefundOnly', 'ReturnAndRefund', 'Exchange', 'Repair')),
                CONSTRAINT "CK_CaseRatings_Stars" CHECK ("Stars" BETWEEN 1 AND 5),
                CONSTRAINT "FK_CaseRatings_AfterSalesCases_CaseId" FOREIGN KEY ("CaseId") REFERENCES "AfterSalesCases" ("Id") ON DELETE RESTRICT,
                CONSTRAINT "FK_CaseRatings_Merchants_MerchantId" FOREIGN KEY ("MerchantId") REFERENCES "Merchants" ("Id") ON DELETE RESTRICT
            );
            CREATE TABLE "FollowUps" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK_FollowUps" PRIMARY KEY AUTOINCREMENT,
                "RatingId" INTEGER NOT NULL,
                "CaseId" INTEGER NOT NULL,
                "MerchantId" INTEGER NOT NULL,
                "Status" TEXT NOT NULL,
                "Priority" TEXT NOT NULL,
                "CreatedAt" INTEGER NOT NULL,
                "DueAt" INTEGER NOT NULL,
                "AssigneeId" TEXT NULL,
                "AssigneeName" TEXT NULL,
                "DoneAt" INTEGER NULL,
                "DoneBy" TEXT NULL,
                "Outcome" TEXT NULL,
                "Version" TEXT NOT NULL,
                CONSTRAINT "CK_FollowUps_Done" CHECK (("Status" = 'Done') = ("DoneAt" IS NOT NULL AND "Outcome" IS NOT NULL)),
                CONSTRAINT "CK_FollowUps_Priority" CHECK ("Priority" IN ('Low', 'Normal', 'High', 'Urgent')),
                CONSTRAINT "CK_FollowUps_Status" CHECK ("Status" IN ('Open', 'Done')),
                CONSTRAINT "FK_FollowUps_AfterSalesCases_CaseId" FOREIGN KEY ("CaseId") REFERENCES "AfterSalesCases" ("Id") ON DELETE RESTRICT,
                CONSTRAINT "FK_FollowUps_CaseRatings_RatingId" FOREIGN KEY ("RatingId") REFERENCES "CaseRatings" ("Id") ON DELETE RESTRICT,
                CONSTRAINT "FK_FollowUps_Merchants_MerchantId" FOREIGN KEY ("MerchantId") REFERENCES "Merchants" ("Id") ON DELETE RESTRICT
            );
            CREATE UNIQUE INDEX "IX_CaseRatings_CaseId" ON "CaseRatings" ("CaseId");
            CREATE INDEX "IX_CaseRatings_MerchantId_RatedAt_Stars" ON "CaseRatings" ("MerchantId", "RatedAt", "Stars");
            CREATE INDEX "IX_CaseRatings_RatedAt_Stars" ON "CaseRatings" ("RatedAt", "Stars");
            CREATE INDEX "IX_FollowUps_CaseId" ON "FollowUps" ("CaseId");
            CREATE INDEX "IX_FollowUps_MerchantId" ON "FollowUps" ("MerchantId");
            CREATE UNIQUE INDEX "IX_FollowUps_RatingId" ON "FollowUps" ("RatingId");
            CREATE INDEX "IX_FollowUps_Status_DueAt" ON "FollowUps" ("Status", "DueAt");

            -- A rating or a follow-up's progress is a change of its case for live pages (see CaseFeed).
            CREATE TRIGGER "TR_CaseRatings_Insert" AFTER INSERT ON "CaseRatings"
            BEGIN
                INSERT INTO "CaseChanges" ("CaseId", "At") VALUES (NEW."CaseId", NEW."RatedAt");
            END;
            CREATE TRIGGER "TR_FollowUps_Update" AFTER UPDATE ON "FollowUps"
            BEGIN
                INSERT INTO "CaseChanges" ("CaseId", "At") VALUES (NEW."CaseId", IFNULL(NEW."DoneAt", NEW."CreatedAt"));
            END;
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("FollowUps");
        migrationBuilder.DropTable("CaseRatings");
    }
}
