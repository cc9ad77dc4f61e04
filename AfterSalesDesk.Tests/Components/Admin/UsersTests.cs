using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Admin;
using Bunit;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Components.Admin;

/// <summary>The user list: sorted and filtered in the service, disabling asked for confirmation and checked in the database.</summary>
public sealed class UsersTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    [Fact]
    public async Task Admin_SeesEveryDemoAccount_AndSearchNarrowsToOne()
    {
        await SignInAsync("admin@demo.local", Roles.Admin);
        var page = RenderUsers();

        Assert.Contains("merchant2@demo.local", Emails(page));
        Assert.Contains("agent1@demo.local", Emails(page));
        Assert.Equal(Emails(page).Order(StringComparer.Ordinal), Emails(page));

        page.Find("input[data-testid=user-search]").Change("supervisor2");

        page.WaitForAssertion(() => Assert.Equal(["supervisor2@demo.local"], Emails(page)));
    }

    /// <summary>The grid's pager speaks the user's language (MudBlazor's own text is English: "Rows per page:").</summary>
    [Fact]
    public async Task ThePager_InChinese_IsInChinese()
    {
        await SignInAsync("admin@demo.local", Roles.Admin);
        var culture = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("zh-CN");
        try
        {
            var page = RenderUsers();

            var pager = page.Find(".mud-table-pagination").TextContent;
            Assert.Contains("每页行数", pager, StringComparison.Ordinal);
            Assert.Contains("，共 ", pager, StringComparison.Ordinal);
            Assert.DoesNotContain("Rows per page", pager, StringComparison.Ordinal);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = culture;
        }
    }

    [Fact]
    public async Task SortingByName_IsTheServices_InBothDirections()
    {
        await SignInAsync("admin@demo.local", Roles.Admin);
        var page = RenderUsers();
        var names = Service<AdminUserService>();

        page.FindAll("th .sortable-column-header").First(h => h.TextContent.Trim() == "Name").Click();
        var ascending = (await names.ListAsync(User, new UserQuery(SortBy: "DisplayName", Take: 20)))!.Rows.Select(r => r.Email).ToList();
        page.WaitForAssertion(() => Assert.Equal(ascending, Emails(page)));

        page.FindAll("th .sortable-column-header").First(h => h.TextContent.Trim() == "Name").Click();
        var descending = (await names.ListAsync(User, new UserQuery(SortBy: "DisplayName", Descending: true, Take: 20)))!.Rows.Select(r => r.Email).ToList();
        page.WaitForAssertion(() => Assert.Equal(descending, Emails(page)));
    }

    [Fact]
    public async Task Disabling_AsksFirst_CancelKeepsTheAccount_ConfirmDisablesIt()
    {
        await SignInAsync("admin@demo.local", Roles.Admin);
        var page = RenderUsers();

        page.Find("[data-testid='disable-agent2@demo.local']").Click();
        Dialogs.WaitForAssertion(() => Assert.Contains("Disable agent2@demo.local?", Dialogs.Markup));
        Dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Cancel").Click();
        Dialogs.WaitForAssertion(() => Assert.Empty(Dialogs.FindAll(".mud-dialog")));
        Assert.False(await DisabledAsync("agent2@demo.local"));

        page.Find("[data-testid='disable-agent2@demo.local']").Click();
        Dialogs.WaitForAssertion(() => Dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Disable").Click());

        page.WaitForElement("[data-testid='enable-agent2@demo.local']");
        Assert.True(await DisabledAsync("agent2@demo.local"));
        Assert.Contains("Disabled agent2@demo.local.", Snackbars());

        page.Find("[data-testid='enable-agent2@demo.local']").Click();
        page.WaitForElement("[data-testid='disable-agent2@demo.local']");
        Assert.False(await DisabledAsync("agent2@demo.local"));
    }

    private IRenderedComponent<Users> RenderUsers()
    {
        var page = RenderPage<Users>();
        page.WaitForAssertion(() => Assert.NotEmpty(Emails(page)));
        return page;
    }

    private static List<string> Emails(IRenderedComponent<Users> page) =>
        [.. page.FindAll("[data-testid^=user-row-]").Select(e => e.TextContent.Trim())];

    private async Task<bool> DisabledAsync(string email)
    {
        await using var db = App.CreateDbContext();
        return await db.Users.Where(u => u.Email == email).Select(u => u.IsDisabled).SingleAsync();
    }
}
