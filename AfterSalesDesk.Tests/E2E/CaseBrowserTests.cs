using System.Text.RegularExpressions;
using AfterSalesDesk.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace AfterSalesDesk.Tests.E2E;

[Collection(BrowserCollection.Name)]
public class CaseBrowserTests(BrowserFixture browser, SharedApp app) : BrowserTest(app)
{
    [Fact]
    public async Task OpenCaseDialog_AnswersOutOfRangeQuantitiesWithAMessage_AndOpensNothing()
    {
        var (orderId, _, lineId) = await RecentOrderOfMerchantAsync("M001");
        var agent = await browser.NewPageAsync(app);
        await agent.LoginAsync("agent1@demo.local");
        await agent.OpenAsync($"orders/{orderId}");
        await agent.GetByTestId("open-case").ClickAsync();
        var dialog = await agent.MudDialogAsync("open-case-dialog");
        var quantity = dialog.GetByTestId($"qty-{lineId}");
        var save = dialog.GetByTestId("open-case-save");

        foreach (var typed in new[] { "1e12", "999999999999", "1000000000000", "-1", "1.5", "one", "1000" })
        {
            await quantity.FillAsync(typed);
            await Assertions.Expect(dialog.GetByTestId($"qty-{lineId}-error")).ToBeVisibleAsync();
            await Assertions.Expect(quantity).ToHaveValueAsync(typed);
            await Assertions.Expect(save).ToBeDisabledAsync();
        }

        Assert.Equal(0, await agent.GetByTestId("page-error").CountAsync());
        await quantity.FillAsync("1");
        await Assertions.Expect(dialog.GetByTestId($"qty-{lineId}-error")).ToHaveCountAsync(0);
        await Assertions.Expect(save).ToBeEnabledAsync();
        Assert.EndsWith($"orders/{orderId}", agent.Url);
    }

    [Fact]
    public async Task Agent_OpensACaseFromAnOrder_RepliesNotesAndMovesItOn_AndTheMerchantNeverSeesTheNote()
    {
        var (orderId, orderNo, lineId) = await RecentOrderOfMerchantAsync("M001");
        var agent = await browser.NewPageAsync(app);
        await agent.LoginAsync("agent1@demo.local");
        await agent.OpenAsync($"orders/{orderId}");
        await Assertions.Expect(agent.GetByTestId("order-heading")).ToContainTextAsync(orderNo);

        await agent.GetByTestId("open-case").ClickAsync();
        var dialog = await agent.MudDialogAsync("open-case-dialog");
        await dialog.GetByTestId($"qty-{lineId}").FillAsync("1");
        await dialog.GetByTestId("case-description").FillAsync("Left earbud is silent.");
        await agent.SnapAsync("case-open-dialog");
        await dialog.GetByTestId("open-case-save").ClickAsync();

        try
        {
            await agent.WaitForURLAsync(new Regex("/cases/\\d+$"));
        }
        catch (TimeoutException e)
        {
            // Say what the page showed (the dialog's refusal or spinner, the page's error) and what the app logged,
            // rather than only that nothing happened.
            var shown = await dialog.CountAsync() > 0 ? await dialog.InnerTextAsync(new() { Timeout = 5_000 })
                : await agent.GetByTestId("page-error").CountAsync() > 0 ? await agent.GetByTestId("page-error").InnerTextAsync()
                : "neither the dialog nor a page error";
            var log = app.Log;
            throw new TimeoutException($"no case page after Open case at {agent.Url}; the page shows: {shown}\napp log (end):\n{log[Math.Max(0, log.Length - 4000)..]}", e);
        }

        await agent.WaitForInteractiveAsync();
        var caseUrl = new Uri(agent.Url).AbsolutePath.TrimStart('/');
        await Assertions.Expect(agent.GetByTestId("case-status")).ToHaveTextAsync("Submitted");

        await agent.GetByTestId("message-text").FillAsync("We are on it, please send a photo.");
        await agent.GetByTestId("message-send").ClickAsync();
        await Assertions.Expect(agent.GetByTestId("case-conversation")).ToContainTextAsync("We are on it, please send a photo.");
        await agent.ChooseAsync("message-visibility", "Internal note");
        await agent.GetByTestId("message-text").FillAsync("Buyer returned two items this month; check carefully.");
        await agent.GetByTestId("message-send").ClickAsync();
        await Assertions.Expect(agent.GetByTestId("case-conversation")).ToContainTextAsync("check carefully");

        await agent.GetByTestId("action-RequestMerchantResponse").ClickAsync();
        await Assertions.Expect(agent.GetByTestId("case-status")).ToHaveTextAsync("Awaiting merchant");
        await Assertions.Expect(agent.GetByTestId("case-history")).ToContainTextAsync("Submitted → Awaiting merchant");
        await agent.SnapAsync("case-page-agent");

        var merchant = await browser.NewPageAsync(app);
        await merchant.LoginAsync("merchant1@demo.local");
        await merchant.OpenAsync(caseUrl);
        await Assertions.Expect(merchant.GetByTestId("case-conversation")).ToContainTextAsync("We are on it, please send a photo.");
        await Assertions.Expect(merchant.GetByTestId("case-conversation")).Not.ToContainTextAsync("check carefully");
        await Assertions.Expect(merchant.GetByTestId("action-MerchantAgree")).ToBeVisibleAsync();
        Assert.Equal(0, await merchant.GetByTestId("action-RequestMerchantResponse").CountAsync());
        await merchant.SnapAsync("case-page-merchant");

        var otherMerchant = await browser.NewPageAsync(app);
        await otherMerchant.LoginAsync("merchant2@demo.local");
        await otherMerchant.OpenAsync(caseUrl);
        await Assertions.Expect(otherMerchant.Locator("h1")).ToHaveTextAsync("Not found");
        await Assertions.Expect(otherMerchant.Locator("body")).Not.ToContainTextAsync("We are on it");

        await agent.Context.CloseAsync();
        await merchant.Context.CloseAsync();
        await otherMerchant.Context.CloseAsync();
    }

