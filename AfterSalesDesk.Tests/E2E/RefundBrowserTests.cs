using AfterSalesDesk.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace AfterSalesDesk.Tests.E2E;

[Collection(BrowserCollection.Name)]
public class RefundBrowserTests(BrowserFixture browser, SharedApp app) : BrowserTest(app)
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

    [Fact]
    public async Task RefundForm_OffersWhatIsLeftOfTheCase_ShowsTheAmountLive_AndAnswersOutOfRangeNumbersWithAMessage()
    {
        var (caseId, lineId, caseQuantity) = await CaseWithoutDeductionAsync();
        var agent = await browser.NewPageAsync(app);
        await agent.LoginAsync("agent1@demo.local");
        await agent.OpenAsync($"cases/{caseId}");
        var quantity = agent.GetByTestId($"refund-qty-{lineId}");
        var deduction = agent.GetByTestId("refund-deduction");
        var amount = agent.GetByTestId("refund-preview-amount");
        var propose = agent.GetByTestId("refund-propose");

        // The case's quantity (what is left of it) is the maximum, and the form starts from it.
        await Assertions.Expect(agent.GetByTestId($"refund-left-{lineId}")).ToHaveTextAsync($"/ {caseQuantity}");
        await Assertions.Expect(quantity).ToHaveValueAsync(caseQuantity.ToString());
        await Assertions.Expect(amount).ToContainTextAsync("Refund ");
        await Assertions.Expect(agent.GetByTestId("refund-preview-approval")).ToHaveTextAsync(
            new System.Text.RegularExpressions.Regex("Granted at once|Needs one supervisor|Needs two different supervisors"));
        var whole = await amount.TextContentAsync();

        // A deduction with its reason changes the amount as it is typed.
        await agent.GetByTestId("refund-deduction-reason").FillAsync("Box dented");
        await agent.GetByTestId("refund-deduction-reason").PressAsync("Tab");
        await deduction.FillAsync("10");
        await Assertions.Expect(amount).Not.ToHaveTextAsync(whole!);
        var tenPercent = await amount.TextContentAsync();

        // Out-of-range or malformed numbers: a message under the field, nothing changes, nothing crashes.
        foreach (var (field, typed) in new[]
        {
            (quantity, "1e12"), (quantity, "999999999999"), (quantity, "1000000000000"), (quantity, "-1"), (quantity, (caseQuantity + 1).ToString()),
            (quantity, "1.5"), (quantity, "two"),
            (deduction, "1000000000000"), (deduction, "1e12"), (deduction, "100.01"), (deduction, "-5"), (deduction, "12.345"), (deduction, "ten"),
        })
        {
            var id = await field.GetAttributeAsync("data-testid");
            await field.FillAsync(typed);
            await Assertions.Expect(agent.GetByTestId($"{id}-error")).ToBeVisibleAsync();
            await Assertions.Expect(field).ToHaveValueAsync(typed);
            await Assertions.Expect(amount).ToHaveTextAsync(tenPercent!);
            await Assertions.Expect(propose).ToBeDisabledAsync();
            Assert.Equal(0, await agent.GetByTestId("page-error").CountAsync());
        }

        await quantity.FillAsync(caseQuantity.ToString());
        await deduction.FillAsync("10");
        await Assertions.Expect(agent.GetByTestId($"refund-qty-{lineId}-error")).ToHaveCountAsync(0);
        await Assertions.Expect(agent.GetByTestId("refund-deduction-error")).ToHaveCountAsync(0);
        await Assertions.Expect(propose).ToBeEnabledAsync();
        await agent.SnapAsync("refund-form-preview");

        // What the form showed is what is proposed.
        await propose.ClickAsync();
        var refund = agent.Locator("[data-testid^=refund-]").Filter(new() { Has = agent.GetByTestId("refund-status") }).First;
        await Assertions.Expect(refund.Locator("strong")).ToHaveTextAsync(tenPercent!["Refund ".Length..]);
    }

    [Fact]
    public async Task ARefusal_ShowsItsMessageEachTime_EvenAfterItsAlertWasClosed()
    {
        var (caseId, lineId, _) = await CaseWithoutDeductionAsync();
        var agent = await browser.NewPageAsync(app);
        await agent.LoginAsync("agent1@demo.local");
        await agent.OpenAsync($"cases/{caseId}");
        await agent.GetByTestId($"refund-qty-{lineId}").FillAsync("0");
        await Assertions.Expect(agent.GetByTestId("refund-preview-refusal")).ToContainTextAsync("Choose at least one line");
        var error = agent.GetByTestId("refund-error");

        for (var attempt = 0; attempt < 3; attempt++)
        {
            await agent.GetByTestId("refund-propose").ClickAsync();
            await Assertions.Expect(error).ToBeVisibleAsync();
            await Assertions.Expect(error).ToContainTextAsync("Choose at least one line");
            await error.Locator("button").ClickAsync();
            await Assertions.Expect(error).ToHaveCountAsync(0);
        }
    }

    /// <summary>A demo case awaiting a refund without one, whose deduction the proposer sets (no inspection, no accepted offer), and its first line.</summary>
    private async Task<(long CaseId, long OrderLineId, int Quantity)> CaseWithoutDeductionAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "aftersales.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT c.Id, l.OrderLineId, l.Quantity FROM AfterSalesCases c JOIN CaseLines l ON l.CaseId = c.Id
            WHERE c.Status = 'AwaitingRefund' AND c.Id NOT IN (SELECT CaseId FROM Refunds)
              AND c.Id NOT IN (SELECT CaseId FROM CaseInspections) AND c.Id NOT IN (SELECT CaseId FROM CaseOffers)
              AND (SELECT COUNT(*) FROM CaseLines o WHERE o.CaseId = c.Id) = 1
            ORDER BY c.Id DESC LIMIT 1
            """;
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "no demo case awaits a refund without an inspection or an offer");
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2));
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
