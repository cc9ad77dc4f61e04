using System.Security.Claims;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Reports;
using Bunit;
using MudBlazor;
using ReportsPage = AfterSalesDesk.Web.Features.Reports.Reports;

namespace AfterSalesDesk.Tests.Components.Reports;

/// <summary>The reports page per role: which tables it offers, its download links, and how it follows and cancels a run.</summary>
public sealed class ReportsTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    [Fact]
    public async Task Manager_SeesEveryTable_AsDownloadLinksThatCarryThePeriod()
    {
        await SignInAsync("manager@demo.local", Roles.Manager);
        var page = RenderPage<ReportsPage>();
        Assert.NotEmpty(page.FindAll("[data-testid=report-row-audit]"));
        Assert.NotEmpty(page.FindAll("input[data-testid=reports-merchant]"));

        page.Find("input[data-testid=reports-from]").Change("2026-11-01");

        page.WaitForAssertion(() =>
        {
            var link = page.Find("[data-testid=report-export-cases]");
            Assert.Equal("A", link.TagName);
            Assert.True(link.HasAttribute("download"), "a download is the browser's, not Blazor's navigation");
            Assert.StartsWith("reports/export/cases?from=2026-11-01&run=", link.GetAttribute("href"));
        });
    }

    [Fact]
    public async Task Manager_ChoosesAMerchant_AndTablesNotPerMerchantSayToClearIt()
    {
        await SignInAsync("manager@demo.local", Roles.Manager);
        var merchant = (await Service<ReportService>().MerchantsAsync(User))[0];
        var page = RenderPage<ReportsPage>();
        var select = page.FindComponent<MudSelect<int?>>();

        await page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(merchant.Id));

        page.WaitForAssertion(() => Assert.Contains($"merchant={merchant.Id}&", page.Find("[data-testid=report-export-cases]").GetAttribute("href")));
        Assert.Empty(page.FindAll("[data-testid=report-export-audit]"));
        Assert.Contains("Not per merchant: clear the merchant to export it.", page.Find("[data-testid=report-row-audit]").TextContent);
    }

    [Fact]
    public async Task Merchant_SeesTheirStore_AndNotTheAuditTrailOrAMerchantChoice()
    {
        await SignInAsync("merchant1@demo.local", Roles.Merchant);

        var page = RenderPage<ReportsPage>();

        Assert.Contains("Youxuan Digital", page.Find("[data-testid=reports-own-store]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=report-row-audit]"));
        Assert.Empty(page.FindAll("[data-testid=reports-merchant]"));
        Assert.NotEmpty(page.FindAll("[data-testid=report-export-complaints]"));
        Assert.DoesNotContain("merchant=", page.Find("[data-testid=report-export-complaints]").GetAttribute("href"));
    }

    [Fact]
    public async Task Manager_StartsAnExport_FollowsItsRows_AndCancelsIt()
    {
        var manager = await SignInAsync("manager@demo.local", Roles.Manager);
        var runs = Service<ReportRuns>();
        var page = RenderPage<ReportsPage>();
        var link = page.Find("[data-testid=report-export-cases]");
        var runId = Guid.ParseExact(link.GetAttribute("href")!.Split("run=")[1], "N");

        link.Click();

        Assert.Contains("After-sales cases: starting…", page.Find("[data-testid=report-progress]").TextContent);
        Assert.NotEqual(runId, Guid.ParseExact(page.Find("[data-testid=report-export-cases]").GetAttribute("href")!.Split("run=")[1], "N"));
        // What the export endpoint does when the browser's request arrives.
        using var run = runs.Start(runId, manager.FindFirstValue(ClaimTypes.NameIdentifier)!, "cases", CancellationToken.None)!;
        run.Progress(1234);
        page.WaitForAssertion(() => Assert.Contains("1,234 rows written so far", page.Find("[data-testid=report-rows]").TextContent));

        page.Find("[data-testid=report-cancel]").Click();

        page.WaitForAssertion(() => Assert.True(run.Token.IsCancellationRequested, "the run was cancelled"));
        Assert.True(page.Find("[data-testid=report-cancel]").HasAttribute("disabled"), "cancelled once, the button rests");
        run.End(ReportRunState.Cancelled);
        page.WaitForAssertion(() => Assert.Contains("cancelled after 1,234 rows", page.Find("[data-testid=report-cancelled]").TextContent));
    }
}
