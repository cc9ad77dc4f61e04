using System.Text.RegularExpressions;
using AfterSalesDesk.Data.Feedback;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Providers.Sqlite;
using AfterSalesDesk.Data.Providers.SqlServer;
using AfterSalesDesk.Data.Sla;
using AfterSalesDesk.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace AfterSalesDesk.Tests.Data;

/// <summary>
/// SQL Server's migrations, which no server here can run (decision 0020): the scripts the migrator writes for
/// them are parsed batch by batch with Microsoft's T-SQL parser, and hold every trigger SQLite has and the CHECKs
/// rewritten for T-SQL; the rewritten CHECKs are shown, on SQLite, to accept exactly the rows the originals do.
/// </summary>
public sealed partial class SqlServerScriptTests
{
    public enum ScriptKind
    {
        Up,
        UpIdempotent,
        Down,
    }

    [Theory]
    [InlineData(ScriptKind.Up)]
    [InlineData(ScriptKind.UpIdempotent)]
    [InlineData(ScriptKind.Down)]
    public void MigrationScript_EveryBatchParses_AndEveryTriggerIsAloneInItsBatch(ScriptKind kind)
    {
        var script = Script(kind);

        var problems = TSqlScripts.Problems(script);

        Assert.True(problems.Count == 0, $"{kind} script ({TSqlScripts.Batches(script).Count} batches), {problems.Count} problem(s):\n{string.Join("\n", problems)}");
        Assert.True(TSqlScripts.Statements(script).Count > 50, "the parser saw the whole script");
    }

    [Fact]
    public void MigrationScript_CreatesOnTheSameTablesEveryTriggerSqliteHas_AndDownDropsThem()
    {
        var created = TSqlScripts.Statements(Script(ScriptKind.Up)).OfType<CreateTriggerStatement>()
            .Select(t => $"{t.Name.BaseIdentifier.Value} ON {t.TriggerObject.Name.BaseIdentifier.Value}").Order().ToList();
        var dropped = TSqlScripts.Statements(Script(ScriptKind.Down)).OfType<DropTriggerStatement>()
            .SelectMany(d => d.Objects).Select(o => o.BaseIdentifier.Value).Order().ToList();

        Assert.Equal(SqliteTriggers(), created);
        Assert.Equal(created.Select(c => c.Split(' ')[0]), dropped);
    }

