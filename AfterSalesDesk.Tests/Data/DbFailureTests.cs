using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Providers;
using AfterSalesDesk.Data.Providers.SqlServer;
using AfterSalesDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AfterSalesDesk.Tests.Data;

/// <summary>
/// Database refusals reach the services as one typed <see cref="DbFailure"/> on every provider: real refusals from a
/// migrated SQLite file and from the tests' PostgreSQL server; SQL Server, which cannot run here, from its documented
/// error numbers and message texts.
/// </summary>
public sealed class DbFailureTests(PostgresDatabase postgres) : IClassFixture<PostgresDatabase>, IDisposable
{
    private readonly TestDatabase sqlite = new();

    public void Dispose() => sqlite.Dispose();

    [Fact]
    public async Task Sqlite_DuplicateApproval_IsUniqueOfTheApprovalIndexAsTheModelNamesIt()
    {
        const string approve = """INSERT INTO "RefundApprovals" ("RefundId", "ApproverId", "ApproverName", "At") VALUES (1, 'sup-1', 'Sup', 0)""";

        var failure = await SqliteFailureAsync(approve, approve);

        Assert.Equal(new DbFailure(DbFailureKind.Unique, ConstraintNames.OneApprovalPerApprover), failure);
    }

    [Fact]
    public async Task Sqlite_SecondRefundInProgress_IsUniqueOfThePartialIndexNotOfTheIdempotencyKey()
    {
        static string Refund(string key, string status) => $"""
            INSERT INTO "Refunds" ("CaseId", "OrderId", "MerchantId", "Status", "Currency", "LinesMinor", "DeductionBasisPoints",
                "DeductionMinor", "ShippingMinor", "AmountMinor", "RequiredApprovals", "ProposedById", "ProposedBy", "ProposedAt",
                "IdempotencyKey", "Attempts", "Version")
            VALUES (7, 1, 1, '{status}', 'CNY', 100, 0, 0, 0, 100, 1, 'a-1', 'Agent', 0, '{key}', 0, 'V')
            """;

        var failure = await SqliteFailureAsync(Refund("k-1", "Rejected"), Refund("k-2", "AwaitingApproval"), Refund("k-3", "Granted"));
        var sameKey = await SqliteFailureAsync(Refund("k-9", "Rejected"), Refund("k-9", "Rejected"));

        Assert.Equal(new DbFailure(DbFailureKind.Unique, ConstraintNames.OneRefundInProgressPerCase), failure);
        Assert.Equal(new DbFailure(DbFailureKind.Unique, "IX_Refunds_IdempotencyKey"), sameKey);
    }

    [Fact]
    public async Task Sqlite_CheckAndAuditTrigger_AreCheckWithItsNameAndAppendOnly()
    {
        var check = await SqliteFailureAsync("""
            INSERT INTO "CaseRatings" ("CaseId", "MerchantId", "Kind", "Stars", "Comment", "RatedAt", "RecordedBy")
            VALUES (1, 1, 'RefundOnly', 9, '', 0, 'x')
            """);
        await using (var db = sqlite.CreateContext("Merchant.Create"))
        {
            db.Merchants.Add(new AfterSalesDesk.Data.Merchants.Merchant("M-1", "Store", sqlite.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }

        var update = await SqliteFailureAsync("""UPDATE "AuditEntries" SET "Detail" = 'x'""");
        var delete = await SqliteFailureAsync("""DELETE FROM "AuditEntries" """);

        Assert.Equal(new DbFailure(DbFailureKind.Check, "CK_CaseRatings_Stars"), check);
        Assert.Equal(DbFailureKind.AppendOnly, update?.Kind);
        Assert.Equal(DbFailureKind.AppendOnly, delete?.Kind);
    }

    [Fact]
    public async Task Sqlite_AForeignKeyAndAnyOtherError_AreForeignKeyAndNothing()
    {
        await using var db = sqlite.CreateContext();

        var foreignKey = await FailureAsync(db, """INSERT INTO "RefundApprovals" ("RefundId", "ApproverId", "ApproverName", "At") VALUES (424242, 's', 'S', 0)""");
        var syntax = await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("SELEC 1"));

        Assert.Equal(DbFailureKind.ForeignKey, foreignKey?.Kind);
        Assert.Null(db.FailureOf(syntax));
        Assert.Null(DbFailure.Of(new InvalidOperationException("not the database")));
    }

    [Fact]
    public async Task PostgreSql_RealRefusals_AreTypedWithTheConstraintsTheServerNames()
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, """
            CREATE TABLE "Parents" ("Id" bigint PRIMARY KEY);
            CREATE TABLE "Rows" (
                "Id" bigint PRIMARY KEY, "ParentId" bigint REFERENCES "Parents" ("Id"), "Stars" int NOT NULL,
                "Code" varchar(8), CONSTRAINT "CK_Rows_Stars" CHECK ("Stars" BETWEEN 1 AND 5));
            CREATE UNIQUE INDEX "IX_Rows_Code" ON "Rows" ("Code");
            CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN RAISE EXCEPTION 'audit entries are append-only: % is not allowed', TG_OP; END $$;
            CREATE TRIGGER "TR_Rows_NoDelete" BEFORE DELETE ON "Rows" FOR EACH ROW EXECUTE FUNCTION refuse();
            INSERT INTO "Rows" ("Id", "Stars", "Code") VALUES (1, 3, 'A');
            """);

