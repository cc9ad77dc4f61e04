using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Components.Account;
using AfterSalesDesk.Web.Components.Layout;
using AfterSalesDesk.Web.Infrastructure;
using Bunit;
using MudBlazor;
using MudBlazor.Extensions;

namespace AfterSalesDesk.Tests.Components.Layout;

/// <summary>
/// The app's frame: the app bar (who is signed in and in which role, the time zone, the language switch, the theme
/// menu, log out), the drawer with the role's links, and the page inside its error boundary.
/// </summary>
public sealed class MainLayoutTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    [Fact]
    public async Task SignedIn_TheAppBarShowsTheNameRoleAndTimeZone_AndLogsOutByPost()
    {
        var user = await SignInAsync("supervisor1@demo.local", Roles.Supervisor);
        Service<UserClock>().Use("Europe/London");

        var layout = RenderLayout();

        var current = layout.Find("[data-testid=current-user]");
        Assert.False(string.IsNullOrEmpty(user.GetDisplayName()));
        Assert.Equal(user.GetDisplayName(), current.QuerySelector(".app-user-name")!.TextContent.Trim());
        Assert.Equal("Supervisor", current.QuerySelector(".app-role")!.TextContent.Trim());
        Assert.Equal("Europe/London", layout.Find("[data-testid=user-time-zone]").TextContent.Trim());
        Assert.Equal("Account/Manage/TimeZone", layout.Find("[data-testid=user-time-zone]").GetAttribute("href"));
        var logout = layout.Find("form.app-logout");
        Assert.Equal(("Account/Logout", "post"), (logout.GetAttribute("action"), logout.GetAttribute("method")));
        Assert.Equal("submit", logout.QuerySelector("button[data-testid=logout]")!.GetAttribute("type"));
    }

    [Fact]
    public async Task TheDrawer_HoldsTheRolesLinks_AndThePageIsInsideTheBody()
    {
        await SignInAsync("merchant1@demo.local", Roles.Merchant);

        var layout = RenderLayout();

        Assert.Single(layout.FindAll(".mud-drawer a.mud-nav-link[href=cases]"));
        Assert.Empty(layout.FindAll(".mud-drawer a.mud-nav-link[href=queues]"));
        Assert.Equal("the page", layout.Find("main.app-body [data-testid=page]").TextContent);
    }

    [Fact]
    public void NobodySignedIn_NoAccountMenuOrLogout()
    {
        var layout = RenderLayout();

        Assert.Empty(layout.FindAll("[data-testid=current-user]"));
        Assert.Empty(layout.FindAll("[data-testid=logout]"));
        Assert.Equal("AfterSalesDesk", layout.Find(".app-title").TextContent.Trim());
    }

    [Fact]
    public async Task TheLanguageSwitch_ShowsTheCurrentLanguage_AndLinksTheOtherBackToThisPage()
    {
        await SignInAsync("agent1@demo.local", Roles.Agent);

        var layout = RenderLayout();

        Assert.Equal("English", layout.Find(".mud-appbar .language-switch [aria-current=true]").TextContent.Trim());
        Assert.Equal("culture/set?culture=zh-CN&redirectUri=%2F", layout.Find("a[data-testid=lang-zh-CN]").GetAttribute("href"));
        Assert.Empty(layout.FindAll("a[data-testid=lang-en]"));
    }

    [Fact]
    public async Task ChoosingTheDarkTheme_DarkensTheApp_AndIsRememberedInTheBrowser_ThenLightUndoesIt()
    {
        await SignInAsync("agent1@demo.local", Roles.Agent);
        var layout = RenderLayout();
        Assert.False(Dark(layout));

        ChooseTheme(layout, "theme-dark");

        layout.WaitForAssertion(() => Assert.True(Dark(layout)));
        Assert.Equal(ThemeChoice.Dark, Service<Appearance>().Choice);
        Assert.Equal("Dark", JSInterop.Invocations["asdAppearance.remember"].Last().Arguments[0]);

        ChooseTheme(layout, "theme-light");

        layout.WaitForAssertion(() => Assert.False(Dark(layout)));
        Assert.Equal(ThemeChoice.Light, Service<Appearance>().Choice);
        Assert.Equal("Light", JSInterop.Invocations["asdAppearance.remember"].Last().Arguments[0]);
    }

    [Fact]
    public void AThemeChosenBefore_IsUsedFromTheFirstRender()
    {
        Service<Appearance>().Choose(ThemeChoice.Dark);

        var layout = RenderLayout();

        Assert.True(Dark(layout));
    }

    [Fact]
    public void TheMenuButton_FoldsAndUnfoldsTheDrawer()
    {
        var layout = RenderLayout();
        // Where it starts depends on the screen's width (a responsive drawer folds on a small one; bunit has no screen).
        var open = Open(layout);

        layout.Find("button[data-testid=nav-toggle]").Click();
        Assert.Equal(!open, Open(layout));

        layout.Find("button[data-testid=nav-toggle]").Click();
        Assert.Equal(open, Open(layout));
    }

    /// <summary>Whether the drawer is open, as the toggle tells screen readers and as the drawer shows it.</summary>
    private static bool Open(IRenderedComponent<MainLayout> layout)
    {
        var expanded = layout.Find("[data-testid=nav-toggle]").GetAttribute("aria-expanded") == "true";
        Assert.Contains(expanded ? "mud-drawer--open" : "mud-drawer--closed", layout.Find(".mud-drawer").ClassName);
        return expanded;
    }

    private IRenderedComponent<MainLayout> RenderLayout() =>
        Render<MainLayout>(p => p.Add(l => l.Body, "<p data-testid=\"page\">the page</p>"));

    private static bool Dark(IRenderedComponent<MainLayout> layout) =>
        layout.FindComponent<MudThemeProvider>().Instance.GetState(t => t.IsDarkMode);

    private static void ChooseTheme(IRenderedComponent<MainLayout> layout, string item)
    {
        layout.Find("[data-testid=theme-menu] button").Click();
        layout.WaitForElement($"[data-testid={item}]").Click();
    }
}
