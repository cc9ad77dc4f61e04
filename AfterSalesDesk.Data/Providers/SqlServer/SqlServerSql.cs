namespace AfterSalesDesk.Data.Providers.SqlServer;

/// <summary>A trigger SQL Server's migrations create: its name, its table and its T-SQL.</summary>
/// <param name="Create">One <c>CREATE TRIGGER</c>, alone, as T-SQL wants it in its own batch.</param>
internal sealed record SqlServerTrigger(string Name, string Table, string Create)
{
    /// <summary>
    /// <see cref="Create"/> as a batch of its own wherever it is sent. A migration applied by EF runs each command
    /// alone, but the script EF 9 and later write (dotnet-ef migrations script) puts a migration's commands in one
    /// batch, with no GO between them, and SQL Server refuses a CREATE TRIGGER that is not first in its batch.
    /// </summary>
    public string CreateInOwnBatch => $"EXEC(N'{Create.Replace("'", "''", StringComparison.Ordinal)}');";

    public string Drop => $"DROP TRIGGER IF EXISTS [{Name}];";
}

/// <summary>
/// SQL Server's own SQL, in one place (decision 0020): the T-SQL twins of the SQLite triggers of migrations
/// 0002, 0004, 0006, 0010, 0011 and 0012 (their final versions), set-based over <c>inserted</c>/<c>deleted</c>
/// because a T-SQL trigger fires once per statement, not per row. The migration <c>InitialCreate</c> creates
/// exactly these; <see cref="SqlServerModel"/> declares each to EF (<c>HasTrigger</c>), so that EF does not use
/// <c>OUTPUT</c> without <c>INTO</c> on these tables, which SQL Server refuses on a table with triggers.
/// A later change to a trigger is a new text used by a new migration; these stay as InitialCreate ran them.
/// </summary>
internal static class SqlServerSql
{
    /// <summary>
    /// The audit trail is append-only in the database too (decision 0007). An INSTEAD OF trigger refuses the
    /// statement before it changes anything; <see cref="SqlServerFailures"/> reads 51000/51001 as AppendOnly.
    /// Like SQLite's per-row trigger, a statement that touches no row is not refused.
    /// </summary>
    public static readonly SqlServerTrigger AuditEntriesNoUpdate = new("TR_AuditEntries_NoUpdate", "AuditEntries", """
        CREATE TRIGGER [TR_AuditEntries_NoUpdate] ON [AuditEntries] INSTEAD OF UPDATE
        AS
        BEGIN
            SET NOCOUNT ON;
            IF EXISTS (SELECT 1 FROM deleted)
                THROW 51000, N'audit entries are append-only: UPDATE is not allowed', 1;
        END;
        """);

    public static readonly SqlServerTrigger AuditEntriesNoDelete = new("TR_AuditEntries_NoDelete", "AuditEntries", """
        CREATE TRIGGER [TR_AuditEntries_NoDelete] ON [AuditEntries] INSTEAD OF DELETE
        AS
        BEGIN
            SET NOCOUNT ON;
            IF EXISTS (SELECT 1 FROM deleted)
                THROW 51001, N'audit entries are append-only: DELETE is not allowed', 1;
        END;
        """);

    /// <summary>
    /// The queue counters (migration 0004): one bucket per merchant, assignee ('' for none) and status. Each of
    /// the three triggers below applies the net change of its statement: +1 per row in <c>inserted</c>, -1 per
    /// row in <c>deleted</c> (empty in an insert trigger, as <c>inserted</c> is in a delete trigger). As in
    /// SQLite, a bucket that is not there is created by an increase and left alone by a decrease. The range
    /// locks (UPDLOCK, SERIALIZABLE) keep two writers from both creating one bucket.
    /// </summary>
    private const string ApplyCaseCounts = """
            DECLARE @delta TABLE (
                [MerchantId] int NOT NULL, [AssigneeId] nvarchar(64) NOT NULL, [Status] nvarchar(32) NOT NULL, [Delta] bigint NOT NULL,
                PRIMARY KEY ([MerchantId], [AssigneeId], [Status]));
            INSERT INTO @delta ([MerchantId], [AssigneeId], [Status], [Delta])
            SELECT [c].[MerchantId], [c].[AssigneeId], [c].[Status], SUM([c].[Delta])
            FROM (
                SELECT [MerchantId], ISNULL([AssigneeId], N'') AS [AssigneeId], [Status], CAST(1 AS bigint) AS [Delta] FROM inserted
                UNION ALL
                SELECT [MerchantId], ISNULL([AssigneeId], N''), [Status], CAST(-1 AS bigint) FROM deleted
            ) AS [c]
            GROUP BY [c].[MerchantId], [c].[AssigneeId], [c].[Status]
            HAVING SUM([c].[Delta]) <> 0;

            UPDATE [n] SET [Count] = [n].[Count] + [d].[Delta]
            FROM [CaseCounts] AS [n] WITH (UPDLOCK, SERIALIZABLE)
            INNER JOIN @delta AS [d]
                ON [n].[MerchantId] = [d].[MerchantId] AND [n].[AssigneeId] = [d].[AssigneeId] AND [n].[Status] = [d].[Status];

            INSERT INTO [CaseCounts] ([MerchantId], [AssigneeId], [Status], [Count])
            SELECT [d].[MerchantId], [d].[AssigneeId], [d].[Status], [d].[Delta]
            FROM @delta AS [d]
            WHERE [d].[Delta] > 0 AND NOT EXISTS (
                SELECT 1 FROM [CaseCounts] AS [n] WITH (UPDLOCK, SERIALIZABLE)
                WHERE [n].[MerchantId] = [d].[MerchantId] AND [n].[AssigneeId] = [d].[AssigneeId] AND [n].[Status] = [d].[Status]);
        """;