        Assert.Equal(new DbFailure(DbFailureKind.Unique, "IX_Rows_Code"), await PostgresFailureAsync(connection, """INSERT INTO "Rows" ("Id", "Stars", "Code") VALUES (2, 3, 'A')"""));
        Assert.Equal(new DbFailure(DbFailureKind.Unique, "Rows_pkey"), await PostgresFailureAsync(connection, """INSERT INTO "Rows" ("Id", "Stars") VALUES (1, 3)"""));
        Assert.Equal(new DbFailure(DbFailureKind.Check, "CK_Rows_Stars"), await PostgresFailureAsync(connection, """INSERT INTO "Rows" ("Id", "Stars") VALUES (3, 9)"""));
        Assert.Equal(DbFailureKind.ForeignKey, (await PostgresFailureAsync(connection, """INSERT INTO "Rows" ("Id", "Stars", "ParentId") VALUES (4, 3, 99)"""))?.Kind);
        Assert.Equal(DbFailureKind.NotNull, (await PostgresFailureAsync(connection, """INSERT INTO "Rows" ("Id") VALUES (5)"""))?.Kind);
        Assert.Equal(DbFailureKind.TooLong, (await PostgresFailureAsync(connection, """INSERT INTO "Rows" ("Id", "Stars", "Code") VALUES (6, 3, 'far too long')"""))?.Kind);
        Assert.Equal(DbFailureKind.AppendOnly, (await PostgresFailureAsync(connection, """DELETE FROM "Rows" """))?.Kind);
    }

    [Fact]
    public async Task PostgreSql_ALockHeldPastTheWait_IsBusy()
    {
        await using var holder = new NpgsqlConnection(postgres.ConnectionString);
        await holder.OpenAsync();
        await ExecuteAsync(holder, "CREATE TABLE IF NOT EXISTS busy_probe (id int)");
        await using var transaction = await holder.BeginTransactionAsync();
        await ExecuteAsync(holder, "LOCK TABLE busy_probe IN ACCESS EXCLUSIVE MODE", transaction);

        await using var waiter = new NpgsqlConnection(postgres.ConnectionString);
        await waiter.OpenAsync();
        var failure = await PostgresFailureAsync(waiter, "SET lock_timeout = '200ms'; SELECT * FROM busy_probe");

        Assert.Equal(DbFailureKind.Busy, failure?.Kind);
    }

    [Theory]
    [InlineData(2601, "Cannot insert duplicate key row in object 'dbo.RefundApprovals' with unique index 'IX_RefundApprovals_RefundId_ApproverId'. The duplicate key value is (1, sup-1).", DbFailureKind.Unique, "IX_RefundApprovals_RefundId_ApproverId")]
    [InlineData(2627, "Violation of PRIMARY KEY constraint 'PK_Merchants'. Cannot insert duplicate key in object 'dbo.Merchants'. The duplicate key value is (1).", DbFailureKind.Unique, "PK_Merchants")]
    [InlineData(547, "The UPDATE statement conflicted with the CHECK constraint \"CK_Orders_RefundBalance\". The conflict occurred in database \"asd\", table \"dbo.Orders\".", DbFailureKind.Check, "CK_Orders_RefundBalance")]
    [InlineData(547, "The INSERT statement conflicted with the FOREIGN KEY constraint \"FK_RefundApprovals_Refunds_RefundId\". The conflict occurred in database \"asd\", table \"dbo.Refunds\", column 'Id'.", DbFailureKind.ForeignKey, "FK_RefundApprovals_Refunds_RefundId")]
    [InlineData(515, "Cannot insert the value NULL into column 'Name', table 'asd.dbo.Merchants'; column does not allow nulls. INSERT fails.", DbFailureKind.NotNull, null)]
    [InlineData(2628, "String or binary data would be truncated in table 'asd.dbo.Merchants', column 'Code'. Truncated value: 'M-1234567'.", DbFailureKind.TooLong, null)]
    [InlineData(51000, "audit entries are append-only: UPDATE is not allowed", DbFailureKind.AppendOnly, null)]
    [InlineData(1222, "Lock request time out period exceeded.", DbFailureKind.Busy, null)]
    [InlineData(1205, "Transaction (Process ID 52) was deadlocked on lock resources with another process and has been chosen as the deadlock victim. Rerun the transaction.", DbFailureKind.Busy, null)]
    public void SqlServer_DocumentedErrors_AreTypedWithTheConstraintNamedInTheMessage(int number, string message, DbFailureKind kind, string? constraint)
    {
        Assert.Equal(new DbFailure(kind, constraint), SqlServerFailures.Classify(number, message));
    }

    [Fact]
    public void SqlServer_AnyOtherError_IsNothing()
    {
        Assert.Null(SqlServerFailures.Classify(208, "Invalid object name 'Nothing'."));
    }

    private async Task<DbFailure?> SqliteFailureAsync(params string[] statements)
    {
        await using var db = sqlite.CreateContext();
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = OFF;"); // the rows point at nothing on purpose
        for (var i = 0; i < statements.Length - 1; i++)
        {
            await db.Database.ExecuteSqlRawAsync(statements[i]);
        }

        return await FailureAsync(db, statements[^1]);
    }

    private static async Task<DbFailure?> FailureAsync(AppDbContext db, string sql)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync(sql));
        return db.FailureOf(error);
    }

    private static async Task<DbFailure?> PostgresFailureAsync(NpgsqlConnection connection, string sql)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ExecuteAsync(connection, sql));
        return DbFailure.Of(error);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync();
    }
}
