using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Components.Account;
using AfterSalesDesk.Web.Components.Account.Shared;
using Bunit;
using Microsoft.AspNetCore.Http;

namespace AfterSalesDesk.Tests.Components.Account;

/// <summary>
/// The account pages' message (login, lockout, password): the one a page passes, or the one a redirect left in the
/// status cookie, which is then deleted so that it shows once; errors look like errors, in English and in Chinese.
/// </summary>
public sealed class StatusMessageTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    [Fact]
    public void NoMessage_ShowsNothing()
    {
        var message = Render(new DefaultHttpContext());

        Assert.Empty(message.FindAll("[data-testid=status-message]"));
    }

    [Fact]
    public void AMessageFromThePage_ShowsAsSuccess_AndLeavesTheCookiesAlone()
    {
        var context = new DefaultHttpContext();

        var message = Render(context, "Your password has been changed.");

        var shown = message.Find("[data-testid=status-message]");
        Assert.Equal("Your password has been changed.", shown.TextContent.Trim());
        Assert.Equal("alert", shown.GetAttribute("role"));
        Assert.Contains("account-success", shown.ClassList);
        Assert.False(context.Response.Headers.ContainsKey("Set-Cookie"));
    }

    [Fact]
    public void AMessageLeftByARedirect_ShowsOnce_TheCookieIsDeleted()
    {
        var context = new DefaultHttpContext();
        // As the redirect wrote it: Response.Cookies.Append escapes the value.
        context.Request.Headers.Cookie = $"{IdentityRedirectManager.StatusCookieName}={Uri.EscapeDataString("Error: the link has expired.")}";

        var message = Render(context);

        var shown = message.Find("[data-testid=status-message]");
        Assert.Equal("Error: the link has expired.", shown.TextContent.Trim());
        Assert.Contains("account-error", shown.ClassList);
        var deleted = Assert.Single(context.Response.Headers.SetCookie, c => c!.StartsWith(IdentityRedirectManager.StatusCookieName + "=", StringComparison.Ordinal));
        Assert.Contains("expires=Thu, 01 Jan 1970", deleted, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void TheMessageFromThePage_WinsOverTheCookie()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = $"{IdentityRedirectManager.StatusCookieName}={Uri.EscapeDataString("An older message")}";

        var message = Render(context, "The newer message");

        Assert.Equal("The newer message", message.Find("[data-testid=status-message]").TextContent.Trim());
    }

    private IRenderedComponent<StatusMessage> Render(HttpContext context, string? text = null) =>
        Render<StatusMessage>(p => p.Add(m => m.Message, text).AddCascadingValue(context));
}

/// <summary>The same message in Chinese: an error starts with the translated word.</summary>
public sealed class StatusMessageInChineseTests(ComponentApp app) : ComponentContext(app, "zh-CN"), IClassFixture<ComponentApp>
{
    [Fact]
    public void AChineseError_LooksLikeAnError()
    {
        var message = Render<StatusMessage>(p => p.Add(m => m.Message, "错误：链接已过期。").AddCascadingValue<HttpContext>(new DefaultHttpContext()));

        Assert.Contains("account-error", message.Find("[data-testid=status-message]").ClassList);
    }
}
