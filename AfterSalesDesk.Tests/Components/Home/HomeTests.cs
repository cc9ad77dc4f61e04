using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Home;
using Bunit;

namespace AfterSalesDesk.Tests.Components.Home;

/// <summary>The home page per role: its heading and the cards that role gets (and not the others').</summary>
public sealed class HomeTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    [Theory]
    [InlineData("agent1@demo.local", Roles.Agent, "Agent workspace")]
    [InlineData("supervisor1@demo.local", Roles.Supervisor, "Supervisor desk")]
    [InlineData("merchant1@demo.local", Roles.Merchant, "Merchant portal")]
    [InlineData("manager@demo.local", Roles.Manager, "Service quality overview")]
    [InlineData("admin@demo.local", Roles.Admin, "Administration")]
    public async Task EachRole_HasItsHeadingAndTeam(string email, string role, string heading)
    {
        await SignInAsync(email, role);

        var home = RenderHome();

        Assert.Equal(heading, home.Find("[data-testid=home-heading]").TextContent.Trim());
        Assert.Contains(email, home.Find("[data-testid=home-team]").TextContent);
    }

    [Fact]
    public async Task Merchant_SeesTheirStore_AndNoAccountCounts()
    {
        await SignInAsync("merchant1@demo.local", Roles.Merchant);

        var home = RenderHome();

        Assert.Contains("Youxuan Digital", home.Find("[data-testid=home-store]").TextContent);
        Assert.Empty(home.FindAll("[data-testid=home-user-counts]"));
        Assert.DoesNotContain("merchant2@demo.local", home.Find("[data-testid=home-team]").TextContent);
    }

    [Fact]
    public async Task Admin_SeesAccountsByRole_WithTheLinkToUsers_AndNoStore()
    {
        await SignInAsync("admin@demo.local", Roles.Admin);

        var home = RenderHome();

        Assert.Contains("Agent", home.Find("[data-testid=home-user-counts]").TextContent);
        Assert.Equal("admin/users", home.Find("[data-testid=home-manage-users]").GetAttribute("href"));
        Assert.Equal("admin/integrations", home.Find("[data-testid=home-manage-integrations]").GetAttribute("href"));
        Assert.Empty(home.FindAll("[data-testid=home-store]"));
    }

    [Fact]
    public async Task Agent_SeesOpenCasesLinkingToTheQueue_AndNoAccountCounts()
    {
        await SignInAsync("agent2@demo.local", Roles.Agent);

        var home = RenderHome();

        var row = home.Find("[data-testid=home-cases] tr a");
        Assert.StartsWith("queues?q=All&status=", row.GetAttribute("href"));
        Assert.Empty(home.FindAll("[data-testid=home-user-counts]"));
    }

    private IRenderedComponent<AfterSalesDesk.Web.Features.Home.Home> RenderHome()
    {
        var home = RenderPage<AfterSalesDesk.Web.Features.Home.Home>();
        home.WaitForElement("[data-testid=home-heading]");
        return home;
    }
}
