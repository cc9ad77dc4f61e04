using AfterSalesDesk.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace AfterSalesDesk.Tests.E2E;

/// <summary>The merchant portal and disputes in the browser, against the real app: answers, isolation, escalation and arbitration.</summary>
/// <remarks>
/// On the live-update tests' app, not the shared one: it opens a case on merchant1's newest delivered order, which the
/// shared app's other tests use up, and holds the merchant's live conversation to 2 s.
/// </remarks>
[Collection(LiveBrowserCollection.Name)]
public class MerchantDisputeBrowserTests(BrowserFixture browser, LiveApp app) : BrowserTest(app)
{
    [Fact]
    public async Task Merchant1_RejectsACase_AndSeesTheAgentsReplyLive()
    {
        // The agent opens a request on one of merchant1's orders and sends it to the merchant.
        var orderId = await ScalarAsync("""
            SELECT o.Id FROM Orders o JOIN Merchants m ON m.Id = o.MerchantId
            WHERE m.Code = 'M001' AND o.Status = 'Delivered' AND NOT EXISTS (SELECT 1 FROM AfterSalesCases c WHERE c.OrderId = o.Id)
            ORDER BY o.DeliveredAt DESC LIMIT 1
            """);
        var lineId = await ScalarAsync($"SELECT Id FROM OrderLines WHERE OrderId = {orderId} ORDER BY Id LIMIT 1");
        var agent = await browser.NewPageAsync(app);
        await agent.LoginAsync("agent1@demo.local");
        await agent.OpenAsync($"orders/{orderId}");
        await agent.GetByTestId("open-case").ClickAsync();
        await (await agent.MudDialogAsync("open-case-dialog")).GetByTestId($"qty-{lineId}").FillAsync("1");
        await agent.GetByTestId("open-case-save").ClickAsync();
        await agent.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/cases/\\d+$"));
        await agent.WaitForInteractiveAsync();
        var caseId = long.Parse(new Uri(agent.Url).Segments[^1]);
        await agent.GetByTestId("action-RequestMerchantResponse").ClickAsync();
        await Assertions.Expect(agent.GetByTestId("case-status")).ToHaveTextAsync("Awaiting merchant");

        var merchant = await browser.NewPageAsync(app);
        await merchant.LoginAsync("merchant1@demo.local");
        await merchant.OpenAsync($"cases/{caseId}");
        await merchant.GetByTestId("action-MerchantReject").ClickAsync();
        await merchant.GetByTestId("reason-text").FillAsync("The seal is broken: the item was used.");
        await merchant.GetByTestId("reason-confirm").ClickAsync();
        await Assertions.Expect(merchant.GetByTestId("case-status")).ToHaveTextAsync("Merchant rejected");

        await Assertions.Expect(agent.GetByTestId("case-status")).ToHaveTextAsync("Merchant rejected");
        await agent.ChooseAsync("message-visibility", "Message to merchant");
        await agent.GetByTestId("message-text").FillAsync("Please send a photo of the seal.");
        await agent.GetByTestId("message-send").ClickAsync();

        // No reload: the merchant's open page shows the reply within two seconds.
        await Assertions.Expect(merchant.GetByTestId("case-conversation")).ToContainTextAsync("Please send a photo of the seal.", new() { Timeout = 2_000 });
        await merchant.SnapAsync("merchant-reply-live");
    }