    /// <summary>A new case: counted, and news for live pages (the change feed, see CaseFeed).</summary>
    public static readonly SqlServerTrigger CasesInsert = new("TR_AfterSalesCases_Insert", "AfterSalesCases", $"""
        CREATE TRIGGER [TR_AfterSalesCases_Insert] ON [AfterSalesCases] AFTER INSERT
        AS
        BEGIN
            SET NOCOUNT ON;
        {ApplyCaseCounts}
            INSERT INTO [CaseChanges] ([CaseId], [At])
            SELECT [Id], [UpdatedAt] FROM inserted ORDER BY [Id];
        END;
        """);

    /// <summary>Counts move only when merchant, assignee or status are written (SQLite's <c>UPDATE OF</c>).</summary>
    public static readonly SqlServerTrigger CasesCount = new("TR_AfterSalesCases_Count", "AfterSalesCases", $"""
        CREATE TRIGGER [TR_AfterSalesCases_Count] ON [AfterSalesCases] AFTER UPDATE
        AS
        BEGIN
            SET NOCOUNT ON;
            IF NOT (UPDATE([MerchantId]) OR UPDATE([AssigneeId]) OR UPDATE([Status]))
                RETURN;
        {ApplyCaseCounts}
        END;
        """);

    /// <summary>Every update of a case is news for live pages.</summary>
    public static readonly SqlServerTrigger CasesUpdate = new("TR_AfterSalesCases_Update", "AfterSalesCases", """
        CREATE TRIGGER [TR_AfterSalesCases_Update] ON [AfterSalesCases] AFTER UPDATE
        AS
        BEGIN
            SET NOCOUNT ON;
            INSERT INTO [CaseChanges] ([CaseId], [At])
            SELECT [Id], [UpdatedAt] FROM inserted ORDER BY [Id];
        END;
        """);

    public static readonly SqlServerTrigger CasesDelete = new("TR_AfterSalesCases_Delete", "AfterSalesCases", $"""
        CREATE TRIGGER [TR_AfterSalesCases_Delete] ON [AfterSalesCases] AFTER DELETE
        AS
        BEGIN
            SET NOCOUNT ON;
        {ApplyCaseCounts}
        END;
        """);

    /// <summary>A refund proposed or moved is a change of its case (migration 0006).</summary>
    public static readonly SqlServerTrigger RefundsInsert = new("TR_Refunds_Change", "Refunds", """
        CREATE TRIGGER [TR_Refunds_Change] ON [Refunds] AFTER INSERT
        AS
        BEGIN
            SET NOCOUNT ON;
            INSERT INTO [CaseChanges] ([CaseId], [At])
            SELECT [CaseId], [ProposedAt] FROM inserted ORDER BY [Id];
        END;
        """);

    public static readonly SqlServerTrigger RefundsUpdate = new("TR_Refunds_Change_Update", "Refunds", """
        CREATE TRIGGER [TR_Refunds_Change_Update] ON [Refunds] AFTER UPDATE
        AS
        BEGIN
            SET NOCOUNT ON;
            INSERT INTO [CaseChanges] ([CaseId], [At])
            SELECT [CaseId], [ProposedAt] FROM inserted ORDER BY [Id];
        END;
        """);

    /// <summary>A rating, or a follow-up's progress, is a change of its case (migration 0010).</summary>
    public static readonly SqlServerTrigger RatingsInsert = new("TR_CaseRatings_Insert", "CaseRatings", """
        CREATE TRIGGER [TR_CaseRatings_Insert] ON [CaseRatings] AFTER INSERT
        AS
        BEGIN
            SET NOCOUNT ON;
            INSERT INTO [CaseChanges] ([CaseId], [At])
            SELECT [CaseId], [RatedAt] FROM inserted ORDER BY [Id];
        END;
        """);

    public static readonly SqlServerTrigger FollowUpsUpdate = new("TR_FollowUps_Update", "FollowUps", """
        CREATE TRIGGER [TR_FollowUps_Update] ON [FollowUps] AFTER UPDATE
        AS
        BEGIN
            SET NOCOUNT ON;
            INSERT INTO [CaseChanges] ([CaseId], [At])
            SELECT [CaseId], ISNULL([DoneAt], [CreatedAt]) FROM inserted ORDER BY [Id];
        END;
        """);

    /// <summary>Every trigger SQL Server's migrations create (all of them InitialCreate's today), which the model declares.</summary>
    public static IReadOnlyList<SqlServerTrigger> Triggers { get; } =
    [
        AuditEntriesNoUpdate, AuditEntriesNoDelete,
        CasesInsert, CasesCount, CasesUpdate, CasesDelete,
        RefundsInsert, RefundsUpdate,
        RatingsInsert, FollowUpsUpdate,
    ];
}
