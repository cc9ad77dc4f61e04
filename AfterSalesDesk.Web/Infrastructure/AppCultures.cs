using Microsoft.AspNetCore.Localization;

namespace AfterSalesDesk.Web.Infrastructure;

public static class AppCultures
{
    public const string English = "en";
    public const string SimplifiedChinese = "zh-CN";

    public static readonly string[] Supported = [English, SimplifiedChinese];

    /// <summary>The language cookie wins; otherwise the browser's Accept-Language; otherwise English.</summary>
    public static void Configure(RequestLocalizationOptions options)
    {
        options.SetDefaultCulture(English)
            .AddSupportedCultures(Supported)
            .AddSupportedUICultures(Supported);
        options.ApplyCurrentCultureToResponseHeaders = true;
        options.RequestCultureProviders =
        [
            new CookieRequestCultureProvider(),
            new AcceptLanguageHeaderRequestCultureProvider(),
        ];
    }
}
