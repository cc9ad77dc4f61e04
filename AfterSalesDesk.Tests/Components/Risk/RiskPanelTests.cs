using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Risk;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Cases;
using AfterSalesDesk.Web.Features.Risk;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSalesDesk.Tests.Components.Risk;

/// <summary>
/// The case page's Refund risk panel and the supervisors' lists page over the demo data: what each role sees and what the
/// buttons do. A merchant's case page has no panel at all.
/// </summary>
public sealed class RiskPanelTests : ComponentContext, IClassFixture<ComponentApp>
{
    public RiskPanelTests(ComponentApp app)
        : base(app)
    {
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public async Task Agent_SeesTheScoreWithItsFactorsInWords_AndLabelsTheCase()
    {
        await SignInAsync("agent1@demo.local", Roles.Agent);
        var (caseId, _) = await OpenCaseAsync(CaseKind.ReturnAndRefund, skip: 0);
        await BlockBuyerAsync(caseId, "Chargebacks on three orders");

        var page = RenderCase(caseId);

        var panel = page.Find("[data-testid=case-risk]");
        Assert.Contains("High risk 100", page.Find("[data-testid=case-risk-level]").TextContent);
        Assert.Contains("On the block list", page.Find($"[data-testid=risk-factor-{RiskFactorCode.BlockListed}]").TextContent);
        Assert.Contains("Chargebacks on three orders", panel.TextContent);
        Assert.Contains("on request", page.Find("[data-testid=case-risk-scored]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=case-risk-override-submit]")); // an agent does not override, and a return is never blocked
        Assert.Empty(page.FindAll("[data-testid=case-risk-lists]"));

        page.Find("button[data-testid=case-risk-label-abuse]").Click();

        page.WaitForAssertion(() => Assert.Contains("Abuse confirmed", page.Find("[data-testid=case-risk-label-value]").TextContent));
        await using var db = App.CreateDbContext();
        Assert.Equal(AbuseLabel.AbuseConfirmed, await db.Cases.Where(c => c.Id == caseId).Select(c => c.AbuseLabel).SingleAsync());
        Assert.Contains("Finding saved.", Snackbars());
    }

    [Fact]
    public async Task Supervisor_AllowsABlockedRefundOnlyWithAReason_AndAnEmptyReasonIsRefused()
    {
        await SignInAsync("supervisor1@demo.local", Roles.Supervisor);
        var (caseId, _) = await OpenCaseAsync(CaseKind.RefundOnly, skip: 0);
        await BlockBuyerAsync(caseId, "Serial refund-only claims");
        var page = RenderCase(caseId);
        Assert.NotNull(page.Find("[data-testid=case-risk-blocked]"));

        page.Find("button[data-testid=case-risk-override-submit]").Click();
        page.WaitForAssertion(() => Assert.Contains(Snackbars(), s => s.Contains("An override needs its reason", StringComparison.Ordinal)));

        page.Find("textarea[data-testid=case-risk-override-reason]").Change("Courier confirmed loss in writing");
        page.Find("button[data-testid=case-risk-override-submit]").Click();

        page.WaitForAssertion(() => Assert.Contains("Courier confirmed loss in writing", page.Find("[data-testid=case-risk-override]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=case-risk-blocked]"));
        Assert.NotNull(page.Find("[data-testid=case-risk-lists]"));
        await using var db = App.CreateDbContext();
        Assert.Equal("Courier confirmed loss in writing", await db.Cases.Where(c => c.Id == caseId).Select(c => c.RiskOverrideReason).SingleAsync());
    }

    [Fact]
    public async Task Merchant_SeesNoRiskPanel_OnTheirOwnStoresCase()
    {
        var (caseId, merchantId) = await OpenCaseAsync(CaseKind.RefundOnly, skip: 1);
        await BlockBuyerAsync(caseId, "Serial refund-only claims");
        await using (var db = App.CreateDbContext())
        {
            var email = await db.Users.Where(u => u.MerchantId == merchantId).Select(u => u.Email!).FirstAsync();
            await SignInAsync(email, Roles.Merchant);
        }

        var page = RenderCase(caseId);

        Assert.NotEmpty(page.FindAll("[data-testid=case-status]"));
        Assert.Empty(page.FindAll("[data-testid=case-risk]"));
        Assert.DoesNotContain("block list", page.Markup, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Serial refund-only claims", page.Markup);
    }

    [Fact]
    public async Task Supervisor_PutsTheCaseLinksBuyerOnTheBlockList_WithAReason_AndTakesThemOff()
    {
        await SignInAsync("supervisor2@demo.local", Roles.Supervisor);
        string code;
        await using (var db = App.CreateDbContext())
        {
            code = await db.Customers.Where(c => c.Listing == null).OrderByDescending(c => c.Id).Select(c => c.Code).FirstAsync();
        }

        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo(navigation.GetUriWithQueryParameter("code", code));
        var page = RenderPage<BuyerLists>();
        page.WaitForAssertion(() => Assert.Equal(code, page.Find("input[data-testid=risk-list-code]").GetAttribute("value")));
        page.Find("button[data-testid=risk-list-add]").Click();
        page.WaitForAssertion(() => Assert.Contains(Snackbars(), s => s.Contains("Listing a buyer needs its reason", StringComparison.Ordinal)));

        page.Find("textarea[data-testid=risk-list-reason]").Change("Verified business buyer");
        page.Find("button[data-testid=risk-list-add]").Click();

        page.WaitForAssertion(() => Assert.Contains("Verified business buyer", page.Find($"[data-testid=risk-listed-{code}]").TextContent));
        await using (var db = App.CreateDbContext())
        {
            Assert.Equal(BuyerListing.Blocked, await db.Customers.Where(c => c.Code == code).Select(c => c.Listing).SingleAsync());
        }

        page.Find($"button[data-testid=risk-unlist-{code}]").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll($"[data-testid=risk-listed-{code}]")));
        await using var after = App.CreateDbContext();
        Assert.Null(await after.Customers.Where(c => c.Code == code).Select(c => c.Listing).SingleAsync());
    }

    private IRenderedComponent<CasePage> RenderCase(long caseId)
    {
        var page = RenderPage<CasePage>(p => p.Add(c => c.CaseId, caseId));
        page.WaitForAssertion(() => Assert.True(page.FindAll("[data-testid=case-status]").Count > 0));
        return page;
    }

    /// <summary>An open demo case of this kind whose buyer has no other case here, so listing the buyer touches no other test's case.</summary>
    private async Task<(long CaseId, int MerchantId)> OpenCaseAsync(CaseKind kind, int skip)
    {
        await using var db = App.CreateDbContext();
        var found = await db.Cases.Where(c => c.IsOpen && c.Kind == kind && c.Status != CaseStatus.Escalated)
            .Where(c => !db.Cases.Any(o => o.CustomerId == c.CustomerId && o.Id != c.Id))
            .OrderBy(c => c.Id).Skip(skip).Select(c => new { c.Id, c.MerchantId }).FirstAsync();
        return (found.Id, found.MerchantId);
    }

    /// <summary>A supervisor block-lists the case's buyer and asks for a new score, through the service.</summary>
    private async Task BlockBuyerAsync(long caseId, string reason)
    {
        var supervisor = await App.PrincipalAsync("supervisor1@demo.local", Roles.Supervisor);
        var risk = Service<RiskService>();
        string code;
        await using (var db = App.CreateDbContext())
        {
            code = await db.Cases.Where(c => c.Id == caseId).Join(db.Customers, c => c.CustomerId, b => b.Id, (c, b) => b.Code).SingleAsync();
        }

        Assert.True((await risk.ListBuyerAsync(supervisor, code, BuyerListing.Blocked, reason)).Succeeded);
        Assert.True((await risk.ReassessAsync(supervisor, caseId)).Succeeded);
    }
}
