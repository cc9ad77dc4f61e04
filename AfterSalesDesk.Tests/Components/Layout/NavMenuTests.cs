using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Components.Layout;
using Bunit;

namespace AfterSalesDesk.Tests.Components.Layout;

/// <summary>
/// The drawer's links per role, decided by the app's own policies (Policies.Add) through AuthorizeView: each role sees
/// the pages the authorization matrix lets it open, and no other.
/// </summary>
public sealed class NavMenuTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    [Theory]
    [InlineData("agent1@demo.local", Roles.Agent, "queues|orders|complaints|feedback|kb|macros")]
    [InlineData("supervisor1@demo.local", Roles.Supervisor, "queues|approvals|risk/buyers|orders|complaints|feedback|dashboard|kb|macros|audit")]
    [InlineData("merchant1@demo.local", Roles.Merchant, "cases|orders|complaints|feedback|dashboard|reports")]
    [InlineData("manager@demo.local", Roles.Manager, "queues|orders|complaints|feedback|dashboard|kb|reports|audit")]
    [InlineData("admin@demo.local", Roles.Admin, "audit|admin/users|admin/integrations")]
    public async Task EachRole_SeesHomeAndTheLinksItsPoliciesAllow_InOrder(string email, string role, string expected)
    {
        await SignInAsync(email, role);

        var menu = Render<NavMenu>();

        Assert.Equal(["", .. expected.Split('|')], Links(menu));
    }

    [Fact]
    public void NobodySignedIn_SeesOnlyHome()
    {
        var menu = Render<NavMenu>();

        Assert.Equal([""], Links(menu));
    }

    [Fact]
    public async Task Admin_FindsUsersAndIntegrationsUnderAdministration()
    {
        await SignInAsync("admin@demo.local", Roles.Admin);

        var menu = Render<NavMenu>();

        var group = menu.Find(".mud-nav-group");
        Assert.Contains("Administration", group.TextContent);
        Assert.Equal("Users", group.QuerySelector("a[href='admin/users']")!.TextContent.Trim());
        Assert.Equal("Integrations", group.QuerySelector("a[href='admin/integrations']")!.TextContent.Trim());
    }

    private static List<string> Links(IRenderedComponent<NavMenu> menu) =>
        [.. menu.FindAll("a.mud-nav-link").Select(a => a.GetAttribute("href") ?? "")];
}
