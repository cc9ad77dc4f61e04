using AfterSalesDesk.Data.Providers.Sqlite;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AfterSalesDesk.Data.Migrations.Sqlite;

/// <summary>
/// Server-side sessions (decision 0005): the cookie carries a token, this table says whether its session
/// is live. Cookies issued before this migration carry no token and stop validating, so everyone signs in
/// once more after the upgrade.
/// </summary>
[DbContext(typeof(SqliteAppDbContext))]
[Migration("20261202060000_UserSessions")]
public sealed class UserSessions : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TABLE "UserSessions" (
                "Id" TEXT NOT NULL CONSTRAINT "PK_UserSessions" PRIMARY KEY,
                "UserId" TEXT NOT NULL,
                "CreatedAt" INTEGER NOT NULL,
                "LastSeenAt" INTEGER NOT NULL,
                "ExpiresAt" INTEGER NOT NULL,
                "EndedAt" INTEGER NULL,
                "EndReason" TEXT NULL,
                CONSTRAINT "CK_UserSessions_EndReason" CHECK ("EndReason" IS NULL OR "EndReason" IN ('LoggedOut', 'PasswordChanged', 'Disabled', 'Idle', 'Expired')),
                CONSTRAINT "CK_UserSessions_Ended" CHECK (("EndedAt" IS NULL) = ("EndReason" IS NULL)),
                CONSTRAINT "FK_UserSessions_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
            );
            CREATE INDEX "IX_UserSessions_UserId_EndedAt" ON "UserSessions" ("UserId", "EndedAt");
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("UserSessions");
}
