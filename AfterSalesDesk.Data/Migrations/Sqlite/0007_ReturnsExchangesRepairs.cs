using AfterSalesDesk.Data.Providers.Sqlite;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AfterSalesDesk.Data.Migrations.Sqlite;

/// <summary>
/// Returns, exchanges and repairs get their facts: the parcels of a case (return, replacement, repaired
/// item; a waybill is recorded once across all cases), the inspections of returned goods with their
/// deduction, and a repair's warranty decision, quote and progress. DDL as the model's create script
/// gives it. Every change also touches its case, so the case's own trigger feeds the change feed.
/// </summary>
[DbContext(typeof(SqliteAppDbContext))]
[Migration("20261124010000_ReturnsExchangesRepairs")]
public sealed class ReturnsExchangesRepairs : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TABLE "CaseInspections" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK_CaseInspections" PRIMARY KEY AUTOINCREMENT,
                "CaseId" INTEGER NOT NULL,
                "Result" TEXT NOT NULL,
                "DeductionBasisPoints" INTEGER NOT NULL,
                "DeductionKind" TEXT NULL,
                "Notes" TEXT NULL,
                "InspectedBy" TEXT NOT NULL,
                "InspectedByRole" TEXT NOT NULL,
                "InspectedAt" INTEGER NOT NULL,
                CONSTRAINT "CK_CaseInspections_Deduction" CHECK (("Result" = 'AcceptedWithDeduction' AND "DeductionBasisPoints" BETWEEN 1 AND 10000 AND "DeductionKind" IS NOT NULL) OR ("Result" <> 'AcceptedWithDeduction' AND "DeductionBasisPoints" = 0 AND "DeductionKind" IS NULL)),
                CONSTRAINT "CK_CaseInspections_Result" CHECK ("Result" IN ('Accepted', 'AcceptedWithDeduction', 'Rejected')),
                CONSTRAINT "FK_CaseInspections_AfterSalesCases_CaseId" FOREIGN KEY ("CaseId") REFERENCES "AfterSalesCases" ("Id") ON DELETE CASCADE
            );
            CREATE TABLE "CaseRepairs" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK_CaseRepairs" PRIMARY KEY AUTOINCREMENT,
                "CaseId" INTEGER NOT NULL,
                "Coverage" TEXT NOT NULL,
                "WarrantyEndsAt" INTEGER NULL,
                "CoverageNote" TEXT NOT NULL,
                "DecidedAt" INTEGER NOT NULL,
                "QuoteState" TEXT NOT NULL,
                "QuoteMinor" INTEGER NULL,
                "QuoteCurrency" TEXT NULL,
                "QuoteNote" TEXT NULL,
                "QuotedBy" TEXT NULL,
                "QuotedAt" INTEGER NULL,
                "AnsweredBy" TEXT NULL,
                "AnsweredAt" INTEGER NULL,
                "Stage" TEXT NULL,
                "StageAt" INTEGER NULL,
                CONSTRAINT "CK_CaseRepairs_Coverage" CHECK ("Coverage" IN ('Free', 'Chargeable')),
                CONSTRAINT "CK_CaseRepairs_Quote" CHECK (("QuoteState" = 'None' AND "QuoteMinor" IS NULL) OR ("QuoteState" <> 'None' AND "Coverage" = 'Chargeable' AND "QuoteMinor" > 0)),
                CONSTRAINT "CK_CaseRepairs_QuoteState" CHECK ("QuoteState" IN ('None', 'Pending', 'Accepted', 'Declined')),
                CONSTRAINT "FK_CaseRepairs_AfterSalesCases_CaseId" FOREIGN KEY ("CaseId") REFERENCES "AfterSalesCases" ("Id") ON DELETE CASCADE
            );
            CREATE TABLE "CaseShipments" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK_CaseShipments" PRIMARY KEY AUTOINCREMENT,
                "CaseId" INTEGER NOT NULL,
                "Leg" TEXT NOT NULL,
                "Carrier" TEXT NOT NULL,
                "TrackingNo" TEXT NOT NULL,
                "ShippedAt" INTEGER NOT NULL,
                "RecordedBy" TEXT NOT NULL,
                "DeliveredAt" INTEGER NULL,
                "DeliveryRecordedBy" TEXT NULL,
                "DeliveryNote" TEXT NULL,
                CONSTRAINT "CK_CaseShipments_Leg" CHECK ("Leg" IN ('Return', 'Replacement', 'RepairedItem')),
                CONSTRAINT "FK_CaseShipments_AfterSalesCases_CaseId" FOREIGN KEY ("CaseId") REFERENCES "AfterSalesCases" ("Id") ON DELETE CASCADE
            );
            CREATE INDEX "IX_CaseInspections_CaseId" ON "CaseInspections" ("CaseId");
            CREATE UNIQUE INDEX "IX_CaseRepairs_CaseId" ON "CaseRepairs" ("CaseId");
            CREATE UNIQUE INDEX "IX_CaseShipments_Carrier_TrackingNo" ON "CaseShipments" ("Carrier", "TrackingNo");
            CREATE INDEX "IX_CaseShipments_CaseId" ON "CaseShipments" ("CaseId");
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("CaseShipments");
        migrationBuilder.DropTable("CaseRepairs");
        migrationBuilder.DropTable("CaseInspections");
    }
}
