using AfterSalesDesk.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace AfterSalesDesk.Tests.E2E;

[Collection(BrowserCollection.Name)]
public class RefundBrowserTests(BrowserFixture browser, AppProcess app) : IClassFixture<AppProcess>
{
    [Fact]
    public async Task AgentProposes_TwoDifferentSupervisorsApprove_TheRefundIsPaidAndTheCaseMovesOn()
    {
        var caseId = await CaseAwaitingRefundAsync();
        var agent = await browser.NewPageAsync(app);
        await agent.LoginAsync("agent1@demo.local");
        await agent.OpenAsync($"cases/{caseId}");
        await agent.GetByTestId("refund-propose").ClickAsync();
        var refund = agent.Locator("[data-testid^=refund-]").Filter(new() { Has = agent.GetByTestId("refund-status") }).First;
        await Assertions.Expect(refund.GetByTestId("refund-status")).ToHaveTextAsync("Awaiting approval");
        await Assertions.Expect(refund.GetByTestId("refund-approvals")).ToContainTextAsync("0 of 2");
        var refundId = (await refund.GetAttributeAsync("data-testid"))!["refund-".Length..];

        var supervisor1 = await browser.NewPageAsync(app);
        await supervisor1.LoginAsync("supervisor1@demo.local");
        await supervisor1.OpenAsync("approvals");
        await supervisor1.GetByTestId($"approve-{refundId}").ClickAsync();
        await Assertions.Expect(supervisor1.GetByTestId($"approval-{refundId}")).ToContainTextAsync("Not yours to approve");
        Assert.Equal(0, await supervisor1.GetByTestId($"approve-{refundId}").CountAsync());
        await Assertions.Expect(refund.GetByTestId("refund-approvals")).ToContainTextAsync("1 of 2: supervisor1@demo.local");
        await supervisor1.SnapAsync("refund-approvals-supervisor1");

        var supervisor2 = await browser.NewPageAsync(app);
        await supervisor2.LoginAsync("supervisor2@demo.local");
        await supervisor2.OpenAsync("approvals");
        await supervisor2.GetByTestId($"approve-{refundId}").ClickAsync();

        // The worker pays it through the gateway; the agent's page follows without a reload.
        await Assertions.Expect(refund.GetByTestId("refund-status")).ToHaveTextAsync("Paid", new() { Timeout = 15_000 });
        await Assertions.Expect(agent.GetByTestId("case-status")).ToHaveTextAsync("Refunded", new() { Timeout = 15_000 });
        await agent.SnapAsync("refund-paid-agent");
    }

    private async Task<long> CaseAwaitingRefundAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "aftersales.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id FROM AfterSalesCases WHERE Status = 'AwaitingRefund' AND Id NOT IN (SELECT CaseId FROM Refunds) ORDER BY Id LIMIT 1";
        return (long)(await command.ExecuteScalarAsync() ?? throw new InvalidOperationException("no demo case awaits a refund"));
    }
}
