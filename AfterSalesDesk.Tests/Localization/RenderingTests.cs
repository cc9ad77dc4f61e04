using System.Globalization;
using AfterSalesDesk.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.JSInterop;
using Radzen;

namespace AfterSalesDesk.Tests.Localization;

/// <summary>Components rendered to HTML with the framework's HtmlRenderer (bunit is not obtainable here).</summary>
public class RenderingTests
{
    [Fact]
    public async Task LanguageSwitch_WhenChinese_MarksChineseCurrentAndLinksBackToThisPage()
    {
        var html = await RenderAsync<LanguageSwitch>("zh-CN", "http://localhost/admin/users?page=2");

        Assert.Contains("<span class=\"language-current\" aria-current=\"true\">简体中文</span>", html);
        Assert.Contains("href=\"culture/set?culture=en&redirectUri=%2Fadmin%2Fusers%3Fpage%3D2\"", html);
        Assert.DoesNotContain("culture=zh-CN", html);
    }

    [Fact]
    public async Task AccessDeniedMessage_WhenChinese_IsTranslated()
    {
        var html = await RenderAsync<AccessDeniedMessage>("zh-CN", "http://localhost/");

        Assert.Contains("拒绝访问", html);
        Assert.Contains("您的角色无权访问此页面。", html);
    }

    [Fact]
    public async Task AccessDeniedMessage_WhenEnglish_IsEnglish()
    {
        var html = await RenderAsync<AccessDeniedMessage>("en", "http://localhost/");

        Assert.Contains("Your role does not give access to this page.", html);
    }

    private static async Task<string> RenderAsync<TComponent>(string culture, string uri)
        where TComponent : IComponent
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddLocalization();
        services.AddRadzenComponents();
        services.AddSingleton<IJSRuntime, NoJavaScript>();
        services.AddSingleton<NavigationManager>(new FixedNavigationManager(uri));
        await using var provider = services.BuildServiceProvider();
        await using var renderer = new HtmlRenderer(provider, provider.GetRequiredService<ILoggerFactory>());

        // The renderer's dispatcher runs the render; set the culture there, as the request would.
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
            // Decoded, so assertions read the text a person sees rather than HTML character references.
            return System.Net.WebUtility.HtmlDecode((await renderer.RenderComponentAsync<TComponent>()).ToHtmlString());
        });
    }

    private sealed class FixedNavigationManager : NavigationManager
    {
        public FixedNavigationManager(string uri) => Initialize("http://localhost/", uri);
    }

    private sealed class NoJavaScript : IJSRuntime
    {
        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => ValueTask.FromResult(default(TValue)!);

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) =>
            ValueTask.FromResult(default(TValue)!);
    }
}
