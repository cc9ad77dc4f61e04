using AfterSalesDesk.Tests.TestSupport;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace AfterSalesDesk.Tests.E2E;

/// <summary>
/// axe-core (WCAG 2.0 and 2.1, levels A and AA) on every main page of each role, on a desktop and on a phone: no
/// serious or critical violation. Minor and moderate findings are printed for people to read, not failed on.
/// A collection of their own, on an app of their own, beside the other browser tests: axe takes about 2 s a page
/// (about 50 pages), and the pages only read.
/// </summary>
[Collection(AccessibilityCollection.Name)]
public class AccessibilityBrowserTests(BrowserFixture browser, AccessibilityApp app, Xunit.Abstractions.ITestOutputHelper output) : BrowserTest(app)
{
    private static readonly string[] Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    public static TheoryData<string, string[]> RolePages => new()
    {
        { "agent1@demo.local", ["", "queues?q=All", "orders", "complaints", "feedback", "kb", "macros"] },
        { "supervisor1@demo.local", ["approvals", "refunds", "queues?q=Unassigned", "complaints/merchants", "dashboard"] },
        { "merchant1@demo.local", ["", "cases", "orders", "reports", "complaints", "dashboard"] },
        { "manager@demo.local", ["dashboard", "reports", "audit", "complaints/merchants"] },
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

    [Theory]
    [InlineData("supervisor1@demo.local", 1280, 800)]
    [InlineData("merchant1@demo.local", 390, 844)]
    public async Task TheComplaintPage_HasNoSeriousViolation(string email, int width, int height)
    {
        var page = await browser.NewPageAsync(app);
        await page.SetViewportSizeAsync(width, height);
        await page.LoginAsync(email);
        await page.OpenAsync("complaints");
        await page.Locator("[data-testid^=complaint-row-]").First.ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/complaints/\\d+$"));
        await page.WaitForInteractiveAsync();

        var serious = await ViolationsAsync(page);
        Assert.True(serious.Count == 0, string.Join("\n", serious));
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
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. Tags] },
            // Only violations carry their elements back; passes and the rest are counted, not listed.
            ResultTypes = [ResultType.Violations],
        });
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