    [Fact]
    public void MigrationScript_HasTheChecksAndTheFilteredIndexInTSql()
    {
        var script = Script(ScriptKind.Up);

        Assert.Contains($"CONSTRAINT [CK_FollowUps_Done] CHECK ({SqlServerModel.FollowUpsDone})", script, StringComparison.Ordinal);
        Assert.Contains($"CONSTRAINT [CK_CaseDeadlines_Running] CHECK ({SqlServerModel.CaseDeadlinesRunning})", script, StringComparison.Ordinal);
        Assert.Contains($"CONSTRAINT [CK_UserSessions_Ended] CHECK ({SqlServerModel.UserSessionsEnded})", script, StringComparison.Ordinal);
        Assert.Contains(
            "CREATE UNIQUE INDEX [IX_Complaints_CaseId_Active] ON [Complaints] ([CaseId]) "
            + "WHERE \"CaseId\" IS NOT NULL AND \"Status\" IN ('Open', 'AwaitingMerchantEvidence', 'AwaitingBuyerEvidence', 'UnderArbitration');",
            script, StringComparison.Ordinal);
        Assert.DoesNotContain(" NOT IN ", script, StringComparison.Ordinal);
        Assert.DoesNotContain(") = (", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Model_DeclaresEveryTriggerTheMigrationCreates_SoEfWritesWithoutOutput()
    {
        using var db = SqlServerContext();

        var declared = db.Model.GetEntityTypes()
            .SelectMany(e => e.GetDeclaredTriggers().Select(t => $"{t.ModelName} ON {e.GetTableName()}")).Order();

        Assert.Equal(SqliteTriggers(), declared);
    }

    /// <summary>
    /// Both texts evaluated by SQLite over every combination of the columns' values, NULLs included: a CHECK refuses
    /// a row only when its expression is false (unknown passes), on SQLite as on SQL Server.
    /// </summary>
    [Theory]
    [InlineData(typeof(FollowUp), "CK_FollowUps_Done", SqlServerModel.FollowUpsDone, "Status:'Done','Open'", "DoneAt:1", "Outcome:'ok'")]
    [InlineData(typeof(CaseDeadline), "CK_CaseDeadlines_Running", SqlServerModel.CaseDeadlinesRunning, "State:'Running','Paused'", "DueAt:1")]
    [InlineData(typeof(UserSession), "CK_UserSessions_Ended", SqlServerModel.UserSessionsEnded, "EndedAt:1", "EndReason:'Idle'")]
    public void RewrittenCheck_AcceptsExactlyTheRowsTheOriginalAccepts(Type entity, string name, string rewritten, params string[] columns)
    {
        using var sqlite = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=:memory:").Options);
        var original = sqlite.GetService<IDesignTimeModel>().Model.FindEntityType(entity)!.GetCheckConstraints().Single(c => c.Name == name).Sql;
        var domains = columns.Select(c => c.Split(':', 2)).Select(c => (Name: c[0], Values: c[1].Split(',').Append("NULL").ToArray())).ToList();
        var rows = domains.Aggregate(new[] { Array.Empty<string>() }.AsEnumerable(), (acc, d) => acc.SelectMany(r => d.Values.Select(v => r.Append(v).ToArray()))).ToList();

        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            WITH "t" ({string.Join(", ", domains.Select(d => $"\"{d.Name}\""))}) AS (VALUES {string.Join(", ", rows.Select(r => $"({string.Join(", ", r)})"))})
            SELECT ({original}) IS NOT 0, ({rewritten}) IS NOT 0, {string.Join(" || ',' || ", domains.Select(d => $"IFNULL(\"{d.Name}\", 'NULL')"))} FROM "t"
            """;
        using var reader = command.ExecuteReader();
        var compared = 0;
        while (reader.Read())
        {
            Assert.True(reader.GetBoolean(0) == reader.GetBoolean(1), $"{name} on ({reader.GetString(2)}): original {reader.GetBoolean(0)}, rewritten {reader.GetBoolean(1)}");
            compared++;
        }

        Assert.Equal(rows.Count, compared);
    }

    [Fact]
    public void WriteLock_TheStatementEveryWriteTransactionStartsWith_Parses()
    {
        var sql = AfterSalesDesk.Data.Providers.SqlServer.SqlServerWriteLock.Sql(TimeSpan.FromSeconds(30));

        Assert.Empty(TSqlScripts.Problems(sql));
        Assert.Contains("sp_getapplock", sql);
        Assert.Contains("@LockOwner = N'Transaction'", sql);
        Assert.Contains("@LockTimeout = 30000", sql);
    }

    internal static SqlServerAppDbContext SqlServerContext() =>
        new(new DbContextOptionsBuilder<SqlServerAppDbContext>().UseSqlServer("Server=nowhere;Database=AfterSales;TrustServerCertificate=true").Options);

    private static string Script(ScriptKind kind)
    {
        using var db = SqlServerContext();
        var migrator = db.GetService<IMigrator>();
        return kind switch
        {
            ScriptKind.Up => migrator.GenerateScript(),
            ScriptKind.UpIdempotent => migrator.GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent),
            _ => migrator.GenerateScript(fromMigration: db.Database.GetMigrations().Last(), toMigration: Migration.InitialDatabase),
        };
    }

    /// <summary>The triggers SQLite's migrations leave in a database ("NAME ON TABLE"), from SQLite's own script.</summary>
    private static List<string> SqliteTriggers()
    {
        using var sqlite = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=:memory:").Options);
        var script = sqlite.GetService<IMigrator>().GenerateScript();
        return SqliteTrigger().Matches(script).Select(m => $"{m.Groups["name"].Value} ON {m.Groups["table"].Value}").Distinct().Order().ToList();
    }

    [GeneratedRegex("""CREATE TRIGGER "(?<name>\w+)" (?:BEFORE|AFTER) [\w ",]+? ON "(?<table>\w+)"\s""")]
    private static partial Regex SqliteTrigger();
}
