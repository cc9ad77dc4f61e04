using AfterSalesDesk.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace AfterSalesDesk.Tests.E2E;

/// <summary>An app whose writes wait two seconds for a busy database before they give up.</summary>
public sealed class ShortBusyWaitApp : AppProcess
{
    protected override void Configure(IDictionary<string, string?> environment) => environment["Storage__BusyWaitSeconds"] = "2";
}

/// <summary>
/// Another process holds the database's write lock while an agent takes a case: the page says the
/// database is busy and nothing was changed (the connection lives on, the case stays unassigned), and
/// "Try again" after the lock is gone takes it.
/// </summary>
[Collection(BrowserCollection.Name)]
public class BusyDatabaseBrowserTests(BrowserFixture browser, ShortBusyWaitApp app) : IClassFixture<ShortBusyWaitApp>
{
    [Fact]
    public async Task TakingACase_WhileTheDatabaseIsLocked_SaysItIsBusy_ThenTryAgainTakesIt()
    {
        var caseId = await NewestUnassignedCaseAsync();
        var agent = await browser.NewPageAsync(app);
        await agent.LoginAsync("agent1@demo.local");
        await agent.OpenAsync($"cases/{caseId}");
        await Assertions.Expect(agent.GetByTestId("case-assignee")).ToHaveTextAsync("Unassigned");

        await using (var locker = await OpenAsync())
        {
            await ExecuteAsync(locker, "BEGIN IMMEDIATE");
            await agent.GetByTestId("case-take").ClickAsync();

            await Assertions.Expect(agent.GetByTestId("page-error-text")).ToContainTextAsync("The database is busy with other work, so nothing was changed.");
            await agent.SnapAsync("busy-database");
            await ExecuteAsync(locker, "ROLLBACK");
        }

        Assert.Null(await AssigneeAsync(caseId));
        await agent.GetByTestId("page-error-retry").ClickAsync();
        await Assertions.Expect(agent.GetByTestId("page-error")).ToHaveCountAsync(0);
        await agent.GetByTestId("case-take").ClickAsync();
        await Assertions.Expect(agent.GetByTestId("case-assignee")).ToHaveTextAsync("agent1@demo.local");
        Assert.NotNull(await AssigneeAsync(caseId));
        await Assertions.Expect(agent.Locator("#blazor-error-ui")).ToBeHiddenAsync(); // the connection never broke
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "aftersales.db")};Pooling=False");
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<string?> AssigneeAsync(long caseId)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT AssigneeId FROM AfterSalesCases WHERE Id = {caseId}";
        return await command.ExecuteScalarAsync() as string;
    }

    private async Task<long> NewestUnassignedCaseAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id FROM AfterSalesCases WHERE AssigneeId IS NULL AND IsOpen = 1 ORDER BY UpdatedAt DESC, Id DESC LIMIT 1";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "the demo data has an unassigned open case");
        return reader.GetInt64(0);
    }
}
