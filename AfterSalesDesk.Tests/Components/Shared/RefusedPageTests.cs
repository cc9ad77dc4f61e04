using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Components.Shared;
using AfterSalesDesk.Web.Infrastructure;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSalesDesk.Tests.Components.Shared;

/// <summary>What the router shows for a page the role may not open, and the refusal it writes into the audit trail.</summary>
public sealed class RefusedPageTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    [Fact]
    public async Task InALiveConnection_SaysAccessDenied_AndAuditsWhoTriedWhichAddress()
    {
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        await SignInAsync("agent2@demo.local", Roles.Agent);
        var address = $"approvals?from=refused-{Guid.NewGuid():N}";
        Services.GetRequiredService<NavigationManager>().NavigateTo(address);

        var page = Render<RefusedPage>();

        page.WaitForAssertion(() => Assert.Contains("Your role does not give access to this page.", page.Find("[data-testid=access-denied]").TextContent));
        await using var db = App.CreateDbContext();
        var entry = await db.AuditEntries.SingleAsync(a => a.EntityId == "/" + address);
        Assert.Equal((AddressDenials.Action, AddressDenials.EntityType, AuditOutcome.Denied, "agent2@demo.local", Roles.Agent),
            (entry.Action, entry.EntityType, entry.Outcome, entry.UserName, entry.Role));
    }

    [Fact]
    public async Task WhileTheRequestIsAnswered_OnlySaysSo_TheCookieHandlerAuditedIt()
    {
        Renderer.SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        await SignInAsync("agent2@demo.local", Roles.Agent);
        var address = $"approvals?from=static-{Guid.NewGuid():N}";
        Services.GetRequiredService<NavigationManager>().NavigateTo(address);

        var page = Render<RefusedPage>();

        Assert.Contains("Access denied", page.Find("[data-testid=access-denied]").TextContent);
        await using var db = App.CreateDbContext();
        Assert.False(await db.AuditEntries.AnyAsync(a => a.EntityId == "/" + address));
    }
}
