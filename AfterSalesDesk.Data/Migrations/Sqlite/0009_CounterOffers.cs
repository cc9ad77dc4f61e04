using AfterSalesDesk.Data.Providers.Sqlite;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AfterSalesDesk.Data.Migrations.Sqlite;

/// <summary>A merchant's counter-offers on a case (a partial refund with the goods kept, or another proposal), DDL as the model's create script gives it.</summary>
[DbContext(typeof(SqliteAppDbContext))]
[Migration("20261124030000_CounterOffers")]
public sealed class CounterOffers : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TABLE "CaseOffers" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK_CaseOffers" PRIMARY KEY AUTOINCREMENT,
                "CaseId" INTEGER NOT NULL,
                "Kind" TEXT NOT NULL,
                "RefundShareBasisPoints" INTEGER NULL,
                "Text" TEXT NOT NULL,
                "OfferedBy" TEXT NOT NULL,
                "OfferedAt" INTEGER NOT NULL,
                CONSTRAINT "CK_CaseOffers_Kind" CHECK ("Kind" IN ('PartialRefund', 'Other')),
                CONSTRAINT "CK_CaseOffers_Share" CHECK (("Kind" = 'PartialRefund' AND "RefundShareBasisPoints" BETWEEN 1 AND 9999) OR ("Kind" <> 'PartialRefund' AND "RefundShareBasisPoints" IS NULL)),
                CONSTRAINT "FK_CaseOffers_AfterSalesCases_CaseId" FOREIGN KEY ("CaseId") REFERENCES "AfterSalesCases" ("Id") ON DELETE CASCADE
            );
            CREATE INDEX "IX_CaseOffers_CaseId" ON "CaseOffers" ("CaseId");
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("CaseOffers");
}
