using System.Net;
using System.Text.RegularExpressions;

namespace AfterSalesDesk.Tests.TestSupport;

/// <summary>Logs in through the real login form (antiforgery token included), as a browser would.</summary>
public static partial class LoginClient
{
    public static async Task<HttpResponseMessage> PostLoginAsync(this HttpClient client, string email, string password)
    {
        var token = await client.AntiforgeryTokenAsync();
        return await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
    }

    public static async Task LoginAsync(this HttpClient client, string email, string password = AppFactory.DemoPassword)
    {
        var response = await client.PostLoginAsync(email, password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect,
            $"login of {email} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// The antiforgery token of a page's form for this client's session (the login form by default; it
    /// renders for signed-in users too), as a browser would post it back.
    /// </summary>
    public static async Task<string> AntiforgeryTokenAsync(this HttpClient client, string page = "/Account/Login")
    {
        var token = AntiforgeryToken().Match(await client.GetStringAsync(page));
        Assert.True(token.Success, $"{page} has no antiforgery token");
        return WebUtility.HtmlDecode(token.Groups[1].Value);
    }

    /// <summary>Status and redirect target of a GET, without following redirects.</summary>
    public static async Task<(HttpStatusCode Status, string? Location)> ProbeAsync(this HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        return (response.StatusCode, response.Headers.Location?.ToString());
    }

    /// <summary>
    /// Logs in with a client that keeps no cookies and returns the session cookie ("name=value"), so a
    /// test can present it to another app instance.
    /// </summary>
    public static async Task<string> LoginForSessionCookieAsync(HttpClient client, string email, string password = AppFactory.DemoPassword)
    {
        var page = await client.GetAsync("/Account/Login");
        var antiforgeryCookie = CookiePairs(page).Single();
        var token = AntiforgeryToken().Match(await page.Content.ReadAsStringAsync());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
                ["Input.Email"] = email,
                ["Input.Password"] = password,
            }),
        };
        request.Headers.Add("Cookie", antiforgeryCookie);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return CookiePairs(response).Single(c => c.StartsWith("AfterSalesDesk.Session=", StringComparison.Ordinal));
    }

    private static IEnumerable<string> CookiePairs(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Select(v => v.Split(';')[0]).Where(v => !v.EndsWith('=') )
            : [];

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
