using AfterSalesDesk.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace AfterSalesDesk.Tests.E2E;

[Collection(BrowserCollection.Name)]
public class CaseKnowledgeBrowserTests(BrowserFixture browser, SharedApp app) : BrowserTest(app)
{
    [Fact]
    public async Task Agent_InsertsAMacroWithTheCasesFacts_AndLinksAPolicyArticle()
    {
        var (caseId, caseNo, buyer) = await SomeOpenCaseAsync();
        var page = await browser.NewPageAsync(app);
        await page.LoginAsync("agent1@demo.local");
        await page.OpenAsync($"cases/{caseId}");

        await page.ChooseAsync("macro-select", "Request received");
        await Assertions.Expect(page.GetByTestId("macro-preview")).ToContainTextAsync(caseNo);
        await page.GetByTestId("macro-insert").ClickAsync();

        var draft = page.GetByTestId("message-text");
        await Assertions.Expect(draft).ToHaveValueAsync(new System.Text.RegularExpressions.Regex($"Dear {buyer}, .*{caseNo}"));
        Assert.DoesNotContain("{", await draft.InputValueAsync());
        await page.GetByTestId("message-send").ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-conversation")).ToContainTextAsync($"Dear {buyer}");

        await page.ChooseAsync("case-article-search", "Refund timelines");
        await page.GetByTestId("case-article-link").ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-article")).ToContainTextAsync("Refund timelines");
        await page.SnapAsync("case-page-macro-and-article");
    }

    private async Task<(long Id, string CaseNo, string Buyer)> SomeOpenCaseAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "aftersales.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT c.Id, c.CaseNo, b.Name FROM AfterSalesCases c JOIN Customers b ON b.Id = c.CustomerId WHERE c.Status = 'AwaitingMerchant' ORDER BY c.Id LIMIT 1";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "the demo data has a case awaiting the merchant");
        return (reader.GetInt64(0), reader.GetString(1), reader.GetString(2));
    }
}
