using System.Text.RegularExpressions;
using AfterSalesDesk.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace AfterSalesDesk.Tests.E2E;

/// <summary>
/// What a new user met on a first walkthrough (issue 15): every request of a page is answered, attachment sizes read
/// right, the merchant's board opens where its cases are, and the agent's home lists open cases that lead to them.
/// </summary>
[Collection(BrowserCollection.Name)]
public class WalkthroughBrowserTests(BrowserFixture browser, AppProcess app) : IClassFixture<AppProcess>
{
    [Fact]
    public async Task Pages_RequestNothingThatIsMissing()
    {
        var agent = await browser.NewPageAsync(app);
        var failed = new List<string>();
        agent.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                lock (failed)
                {
                    failed.Add($"{response.Status} {response.Url}");
                }
            }
        };

        await agent.LoginAsync("agent1@demo.local");
        await agent.WaitForInteractiveAsync();
        await agent.OpenAsync("queues");
        await agent.WaitForLoadStateAsync(LoadState.NetworkIdle);

        lock (failed)
        {
            Assert.Empty(failed);
        }

        await agent.Context.CloseAsync();
    }

    private async Task<long> ScalarAsync(string sql) => (long)(await QueryAsync(sql))!;

    private async Task<object?> QueryAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "aftersales.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
