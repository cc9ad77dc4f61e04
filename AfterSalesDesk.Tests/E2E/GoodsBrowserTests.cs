using AfterSalesDesk.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace AfterSalesDesk.Tests.E2E;

/// <summary>A return on the case page: the agent records the buyer's waybill, the merchant confirms receipt and inspects with a deduction, the refund takes it.</summary>
[Collection(BrowserCollection.Name)]
public class GoodsBrowserTests(BrowserFixture browser, SharedApp app) : BrowserTest(app)
{
    [Fact]
    public async Task Return_WaybillReceiptAndInspection_OnTheCasePage_GiveTheRefundItsDeduction()
    {
        var (caseId, merchantEmail) = await ReturnAwaitingShipmentAsync();
        var agent = await browser.NewPageAsync(app);
        await agent.LoginAsync("agent1@demo.local");
        await agent.OpenAsync($"cases/{caseId}");

        await agent.GetByTestId("action-RecordReturnShipment").ClickAsync();
        await agent.GetByTestId("step-confirm").ClickAsync();
        await Assertions.Expect(agent.GetByTestId("step-missing")).ToHaveTextAsync("Choose the carrier and enter the waybill number.");
        await agent.ChooseAsync("step-carrier", "YTO Express");
        await agent.GetByTestId("step-waybill").FillAsync("yt 7788 9900 11");
        await agent.GetByTestId("step-confirm").ClickAsync();
        await Assertions.Expect(agent.GetByTestId("case-status")).ToHaveTextAsync("Return in transit");
        await Assertions.Expect(agent.GetByTestId("parcel-Return")).ToContainTextAsync("YT7788990011");

        var merchant = await browser.NewPageAsync(app);
        await merchant.LoginAsync(merchantEmail);
        await merchant.OpenAsync($"cases/{caseId}");
        await merchant.GetByTestId("action-ConfirmReturnReceived").ClickAsync();
        await merchant.GetByTestId("reason-text").FillAsync("Box dented, item inside");
        await merchant.GetByTestId("reason-confirm").ClickAsync();
        await Assertions.Expect(merchant.GetByTestId("case-status")).ToHaveTextAsync("Return received");
        await Assertions.Expect(merchant.GetByTestId("parcel-Return")).ToContainTextAsync("Box dented, item inside");

        await merchant.GetByTestId("action-RecordInspection").ClickAsync();
        await merchant.GetByTestId("step-dialog").GetByText("Accepted with deduction").ClickAsync();
        await merchant.ExpectNumbersRefusedAsync("step-deduction", "1000000000000", "1e12", "100.01", "-5", "12.345", "ten");
        await merchant.GetByTestId("step-confirm").ClickAsync();
        await Assertions.Expect(merchant.GetByTestId("step-dialog")).ToBeVisibleAsync();
        await merchant.Locator("[data-testid=step-deduction] input, input[data-testid=step-deduction]").First.FillAsync("15");
        await Assertions.Expect(merchant.GetByTestId("step-deduction-error")).ToHaveCountAsync(0);
        await merchant.ChooseAsync("step-deduction-kind", "Damage");
        await merchant.GetByTestId("step-notes").FillAsync("Scratched lid");
        await merchant.SnapAsync("goods-inspection-dialog");
        await merchant.GetByTestId("step-confirm").ClickAsync();
        await Assertions.Expect(merchant.GetByTestId("case-status")).ToHaveTextAsync("Inspected");
        await Assertions.Expect(merchant.GetByTestId("case-inspection")).ToContainTextAsync("15 % deducted (Damage)");

        // The agent's page follows live, then the refund takes the inspection's deduction.
        await Assertions.Expect(agent.GetByTestId("case-status")).ToHaveTextAsync("Inspected");
        await agent.GetByTestId("action-RequestRefund").ClickAsync();
        await agent.GetByTestId("reason-confirm").ClickAsync();
        await Assertions.Expect(agent.GetByTestId("refund-inspection-deduction")).ToHaveTextAsync("Deduction from the inspection: 15 % (Damage)");
        await agent.GetByTestId("refund-propose").ClickAsync();
        await Assertions.Expect(agent.GetByTestId("case-refunds")).ToContainTextAsync("(15 %)");
        await Assertions.Expect(agent.GetByTestId("case-refunds")).ToContainTextAsync("Damage: Scratched lid");
        await agent.SnapAsync("goods-return-refund-agent");
    }

