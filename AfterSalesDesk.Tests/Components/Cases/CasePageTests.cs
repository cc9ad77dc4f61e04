using System.Security.Claims;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Components.Account;
using AfterSalesDesk.Web.Features.Cases;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSalesDesk.Tests.Components.Cases;

/// <summary>The case page per role, over the demo cases in a real database: what shows, what the buttons do.</summary>
public sealed class CasePageTests : ComponentContext, IClassFixture<ComponentApp>
{
    public CasePageTests(ComponentApp app)
        : base(app)
    {
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private static readonly CaseStatus[] Finished = [CaseStatus.Closed, CaseStatus.CancelledByBuyer];

    [Fact]
    public async Task Agent_TakesAnUnassignedCase_ItIsTheirsInTheDatabase()
    {
        var agent = await SignInAsync("agent1@demo.local", Roles.Agent);
        var caseId = await OpenCaseAsync(c => c.AssigneeId == null);
        var page = RenderCase(caseId);

        Assert.Empty(page.FindAll("[data-testid=case-assign-to]")); // assigning is a supervisor's
        page.Find("button[data-testid=case-take]").Click();

        page.WaitForAssertion(() => Assert.Equal("agent1@demo.local", page.Find("[data-testid=case-assignee]").TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid=case-take]"));
        await using var db = App.CreateDbContext();
        Assert.Equal(agent.FindFirstValue(ClaimTypes.NameIdentifier), await db.Cases.Where(c => c.Id == caseId).Select(c => c.AssigneeId).SingleAsync());
        Assert.Contains("You took this case.", Snackbars());
    }

    [Fact]
    public async Task Agent_SendsAReply_ItIsStoredAndShown_AndTheBoxEmpties()
    {
        await SignInAsync("agent2@demo.local", Roles.Agent);
        var caseId = await OpenCaseAsync(_ => true, skip: 1);
        var page = RenderCase(caseId);

        page.Find("textarea[data-testid=message-text]").Change("We will call the courier today.");
        page.Find("button[data-testid=message-send]").Click();

        page.WaitForAssertion(() => Assert.Contains("We will call the courier today.", page.Find("[data-testid=case-conversation]").TextContent));
        Assert.Equal("", page.Find("textarea[data-testid=message-text]").GetAttribute("value") ?? "");
        await using var db = App.CreateDbContext();
        var stored = await db.Cases.Where(c => c.Id == caseId).SelectMany(c => c.Messages).Select(m => new { m.Body, m.Visibility }).ToListAsync();
        Assert.Contains(stored, m => m.Body == "We will call the courier today." && m.Visibility == MessageVisibility.ToBuyer);
        Assert.Contains("Message sent.", Snackbars());
    }

    [Fact]
    public async Task Agent_SendsAnEmptyReply_TheServicesRefusalShows_AndNothingIsStored()
    {
        await SignInAsync("agent1@demo.local", Roles.Agent);
        var caseId = await OpenCaseAsync(_ => true, skip: 2);
        await using var before = App.CreateDbContext();
        var count = await before.Cases.Where(c => c.Id == caseId).SelectMany(c => c.Messages).CountAsync();
        var page = RenderCase(caseId);

        page.Find("button[data-testid=message-send]").Click();

        page.WaitForAssertion(() => Assert.NotEmpty(page.Find("[data-testid=case-error]").TextContent.Trim()));
        await using var db = App.CreateDbContext();
        Assert.Equal(count, await db.Cases.Where(c => c.Id == caseId).SelectMany(c => c.Messages).CountAsync());
    }

    [Fact]
    public async Task Supervisor_SeesTheAssignPicker_AndTheInternalNotesThread()
    {
        await SignInAsync("supervisor1@demo.local", Roles.Supervisor);
        var page = RenderCase(await OpenCaseAsync(_ => true));

        Assert.Single(page.FindAll("input[data-testid=case-assign-to]"));
        Assert.Contains(page.FindAll(".mud-tab"), tab => tab.TextContent.Contains("Internal notes"));
        Assert.Single(page.FindAll("button[data-testid=case-assign][disabled]")); // nobody chosen yet
    }

    [Fact]
    public async Task Merchant_SeesTheirOwnCase_WithoutTakeAssignOrInternalNotes()
    {
        var merchant = await SignInAsync("merchant1@demo.local", Roles.Merchant);
        var store = merchant.GetMerchantId()!.Value;
        var page = RenderCase(await OpenCaseAsync(c => c.MerchantId == store));

        Assert.Single(page.FindAll("[data-testid=case-status]"));
        Assert.Empty(page.FindAll("[data-testid=case-take]"));
        Assert.Empty(page.FindAll("[data-testid=case-assign-to]"));
        Assert.Empty(page.FindAll("[data-testid=case-priority]"));
        Assert.DoesNotContain(page.FindAll(".mud-tab"), tab => tab.TextContent.Contains("Internal notes"));
    }

    [Fact]
    public async Task Merchant_AnotherStoresCase_IsNotFound()
    {
        var merchant = await SignInAsync("merchant2@demo.local", Roles.Merchant);
        var store = merchant.GetMerchantId()!.Value;
        var page = RenderCase(await OpenCaseAsync(c => c.MerchantId != store));

        page.WaitForAssertion(() => Assert.Contains("Not found", page.Markup));
        Assert.Empty(page.FindAll("[data-testid=case-status]"));
        Assert.Empty(page.FindAll("[data-testid=case-conversation]"));
    }

    private IRenderedComponent<CasePage> RenderCase(long caseId)
    {
        var page = RenderPage<CasePage>(p => p.Add(c => c.CaseId, caseId));
        page.WaitForAssertion(() => Assert.True(page.FindAll("[data-testid=case-status]").Count > 0 || page.Markup.Contains("Not found")));
        return page;
    }

    /// <summary>An open demo case (never a finished one), the n-th that fits, so tests that change cases do not share one.</summary>
    private async Task<long> OpenCaseAsync(System.Linq.Expressions.Expression<Func<AfterSalesCase, bool>> fits, int skip = 0)
    {
        await using var db = App.CreateDbContext();
        return await db.Cases.Where(c => !Finished.Contains(c.Status)).Where(fits).OrderBy(c => c.Id).Select(c => c.Id).Skip(skip).FirstAsync();
    }
}
