using AfterSalesDesk.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace AfterSalesDesk.Tests.E2E;

/// <summary>
/// An agent records a buyer's two-star rating on a closed case; the follow-up it opens appears on the
/// feedback page, where another agent completes it; the merchant sees the rating but not the
/// follow-up; the manager sees the averages.
/// </summary>
[Collection(BrowserCollection.Name)]
public class FeedbackBrowserTests(BrowserFixture browser, SharedApp app) : BrowserTest(app)
{
    [Fact]
    public async Task ALowRating_OpensAFollowUp_WhichAnotherAgentCompletes_AndTheMerchantSeesOnlyTheRating()
    {
        var (caseId, caseNo, merchantEmail) = await ClosedUnratedCaseAsync();
        var agent = await browser.NewPageAsync(app);
        await agent.LoginAsync("agent1@demo.local");
        await agent.OpenAsync($"cases/{caseId}");

        var form = agent.GetByTestId("rating-form");
        await Assertions.Expect(agent.GetByTestId("rating-save")).ToBeDisabledAsync();
        // MudRating's second item is two stars.
        await form.Locator(".mud-rating-item").Nth(1).ClickAsync();
        await agent.GetByTestId("rating-save").ClickAsync();
        await Assertions.Expect(agent.GetByTestId("rating-error")).ToContainTextAsync("needs the buyer's comment");
        await agent.GetByTestId("rating-comment-input").FillAsync("The courier never came for the parcel.");
        await agent.SnapAsync("feedback-rating-form");
        await agent.GetByTestId("rating-save").ClickAsync();
        await Assertions.Expect(agent.GetByTestId("rating-stars")).ToHaveTextAsync("★★☆☆☆");
        await Assertions.Expect(agent.GetByTestId("rating-comment")).ToHaveTextAsync("The courier never came for the parcel.");
        await Assertions.Expect(agent.GetByTestId("rating-follow-up")).ToContainTextAsync("Follow-up open");
        await Assertions.Expect(agent.GetByTestId("rating-form")).ToHaveCountAsync(0);

        var agent2 = await browser.NewPageAsync(app);
        await agent2.LoginAsync("agent2@demo.local");
        await agent2.OpenAsync("feedback");
        var row = agent2.GetByTestId($"follow-up-{caseNo}");
        await Assertions.Expect(row).ToContainTextAsync("The courier never came for the parcel.");
        await row.GetByTestId("follow-up-take").ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("agent2@demo.local");
        await row.GetByTestId("follow-up-done").ClickAsync();
        await agent2.GetByTestId("reason-text").FillAsync("Called the buyer; pickup rebooked and a coupon sent.");
        await agent2.GetByTestId("reason-confirm").ClickAsync();
        await Assertions.Expect(row.GetByTestId("follow-up-outcome")).ToContainTextAsync("Called the buyer; pickup rebooked and a coupon sent.");
        await agent2.SnapAsync("feedback-follow-up-done");

        // The agent's case page follows live.
        await Assertions.Expect(agent.GetByTestId("rating-follow-up")).ToContainTextAsync("Follow-up done");

        var merchant = await browser.NewPageAsync(app);
        await merchant.LoginAsync(merchantEmail);
        await merchant.OpenAsync($"cases/{caseId}");
        await Assertions.Expect(merchant.GetByTestId("rating-stars")).ToHaveTextAsync("★★☆☆☆");
        await Assertions.Expect(merchant.GetByTestId("rating-follow-up")).ToHaveCountAsync(0);
        await merchant.OpenAsync("feedback");
        await Assertions.Expect(merchant.GetByTestId($"rating-{caseNo}")).ToBeVisibleAsync();
        await Assertions.Expect(merchant.GetByTestId("follow-ups")).ToHaveCountAsync(0);
        await Assertions.Expect(merchant.GetByTestId("feedback-by-agent")).ToHaveCountAsync(0);
        var merchantName = (await merchant.GetByTestId($"rating-{caseNo}").Locator("td").Nth(1).InnerTextAsync()).Trim();
        foreach (var cell in await merchant.GetByTestId("ratings").Locator("tbody tr td:nth-child(2)").AllInnerTextsAsync())
        {
            Assert.Equal(merchantName, cell.Trim());
        }

        var manager = await browser.NewPageAsync(app);
        await manager.LoginAsync("manager@demo.local");
        await manager.OpenAsync("feedback");
        await Assertions.Expect(manager.GetByTestId("feedback-average-value")).ToBeVisibleAsync();
        await Assertions.Expect(manager.GetByTestId("feedback-stars-2")).ToContainTextAsync("2");
        await Assertions.Expect(manager.GetByTestId("feedback-by-agent")).ToContainTextAsync("agent1@demo.local");
        await Assertions.Expect(manager.GetByTestId($"follow-up-{caseNo}").GetByTestId("follow-up-done")).ToHaveCountAsync(0);
        await manager.SnapAsync("feedback-manager");
    }

    /// <summary>A closed demo case nobody rated yet, at a merchant with a login.</summary>
    private async Task<(long CaseId, string CaseNo, string MerchantEmail)> ClosedUnratedCaseAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "aftersales.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT c.Id, c.CaseNo, u.Email FROM AfterSalesCases c JOIN AspNetUsers u ON u.MerchantId = c.MerchantId
            WHERE c.Status = 'Closed' AND NOT EXISTS (SELECT 1 FROM CaseRatings r WHERE r.CaseId = c.Id) ORDER BY c.Id LIMIT 1
            """;
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "no closed, unrated demo case at a merchant with a login");
        return (reader.GetInt64(0), reader.GetString(1), reader.GetString(2));
    }
}
