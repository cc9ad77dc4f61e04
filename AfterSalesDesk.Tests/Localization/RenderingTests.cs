using System.Globalization;
using AfterSalesDesk.Web.Components.Shared;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace AfterSalesDesk.Tests.Localization;

/// <summary>Shared components rendered by bunit in each language, with the app's own resources.</summary>
public sealed class RenderingTests : BunitContext, IAsyncLifetime
{
    public RenderingTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddLocalization();
        Services.AddMudServices();
    }

    [Fact]
    public void LanguageSwitch_WhenChinese_MarksChineseCurrentAndLinksBackToThisPage()
    {
        UseCulture("zh-CN");
        Services.GetRequiredService<NavigationManager>().NavigateTo("admin/users?page=2");

        var languages = Render<LanguageSwitch>();

        Assert.Equal("简体中文", languages.Find("[aria-current=true]").TextContent);
        Assert.Equal("culture/set?culture=en&redirectUri=%2Fadmin%2Fusers%3Fpage%3D2", languages.Find("a[lang=en]").GetAttribute("href"));
        Assert.DoesNotContain("culture=zh-CN", languages.Markup);
    }

    [Fact]
    public void AccessDeniedMessage_WhenChinese_IsTranslated()
    {
        UseCulture("zh-CN");

        var message = Render<AccessDeniedMessage>();

        Assert.Contains("拒绝访问", message.Find("[data-testid=access-denied]").TextContent);
        Assert.Contains("您的角色无权访问此页面。", message.Markup);
    }

    [Fact]
    public void AccessDeniedMessage_WhenEnglish_IsEnglish()
    {
        UseCulture("en");

        var message = Render<AccessDeniedMessage>();

        Assert.Contains("Your role does not give access to this page.", message.Find("[data-testid=access-denied]").TextContent);
    }

    private static void UseCulture(string culture) =>
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();
}