    [Fact]
    public async Task Agent_WhenQuantityIsZero_SeesWhyTheCaseWasNotOpened()
    {
        var (orderId, _, _) = await RecentOrderOfMerchantAsync("M002");
        var agent = await browser.NewPageAsync(app);
        await agent.LoginAsync("agent2@demo.local");
        await agent.OpenAsync($"orders/{orderId}");
        await agent.GetByTestId("open-case").ClickAsync();
        var dialog = await agent.MudDialogAsync("open-case-dialog");
        // AllAsync does not wait: let the dialog render its lines first.
        await Assertions.Expect(dialog.Locator("input[data-testid^=qty-]").First).ToBeVisibleAsync();
        foreach (var quantity in await dialog.Locator("input[data-testid^=qty-]").AllAsync())
        {
            await quantity.FillAsync("0");
        }

        await dialog.GetByTestId("open-case-save").ClickAsync();

        await Assertions.Expect(dialog.GetByTestId("open-case-error")).ToContainTextAsync("Choose at least one order line and a quantity.");
        Assert.Contains($"/orders/{orderId}", agent.Url);
        Assert.Equal(0L, await CasesOnOrderAsync(orderId));
        await agent.Context.CloseAsync();
    }

    private async Task<long> CasesOnOrderAsync(long orderId)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "aftersales.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM AfterSalesCases WHERE OrderId = $id";
        command.Parameters.AddWithValue("$id", orderId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A delivered order of the store, recent enough for every window, with no case yet.</summary>
    private async Task<(long Id, string OrderNo, long FirstLineId)> RecentOrderOfMerchantAsync(string merchantCode)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "aftersales.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT o.Id, o.OrderNo, (SELECT l.Id FROM OrderLines l WHERE l.OrderId = o.Id ORDER BY l.Id LIMIT 1)
            FROM Orders o JOIN Merchants m ON m.Id = o.MerchantId
            WHERE m.Code = $code AND o.Status = 'Delivered'
              AND NOT EXISTS (SELECT 1 FROM AfterSalesCases c WHERE c.OrderId = o.Id)
            ORDER BY o.DeliveredAt DESC LIMIT 1
            """;
        command.Parameters.AddWithValue("$code", merchantCode);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no delivered order at {merchantCode} in the demo data");
        return (reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2));
    }
}
