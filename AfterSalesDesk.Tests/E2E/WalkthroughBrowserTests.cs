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
public class WalkthroughBrowserTests(BrowserFixture browser, SharedApp app) : BrowserTest(app)
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

    [Fact]
    public async Task SmallAttachment_ShowsItsSizeInBytes()
    {
        var caseId = await ScalarAsync("SELECT Id FROM AfterSalesCases WHERE Status = 'Submitted' ORDER BY Id DESC LIMIT 1");
        var agent = await browser.NewPageAsync(app);
        await agent.LoginAsync("agent1@demo.local");
        await agent.OpenAsync($"cases/{caseId}");

        // A PNG is told by its first eight bytes; the rest is padding to 98 bytes.
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. new byte[90]];
        await agent.GetByTestId("attachment-input").SetInputFilesAsync(new FilePayload { Name = "tiny.png", MimeType = "image/png", Buffer = png });

        var size = agent.GetByTestId("case-attachments").Locator("li").Filter(new() { HasText = "tiny.png" }).GetByTestId("attachment-size");
        await Assertions.Expect(size).ToContainTextAsync("98 B");
        await agent.Context.CloseAsync();
    }

    [Fact]
    public async Task MerchantBoard_WhenNothingAwaitsTheMerchant_OpensOnATabWithCases()
    {
        // A store with cases but none awaiting its answer.
        var merchantCode = (string)(await QueryAsync("""
            SELECT m.Code FROM Merchants m
            WHERE EXISTS (SELECT 1 FROM AfterSalesCases c WHERE c.MerchantId = m.Id)
              AND NOT EXISTS (SELECT 1 FROM AfterSalesCases c WHERE c.MerchantId = m.Id AND c.Status = 'AwaitingMerchant')
            ORDER BY m.Code LIMIT 1
            """))!;
        var email = $"merchant{int.Parse(merchantCode[1..])}@demo.local";
        var merchant = await browser.NewPageAsync(app);
        await merchant.LoginAsync(email);
        await merchant.OpenAsync("cases");

        var active = merchant.Locator(".queue-item-active");
        await Assertions.Expect(active).Not.ToHaveAttributeAsync("data-testid", "queue-AwaitingMerchant");
        await Assertions.Expect(active.Locator(".queue-count")).Not.ToHaveTextAsync("0");
        await Assertions.Expect(merchant.Locator("[data-testid^=queue-row-]").First).ToBeVisibleAsync();
        await merchant.Context.CloseAsync();
    }

    [Fact]
    public async Task AgentHome_ListsOnlyOpenCases_AndEachRowLeadsToThoseCases()
    {
        var agent = await browser.NewPageAsync(app);
        await agent.LoginAsync("agent1@demo.local");
        await agent.WaitForInteractiveAsync();

        var card = agent.GetByTestId("home-cases");
        await Assertions.Expect(card.GetByTestId("home-cases-Submitted")).ToBeVisibleAsync();
        Assert.Equal(0, await card.GetByTestId("home-cases-Refunded").CountAsync());
        Assert.Equal(0, await card.GetByTestId("home-cases-Resolved").CountAsync());

        await card.GetByTestId("home-cases-Submitted").Locator("a").First.ClickAsync();
        await agent.WaitForURLAsync(new Regex("/queues\\?q=All&status=Submitted$"));
        await agent.WaitForInteractiveAsync();
        await Assertions.Expect(agent.Locator("tr.queue-row").First).ToContainTextAsync("Submitted");
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
