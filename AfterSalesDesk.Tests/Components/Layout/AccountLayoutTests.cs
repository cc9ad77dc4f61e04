using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Components.Layout;
using Bunit;

namespace AfterSalesDesk.Tests.Components.Layout;

/// <summary>The static account pages' layout: the name, the language switch and the page; no navigation.</summary>
public sealed class AccountLayoutTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    [Fact]
    public void ShowsTheAppsName_TheLanguageSwitch_AndThePage_WithoutNavigation()
    {
        var layout = Render<AccountLayout>(p => p.Add(l => l.Body, "<form data-testid=\"login-form\"></form>"));

        Assert.Equal("AfterSalesDesk", layout.Find(".account-brand .app-title").TextContent.Trim());
        Assert.Single(layout.FindAll(".account-card form[data-testid=login-form]"));
        Assert.Equal("English", layout.Find(".language-switch [aria-current=true]").TextContent.Trim());
        Assert.StartsWith("culture/set?culture=zh-CN&redirectUri=", layout.Find("a[data-testid=lang-zh-CN]").GetAttribute("href"));
        Assert.Empty(layout.FindAll("nav.mud-navmenu, .mud-nav-link"));
    }
}