    [Fact]
    public async Task Repair_NotCovered_IsQuotedAcceptedRepairedAndShippedBack_OnTheCasePage()
    {
        var (caseId, merchantEmail) = await CaseAtAsync("Repair", "ReturnReceived");
        var merchant = await browser.NewPageAsync(app);
        await merchant.LoginAsync(merchantEmail);
        await merchant.OpenAsync($"cases/{caseId}");
        await merchant.GetByTestId("action-RecordInspection").ClickAsync();
        await Assertions.Expect(merchant.GetByTestId("step-dialog").GetByText("Accepted with deduction")).ToHaveCountAsync(0);
        await merchant.GetByTestId("step-dialog").GetByText("Rejected").ClickAsync();
        await merchant.GetByTestId("step-notes").FillAsync("Water damage: not covered by the warranty");
        await merchant.GetByTestId("step-confirm").ClickAsync();
        await Assertions.Expect(merchant.GetByTestId("repair-coverage")).ToHaveTextAsync("Charged repair");
        await Assertions.Expect(merchant.GetByTestId("action-StartRepair")).ToHaveCountAsync(0);

        await merchant.GetByTestId("repair-quote-button").ClickAsync();
        await merchant.ExpectNumbersRefusedAsync("quote-price", "1000000000000", "999999999999", "1e12", "-1", "88.505", "eighty");
        await merchant.GetByTestId("quote-confirm").ClickAsync();
        await Assertions.Expect(merchant.GetByTestId("quote-dialog")).ToBeVisibleAsync();
        await merchant.Locator("[data-testid=quote-price] input, input[data-testid=quote-price]").First.FillAsync("88.50");
        await Assertions.Expect(merchant.GetByTestId("quote-price-error")).ToHaveCountAsync(0);
        await merchant.GetByTestId("quote-note").FillAsync("New pump");
        await merchant.GetByTestId("quote-confirm").ClickAsync();
        await Assertions.Expect(merchant.GetByTestId("repair-quote")).ToContainTextAsync("Quote awaiting buyer");
        await Assertions.Expect(merchant.GetByTestId("repair-quote-accept")).ToHaveCountAsync(0);

        var agent = await browser.NewPageAsync(app);
        await agent.LoginAsync("agent1@demo.local");
        await agent.OpenAsync($"cases/{caseId}");
        await Assertions.Expect(agent.GetByTestId("repair-quote")).ToContainTextAsync("88.50");
        await agent.GetByTestId("repair-quote-accept").ClickAsync();
        await Assertions.Expect(agent.GetByTestId("repair-quote")).ToContainTextAsync("Quote accepted");

        await merchant.GetByTestId("action-StartRepair").ClickAsync();
        await Assertions.Expect(merchant.GetByTestId("repair-stage")).ToContainTextAsync("Diagnosing");
        await merchant.ChooseAsync("repair-stage-pick", "Awaiting parts");
        await merchant.GetByTestId("repair-stage-save").ClickAsync();
        await Assertions.Expect(merchant.GetByTestId("repair-stage")).ToContainTextAsync("Awaiting parts");
        await merchant.GetByTestId("action-ShipRepairedItem").ClickAsync();
        await merchant.ChooseAsync("step-carrier", "SF Express");
        await merchant.GetByTestId("step-waybill").FillAsync("SF60006000");
        await merchant.GetByTestId("step-confirm").ClickAsync();
        await Assertions.Expect(merchant.GetByTestId("case-status")).ToHaveTextAsync("Shipped back to buyer");
        await merchant.SnapAsync("goods-repair-merchant");

        await Assertions.Expect(agent.GetByTestId("case-status")).ToHaveTextAsync("Shipped back to buyer");
        await agent.GetByTestId("action-ConfirmDelivery").ClickAsync();
        await agent.GetByTestId("reason-confirm").ClickAsync();
        await Assertions.Expect(agent.GetByTestId("case-status")).ToHaveTextAsync("Resolved");
        await Assertions.Expect(agent.GetByTestId("parcel-RepairedItem")).Not.ToContainTextAsync("On the way");
        await Assertions.Expect(agent.GetByTestId("case-history")).ToContainTextAsync("Repair quoted: CNY 88.50 · New pump");
    }

    private Task<(long CaseId, string MerchantEmail)> ReturnAwaitingShipmentAsync() => CaseAtAsync("ReturnAndRefund", "AwaitingReturnShipment");

    /// <summary>A demo case of the kind in the state, at a merchant that has a login.</summary>
    private async Task<(long CaseId, string MerchantEmail)> CaseAtAsync(string kind, string status)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "aftersales.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT c.Id, u.Email FROM AfterSalesCases c JOIN AspNetUsers u ON u.MerchantId = c.MerchantId
            WHERE c.Kind = $kind AND c.Status = $status ORDER BY c.Id LIMIT 1
            """;
        command.Parameters.AddWithValue("$kind", kind);
        command.Parameters.AddWithValue("$status", status);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            throw new InvalidOperationException($"no demo {kind} case is {status} at a merchant with a login");
        }

        return (reader.GetInt64(0), reader.GetString(1));
    }
}
