using AfterSalesDesk.Tests.TestSupport;
using Microsoft.Playwright;

namespace AfterSalesDesk.Tests.E2E;

/// <summary>
/// The keyboard alone takes a case, replies and proposes a refund. On the live-update tests' app, not the shared one: it
/// needs a case that waits for its refund with none proposed yet, which the shared app's other tests use up.
/// </summary>
[Collection(LiveBrowserCollection.Name)]
public class KeyboardBrowserTests(BrowserFixture browser, LiveApp app) : BrowserTest(app)
{
    [Fact]
    public async Task Keyboard_Alone_TakesACase_Replies_AndProposesARefund()
    {
        var (caseId, caseNo) = await CaseAsync("AssigneeId IS NULL AND IsOpen = 1");
        var page = await browser.NewPageAsync(app);
        await page.LoginAsync("agent2@demo.local");
        await page.OpenAsync($"cases/{caseId}");
        await Assertions.Expect(page.GetByTestId("case-assignee")).ToHaveTextAsync("Unassigned");

        await TabToAsync(page, "case-take");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("case-assignee")).ToHaveTextAsync("agent2@demo.local");

        await TabToAsync(page, "message-text");
        await page.Keyboard.TypeAsync("Typed without a mouse.");
        // The count follows the keys while the field is still being typed in; the field keeps every key (it binds on
        // change: with a round trip per key, a busy server once wrote "Typed without a" back over it).
        await Assertions.Expect(page.GetByTestId("message-text-counter")).ToContainTextAsync("22 / 4,000 characters");
        await Assertions.Expect(page.GetByTestId("message-text")).ToHaveValueAsync("Typed without a mouse.");
        await TabToAsync(page, "message-send");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("case-conversation")).ToContainTextAsync("Typed without a mouse.");
        await page.SnapAsync($"keyboard-case-{caseNo}");

        // A case that waits for its refund: the proposal, from the keyboard too.
        var (refundCaseId, _) = await CaseAsync("Status = 'AwaitingRefund' AND Id NOT IN (SELECT CaseId FROM Refunds)");
        await page.OpenAsync($"cases/{refundCaseId}");
        await TabToAsync(page, "refund-propose");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("case-refunds").GetByTestId("refund-status").First).ToHaveTextAsync("Awaiting approval");
    }

    /// <summary>Presses Tab until the element with <paramref name="testId"/> (or a field inside it) has the focus.</summary>
    private static async Task TabToAsync(IPage page, string testId)
    {
        const string focused = "id => { const e = document.activeElement; return !!e && (e.getAttribute('data-testid') === id || !!e.closest(`[data-testid=\"${id}\"]`)); }";
        for (var i = 0; i < 250; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>(focused, testId))
            {
                return;
            }
        }

        Assert.Fail($"{testId} never received the focus from the keyboard");
    }

    private async Task<(long Id, string CaseNo)> CaseAsync(string where)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "aftersales.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT Id, CaseNo FROM AfterSalesCases WHERE {where} ORDER BY Id DESC LIMIT 1";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"the demo data has a case where {where}");
        return (reader.GetInt64(0), reader.GetString(1));
    }

}