    [Fact]
    public async Task Merchant1_TypingTheUrlOfMerchant2sCase_GetsNotFound_AndTheAttemptIsAudited()
    {
        var (caseId, caseNo) = await CaseOfAsync("merchant2@demo.local");
        var merchant = await browser.NewPageAsync(app);
        await merchant.LoginAsync("merchant1@demo.local");

        await merchant.GotoAsync($"cases/{caseId}");

        await Assertions.Expect(merchant.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();
        Assert.DoesNotContain(caseNo, await merchant.ContentAsync());
        var denied = await ScalarAsync($"""
            SELECT COUNT(*) FROM AuditEntries WHERE UserName = 'merchant1@demo.local' AND Outcome = 'Denied' AND EntityType = 'AfterSalesCase' AND EntityId = '{caseId}'
            """);
        Assert.True(denied >= 1, "the denied attempt is in the audit trail");
        await merchant.SnapAsync("merchant-other-store-not-found");
    }

    [Fact]
    public async Task BuyerEscalation_GoesToArbitration_AndADecisionForTheBuyerProducesARefund()
    {
        var caseId = await ScalarAsync("SELECT Id FROM AfterSalesCases WHERE Status = 'MerchantRejected' AND Kind = 'RefundOnly' ORDER BY Id LIMIT 1");
        var agent = await browser.NewPageAsync(app);
        await agent.LoginAsync("agent1@demo.local");
        await agent.OpenAsync($"cases/{caseId}");
        await agent.GetByTestId("case-escalate-dispute").ClickAsync();
        await agent.GetByTestId("escalate-summary").FillAsync("The buyer says the merchant ignored a clear defect.");
        await agent.GetByTestId("escalate-confirm").ClickAsync();
        await Assertions.Expect(agent.GetByTestId("complaint-status")).ToHaveTextAsync("Awaiting merchant evidence");
        var complaintUrl = agent.Url;

        var supervisor = await browser.NewPageAsync(app);
        await supervisor.LoginAsync("supervisor1@demo.local");
        await supervisor.GotoAsync(complaintUrl);
        await supervisor.WaitForInteractiveAsync();
        await supervisor.GetByTestId("complaint-arbitrate").ClickAsync();
        await Assertions.Expect(supervisor.GetByTestId("complaint-status")).ToHaveTextAsync("Under arbitration");
        await supervisor.GetByTestId("complaint-decide").ClickAsync();
        // The partial decision's share refuses numbers out of range; then the supervisor decides for the buyer.
        await supervisor.GetByTestId("decide-dialog").GetByText("Partly for the buyer", new() { Exact = true }).ClickAsync();
        await supervisor.ExpectNumbersRefusedAsync("decide-share", "1000000000000", "1e12", "100.01", "-5", "40.005", "half");
        await supervisor.GetByTestId("decide-dialog").GetByText("For the buyer", new() { Exact = true }).ClickAsync();
        await supervisor.GetByTestId("decide-reasoning").FillAsync("The photos show the defect the merchant denied.");
        await supervisor.GetByTestId("decide-confirm").ClickAsync();

        await Assertions.Expect(supervisor.GetByTestId("complaint-outcome")).ToHaveTextAsync("For the buyer");
        await Assertions.Expect(supervisor.GetByTestId("complaint-refund")).ToBeVisibleAsync();
        await supervisor.SnapAsync("dispute-decided-supervisor");
        await supervisor.GetByTestId("complaint-case").ClickAsync();
        await Assertions.Expect(supervisor.GetByTestId("case-status")).ToHaveTextAsync("Awaiting refund");
        await Assertions.Expect(supervisor.GetByTestId("case-refunds").Locator("[data-testid=refund-status]")).ToHaveCountAsync(1);
        Assert.Equal(1, await ScalarAsync($"SELECT COUNT(*) FROM Refunds WHERE CaseId = {caseId}"));
    }

    [Fact]
    public async Task Merchant1_AnswersTheComplaintAwaitingItsEvidence_WithTwoFilesAndAStatement()
    {
        // The demo complaint at merchant1's store that waits for the merchant's evidence, found through the list.
        var complaintId = await ScalarAsync("""
            SELECT c.Id FROM Complaints c JOIN Merchants m ON m.Id = c.MerchantId
            WHERE m.Code = 'M001' AND c.Status = 'AwaitingMerchantEvidence' ORDER BY c.Id LIMIT 1
            """);
        var merchant = await browser.NewPageAsync(app);
        await merchant.LoginAsync("merchant1@demo.local");
        await merchant.OpenAsync("complaints");
        await merchant.GetByTestId($"complaint-row-{complaintId}").ClickAsync();
        await merchant.WaitForURLAsync(new System.Text.RegularExpressions.Regex($"/complaints/{complaintId}$"));
        await merchant.WaitForInteractiveAsync();
        await Assertions.Expect(merchant.GetByTestId("statement-party")).ToHaveValueAsync("For: Merchant");

        // A file dragged over the drop area lays the picker's input over it, to take the drop; leaving puts it away.
        var input = merchant.Locator("input[data-testid=evidence-upload]");
        var drag = await merchant.EvaluateHandleAsync("() => new DataTransfer()");
        await merchant.GetByTestId("evidence-drop").DispatchEventAsync("dragenter", new { dataTransfer = drag });
        await Assertions.Expect(input).ToBeVisibleAsync();
        Assert.Equal((await merchant.GetByTestId("evidence-drop").BoundingBoxAsync())!.Y, (await input.BoundingBoxAsync())!.Y, 1);
        await input.DispatchEventAsync("dragleave", new { dataTransfer = drag });
        await Assertions.Expect(input).ToBeHiddenAsync();

        // Two files in one selection (the drop area's input takes several); each is uploaded in turn.
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. new byte[90]];
        byte[] pdf = [.. "%PDF-1.4\n%%EOF\n"u8];
        await merchant.GetByTestId("evidence-upload").SetInputFilesAsync(new[]
        {
            new FilePayload { Name = "chat-log.png", MimeType = "image/png", Buffer = png },
            new FilePayload { Name = "invoice.pdf", MimeType = "application/pdf", Buffer = pdf },
        });
        await Assertions.Expect(merchant.GetByTestId("complaint-evidence").Locator("li")).ToHaveCountAsync(2);
        await Assertions.Expect(merchant.GetByTestId("complaint-evidence")).ToContainTextAsync("invoice.pdf");
        await merchant.GetByTestId("statement-text").FillAsync("The chat dropped on a network fault; the log and the invoice are attached.");
        await merchant.GetByTestId("statement-send").ClickAsync();

        await Assertions.Expect(merchant.GetByTestId("complaint-status")).ToHaveTextAsync("Awaiting buyer evidence");
        await Assertions.Expect(merchant.GetByTestId("statement-Merchant")).ToContainTextAsync("network fault");
        Assert.Equal(2, await ScalarAsync($"SELECT COUNT(*) FROM ComplaintEvidence WHERE ComplaintId = {complaintId}"));
        await merchant.SnapAsync("merchant-dispute-evidence");
    }

    private async Task<(long CaseId, string CaseNo)> CaseOfAsync(string merchantEmail)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT c.Id, c.CaseNo FROM AfterSalesCases c JOIN AspNetUsers u ON u.MerchantId = c.MerchantId WHERE u.Email = $email ORDER BY c.Id LIMIT 1";
        command.Parameters.AddWithValue("$email", merchantEmail);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"{merchantEmail} has a demo case");
        return (reader.GetInt64(0), reader.GetString(1));
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync() ?? throw new InvalidOperationException($"no row for: {sql}"));
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "aftersales.db")};Pooling=False");
        await connection.OpenAsync();
        return connection;
    }
}
