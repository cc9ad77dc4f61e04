using AfterSalesDesk.Tests.TestSupport;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace AfterSalesDesk.Tests.E2E;

/// <summary>
/// axe-core (WCAG 2.0 and 2.1, levels A and AA) on every main page of each role, on a desktop and on a phone: no
/// serious or critical violation. Minor and moderate findings are printed for people to read, not failed on.
/// </summary>
[Collection(BrowserCollection.Name)]
public class AccessibilityBrowserTests(BrowserFixture browser, SharedApp app, Xunit.Abstractions.ITestOutputHelper output) : BrowserTest(app)
{
    private static readonly string[] Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    public static TheoryData<string, string[]> RolePages => new()
    {
        { "agent1@demo.local", ["", "queues?q=All", "orders", "complaints", "feedback", "kb", "macros"] },
        { "supervisor1@demo.local", ["approvals", "refunds", "queues?q=Unassigned"] },
        // The dashboard is not among them yet: it is still on Radzen, whose chart legend writes an invalid aria-disabled
        // value (a critical finding). It joins this list when it moves to MudBlazor (issue 17).
        { "merchant1@demo.local", ["", "cases", "orders", "reports"] },
        { "manager@demo.local", ["reports", "audit", "complaints/merchants"] },
        { "admin@demo.local", ["admin/users"] },
    };

    [Theory]
    [MemberData(nameof(RolePages))]
    public Task MainPages_OnADesktop_HaveNoSeriousViolation(string email, string[] paths) => CheckAsync(email, paths, 1280, 800);

    [Theory]
    [MemberData(nameof(RolePages))]
    public Task MainPages_OnAPhone_HaveNoSeriousViolation(string email, string[] paths) => CheckAsync(email, paths, 390, 844);

    [Fact]
    public async Task TheCasePage_ForAnAgent_HasNoSeriousViolation()
    {
        var page = await browser.NewPageAsync(app);
        await page.LoginAsync("agent1@demo.local");
        await page.OpenAsync("queues?q=All");
        await page.Locator("a.case-link").First.ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/cases/\\d+$"));
        await page.WaitForInteractiveAsync();

        var serious = await ViolationsAsync(page);
        Assert.True(serious.Count == 0, string.Join("\n", serious));
    }

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

    private async Task CheckAsync(string email, string[] paths, int width, int height)
    {
        var page = await browser.NewPageAsync(app);
        await page.SetViewportSizeAsync(width, height);
        await page.LoginAsync(email);
        await Assertions.Expect(page.GetByTestId("home-heading")).ToBeVisibleAsync();
        var serious = new List<string>();
        foreach (var path in paths)
        {
            await page.OpenAsync(path);
            serious.AddRange(await ViolationsAsync(page));
        }

        Assert.True(serious.Count == 0, string.Join("\n", serious));
    }

    private async Task<List<string>> ViolationsAsync(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. Tags] } });
        var serious = new List<string>();
        foreach (var violation in result.Violations)
        {
            var where = string.Join(" | ", violation.Nodes.Take(3).Select(n => n.Html.Length > 160 ? n.Html[..160] : n.Html));
            var line = $"{page.Url} [{violation.Impact}] {violation.Id}: {violation.Help} ({violation.Nodes.Length} elements) {where}";
            if (violation.Impact is "serious" or "critical")
            {
                serious.Add(line);
            }
            else
            {
                output.WriteLine(line);
            }
        }

        return serious;
    }
}
