using AfterSalesDesk.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace AfterSalesDesk.Web.Components.Account;

internal static class AccountEndpoints
{
    /// <summary>Endpoints outside the Razor components: logout, the keep-alive ping and the language switch.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/Account/Logout", async (
            HttpContext context,
            [FromServices] IAntiforgery antiforgery,
            [FromServices] AccountService accounts) =>
        {
            // The header's logout form carries a token; without this check any page the person visits
            // could sign them out. (A minimal API checks tokens by itself only when it binds a form.)
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest("A valid antiforgery token was not provided with the request.");
            }

            await accounts.SignOutAsync(context.User);
            return Results.LocalRedirect("~/Account/Login");
        });

        // Blazor circuits make no HTTP requests while a person works in them; the page pings this
        // endpoint on user activity so that the idle timeout measures the person, not the transport.
        endpoints.MapPost("/session/ping", () => TypedResults.NoContent())
            .RequireAuthorization()
            .DisableAntiforgery();

        endpoints.MapGet("/culture/set", (HttpContext context, string? culture, string? redirectUri) =>
        {
            if (culture is null || !AppCultures.Supported.Contains(culture, StringComparer.OrdinalIgnoreCase))
            {
                return Results.BadRequest($"Unsupported language '{culture}'. Choose one of: {string.Join(", ", AppCultures.Supported)}.");
            }

            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true, Secure = context.Request.IsHttps });
            return Results.LocalRedirect(IsLocal(redirectUri) ? redirectUri! : "/");
        }).AllowAnonymous();

        return endpoints;
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal)
        && !url.StartsWith("/\\", StringComparison.Ordinal);
}
