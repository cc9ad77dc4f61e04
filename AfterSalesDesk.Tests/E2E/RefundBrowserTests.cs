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

    [Fact]
    public async Task Supervisor_CancelsAFailedRefundTheGatewayNeverPaid_RejectsTheNext_AndRetriesAFailedOne_WhichIsPaid()
    {
        var caseId = await CaseAwaitingRefundAsync();
        var supervisor = await browser.NewPageAsync(app);
        await supervisor.LoginAsync("supervisor1@demo.local");
        await supervisor.OpenAsync($"cases/{caseId}");
        var refunds = supervisor.GetByTestId("case-refunds");

        await supervisor.GetByTestId("refund-propose").ClickAsync();
        var first = refunds.Locator("[data-testid^=refund-]").Filter(new() { Has = supervisor.GetByTestId("refund-status") }).First;
        await Assertions.Expect(first.GetByTestId("refund-status")).ToHaveTextAsync("Awaiting approval");
        await FailAsync(await RefundIdAsync(first));
        await Assertions.Expect(first.GetByTestId("refund-status")).ToHaveTextAsync("Failed");
        await first.GetByTestId("refund-cancel").ClickAsync();
        await supervisor.GetByTestId("reason-dialog").Locator("textarea").FillAsync("Gateway confirms nothing was paid; new proposal follows");
        await supervisor.GetByTestId("reason-confirm").ClickAsync();

        await Assertions.Expect(first.GetByTestId("refund-status")).ToHaveTextAsync("Cancelled");
        await Assertions.Expect(first).ToContainTextAsync("Gateway confirms nothing was paid");
        await Assertions.Expect(first.GetByTestId("refund-retry")).ToHaveCountAsync(0);
        await supervisor.SnapAsync("refund-cancelled-supervisor");

        // The released amount can be proposed again: once to be rejected (the same reason dialog), then once more,
        // which fails too, and this time the supervisor retries it and the worker pays it.
        await supervisor.GetByTestId("refund-propose").ClickAsync();
        var rejected = refunds.Locator("[data-testid^=refund-]").Filter(new() { Has = supervisor.GetByTestId("refund-status") }).Nth(1);
        await rejected.GetByTestId("refund-reject").ClickAsync();
        await supervisor.GetByTestId("reason-dialog").Locator("textarea").FillAsync("Photos do not show the damage");
        await supervisor.GetByTestId("reason-confirm").ClickAsync();
        await Assertions.Expect(rejected.GetByTestId("refund-status")).ToHaveTextAsync("Rejected");
        await supervisor.GetByTestId("refund-propose").ClickAsync();
        var second = refunds.Locator("[data-testid^=refund-]").Filter(new() { Has = supervisor.GetByTestId("refund-status") }).Nth(2);
        await Assertions.Expect(second.GetByTestId("refund-status")).ToHaveTextAsync("Awaiting approval");
        await FailAsync(await RefundIdAsync(second));
        await Assertions.Expect(second.GetByTestId("refund-status")).ToHaveTextAsync("Failed");
        await second.GetByTestId("refund-retry").ClickAsync();

        await Assertions.Expect(second.GetByTestId("refund-status")).ToHaveTextAsync("Paid", new() { Timeout = 15_000 });
        await Assertions.Expect(supervisor.GetByTestId("case-status")).ToHaveTextAsync("Refunded", new() { Timeout = 15_000 });
        await Assertions.Expect(first.GetByTestId("refund-status")).ToHaveTextAsync("Cancelled");
        await supervisor.SnapAsync("refund-retried-paid-supervisor");
    }

    private static async Task<long> RefundIdAsync(ILocator refund) =>
        long.Parse((await refund.GetAttributeAsync("data-testid"))!["refund-".Length..]);

    /// <summary>
    /// What the worker leaves when the gateway refuses a refund granted at once, written directly: this app's
    /// gateway never refuses. The order's balance stays reserved, as it is for a refund awaiting approval.
    /// </summary>
    private async Task FailAsync(long refundId)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "aftersales.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA busy_timeout = 10000;
            UPDATE Refunds SET Status = 'Failed', RequiredApprovals = 0, DecidedAt = ProposedAt, Attempts = 5, NextAttemptAt = NULL,
                LastError = 'Refused by the gateway: account closed'
            WHERE Id = $id AND Status = 'AwaitingApproval'
            """;
        command.Parameters.AddWithValue("$id", refundId);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
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
