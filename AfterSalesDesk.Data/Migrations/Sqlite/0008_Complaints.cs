using AfterSalesDesk.Data.Providers.Sqlite;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AfterSalesDesk.Data.Migrations.Sqlite;

/// <summary>
/// Complaints and disputes: the complaint with its statements, evidence and history (DDL as the
/// model's create script gives it); one dispute in progress per case (unique filtered index).
/// </summary>
[DbContext(typeof(SqliteAppDbContext))]
[Migration("20261124020000_Complaints")]
public sealed class Complaints : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TABLE "Complaints" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK_Complaints" PRIMARY KEY AUTOINCREMENT,
                "ComplaintNo" TEXT NOT NULL,
                "MerchantId" INTEGER NOT NULL,
                "CustomerId" INTEGER NOT NULL,
                "OrderId" INTEGER NOT NULL,
                "CaseId" INTEGER NULL,
                "Category" TEXT NOT NULL,
                "Severity" TEXT NOT NULL,
                "Channel" TEXT NOT NULL,
                "Status" TEXT NOT NULL,
                "Summary" TEXT NOT NULL,
                "OpenedAt" INTEGER NOT NULL,
                "OpenedBy" TEXT NOT NULL,
                "EvidenceDueAt" INTEGER NULL,
                "Outcome" TEXT NULL,
                "Reasoning" TEXT NULL,
                "AwardBasisPoints" INTEGER NULL,
                "RefundId" INTEGER NULL,
                "PenaltyPoints" INTEGER NOT NULL,
                "DecidedBy" TEXT NULL,
                "DecidedAt" INTEGER NULL,
                "Reopened" INTEGER NOT NULL,
                "UpdatedAt" INTEGER NOT NULL,
                "UpdatedBy" TEXT NOT NULL,
                "Version" TEXT NOT NULL,
                CONSTRAINT "CK_Complaints_Category" CHECK ("Category" IN ('AfterSalesDispute', 'ServiceAttitude', 'Counterfeit', 'Logistics', 'Fraud')),
                CONSTRAINT "CK_Complaints_Channel" CHECK ("Channel" IN ('Escalation', 'Phone', 'OnlineChat', 'Email', 'App')),
                CONSTRAINT "CK_Complaints_Outcome" CHECK ("Outcome" IS NULL OR "Outcome" IN ('ForBuyer', 'ForMerchant', 'Partial')),
                CONSTRAINT "CK_Complaints_Points" CHECK ("PenaltyPoints" BETWEEN 0 AND 100),
                CONSTRAINT "CK_Complaints_Severity" CHECK ("Severity" IN ('Low', 'Medium', 'High', 'Critical')),
                CONSTRAINT "CK_Complaints_Status" CHECK ("Status" IN ('Open', 'AwaitingMerchantEvidence', 'AwaitingBuyerEvidence', 'UnderArbitration', 'Decided', 'Closed')),
                CONSTRAINT "FK_Complaints_AfterSalesCases_CaseId" FOREIGN KEY ("CaseId") REFERENCES "AfterSalesCases" ("Id") ON DELETE RESTRICT,
                CONSTRAINT "FK_Complaints_Customers_CustomerId" FOREIGN KEY ("CustomerId") REFERENCES "Customers" ("Id") ON DELETE RESTRICT,
                CONSTRAINT "FK_Complaints_Merchants_MerchantId" FOREIGN KEY ("MerchantId") REFERENCES "Merchants" ("Id") ON DELETE RESTRICT,
                CONSTRAINT "FK_Complaints_Orders_OrderId" FOREIGN KEY ("OrderId") REFERENCES "Orders" ("Id") ON DELETE RESTRICT
            );
            CREATE TABLE "ComplaintEvents" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK_ComplaintEvents" PRIMARY KEY AUTOINCREMENT,
                "ComplaintId" INTEGER NOT NULL,
                "From" TEXT NULL,
                "To" TEXT NOT NULL,
                "ActorName" TEXT NOT NULL,
                "ActorRole" TEXT NOT NULL,
                "Note" TEXT NOT NULL,
                "At" INTEGER NOT NULL,
                CONSTRAINT "FK_ComplaintEvents_Complaints_ComplaintId" FOREIGN KEY ("ComplaintId") REFERENCES "Complaints" ("Id") ON DELETE CASCADE
            );
            CREATE TABLE "ComplaintEvidence" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK_ComplaintEvidence" PRIMARY KEY AUTOINCREMENT,
                "ComplaintId" INTEGER NOT NULL,
                "Party" TEXT NOT NULL,
                "FileName" TEXT NOT NULL,
                "ContentType" TEXT NOT NULL,
                "Size" INTEGER NOT NULL,
                "Sha256" TEXT NOT NULL,
                "UploadedBy" TEXT NOT NULL,
                "At" INTEGER NOT NULL,
                CONSTRAINT "CK_ComplaintEvidence_Size" CHECK ("Size" > 0 AND "Size" <= 10485760),
                CONSTRAINT "FK_ComplaintEvidence_Complaints_ComplaintId" FOREIGN KEY ("ComplaintId") REFERENCES "Complaints" ("Id") ON DELETE CASCADE
            );
            CREATE TABLE "ComplaintStatements" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK_ComplaintStatements" PRIMARY KEY AUTOINCREMENT,
                "ComplaintId" INTEGER NOT NULL,
                "Party" TEXT NOT NULL,
                "Text" TEXT NOT NULL,
                "AuthorName" TEXT NOT NULL,
                "AuthorRole" TEXT NOT NULL,
                "At" INTEGER NOT NULL,
                CONSTRAINT "FK_ComplaintStatements_Complaints_ComplaintId" FOREIGN KEY ("ComplaintId") REFERENCES "Complaints" ("Id") ON DELETE CASCADE
            );
            CREATE INDEX "IX_ComplaintEvents_ComplaintId" ON "ComplaintEvents" ("ComplaintId");
            CREATE INDEX "IX_ComplaintEvidence_ComplaintId" ON "ComplaintEvidence" ("ComplaintId");
            CREATE UNIQUE INDEX "IX_Complaints_CaseId_Active" ON "Complaints" ("CaseId") WHERE "CaseId" IS NOT NULL AND "Status" NOT IN ('Decided', 'Closed');
            CREATE UNIQUE INDEX "IX_Complaints_ComplaintNo" ON "Complaints" ("ComplaintNo");
            CREATE INDEX "IX_Complaints_CustomerId" ON "Complaints" ("CustomerId");
            CREATE INDEX "IX_Complaints_EvidenceDueAt" ON "Complaints" ("EvidenceDueAt") WHERE "EvidenceDueAt" IS NOT NULL;
            CREATE INDEX "IX_Complaints_MerchantId_OpenedAt" ON "Complaints" ("MerchantId", "OpenedAt");
            CREATE INDEX "IX_Complaints_OrderId" ON "Complaints" ("OrderId");
            CREATE INDEX "IX_Complaints_Status_OpenedAt" ON "Complaints" ("Status", "OpenedAt");
            CREATE INDEX "IX_ComplaintStatements_ComplaintId" ON "ComplaintStatements" ("ComplaintId");
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("ComplaintStatements");
        migrationBuilder.DropTable("ComplaintEvidence");
        migrationBuilder.DropTable("ComplaintEvents");
        migrationBuilder.DropTable("Complaints");
    }
}
