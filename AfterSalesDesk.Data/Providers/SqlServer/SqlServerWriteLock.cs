namespace AfterSalesDesk.Data.Providers.SqlServer;

/// <summary>
/// SQL Server's write lock: an exclusive application lock owned by the transaction. A writer that waits past
/// <paramref name="maxWait"/> gets error 51222, which <see cref="DbFailure"/> reports as busy. Not run here: no SQL
/// Server engine can run on these machines (README); the statement is parsed with Microsoft's T-SQL parser.
/// </summary>
public sealed class SqlServerWriteLock(TimeSpan maxWait) : TransactionWriteLock
{
    public const string Resource = "AfterSalesDesk.write";

    protected override string LockSql { get; } = Sql(maxWait);

    /// <summary>The statement each write transaction starts with.</summary>
    internal static string Sql(TimeSpan maxWait) => $"""
        DECLARE @result int;
        EXEC @result = sp_getapplock @Resource = N'{Resource}', @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = {(long)maxWait.TotalMilliseconds};
        IF @result < 0 THROW 51222, N'The database stayed busy; nothing was changed. Try again.', 1;
        """;
}
