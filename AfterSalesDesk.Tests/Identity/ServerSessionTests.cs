using System.Net;
using System.Security.Claims;
using System.Text.RegularExpressions;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Admin;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSalesDesk.Tests.Identity;

/// <summary>
/// Sessions are server-side records (decision 0005): a copy of the login cookie is worth nothing once its
/// session has ended, by logout, a password change or an administrator disabling the user (OWASP ASVS 3.3.1).
/// Every request here carries cookies by hand, as someone replaying a copied cookie with curl would.
/// </summary>
public sealed partial class ServerSessionTests : IDisposable
{
    private readonly AppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Cookie_WhenReplayedAfterLogout_GetsTheLoginPage()
    {
        var browser = await SignInAsync("agent1@demo.local");
        var copied = browser.Copy();
        var orderId = await AnyOrderIdAsync();
        Assert.Equal(HttpStatusCode.OK, (await copied.GetAsync($"/orders/{orderId}")).StatusCode);

        await browser.LogoutAsync();
        var replayed = await copied.GetAsync($"/orders/{orderId}");
        app.Clock.Advance(TimeSpan.FromSeconds(80));
        var later = await copied.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.StartsWith("http://localhost/Account/Login", replayed.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await copied.PostAsync("/session/ping")).StatusCode);
        await using var db = app.CreateDbContext();
        var session = await db.UserSessions.SingleAsync(s => s.UserId == db.Users.Single(u => u.Email == "agent1@demo.local").Id);
        Assert.Equal(SessionEndReason.LoggedOut, session.EndReason);
    }

    [Fact]
    public async Task PasswordChange_EndsTheUsersOtherSessionsAndKeepsThisOne()
    {
        var laptop = await SignInAsync("agent2@demo.local");
        var phone = await SignInAsync("agent2@demo.local");
        var otherUser = await SignInAsync("agent1@demo.local");
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/")).StatusCode);

        var token = await laptop.TokenAsync("/Account/Manage/ChangePassword");
        var changed = await laptop.PostFormAsync("/Account/Manage/ChangePassword", new()
        {
            ["_handler"] = "change-password",
            ["__RequestVerificationToken"] = token,
            ["Input.OldPassword"] = AppFactory.DemoPassword,
            ["Input.NewPassword"] = "Another-Pass-2027",
            ["Input.ConfirmPassword"] = "Another-Pass-2027",
        });

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await phone.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await otherUser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Cookie_WhenAdminDisablesTheUser_IsRefusedAtOnce()
    {
        var merchant = await SignInAsync("merchant2@demo.local");
        Assert.Equal(HttpStatusCode.OK, (await merchant.GetAsync("/")).StatusCode);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await using var db = app.CreateDbContext();
            var admin = await db.Users.SingleAsync(u => u.Email == "admin@demo.local");
            var target = await db.Users.SingleAsync(u => u.Email == "merchant2@demo.local");
            var principal = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, admin.Id), new Claim(ClaimTypes.Name, admin.Email!), new Claim(ClaimTypes.Role, Roles.Admin)],
                "Test"));
            var result = await scope.ServiceProvider.GetRequiredService<AdminUserService>().DisableAsync(principal, target.Id, target.ConcurrencyStamp!);
            Assert.True(result.Succeeded, result.Error);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await merchant.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Session_WhenCookieCarriesAnUnknownOrAnotherUsersToken_IsRefused()
    {
        var agent = await SignInAsync("agent1@demo.local");
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/")).StatusCode);
        await using (var db = app.CreateDbContext())
        {
            // The session row vanishes (say, a database restored from before the login): the cookie is worthless.
            await db.UserSessions.ExecuteDeleteAsync();
        }

        Assert.Equal(HttpStatusCode.Redirect, (await agent.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Session_WhenIdlePastTheLimit_IsEndedOnTheServer()
    {
        var agent = await SignInAsync("agent1@demo.local");
        app.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(HttpStatusCode.NoContent, (await agent.PostAsync("/session/ping")).StatusCode);

        app.Clock.Advance(TimeSpan.FromMinutes(25));
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/")).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(31));

        Assert.Equal(HttpStatusCode.Redirect, (await agent.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Session_WhenServerSawNoActivityForTheIdleLimit_EndsEvenWithAFreshCookie()
    {
        var agent = await SignInAsync("agent1@demo.local");
        var now = app.Clock.GetUtcNow();
        await using var db = app.CreateDbContext();
        // Activity reached another instance's cookie, not this session: the server's record is what counts.
        await db.UserSessions.ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenAt, now.AddMinutes(-30)));

        Assert.Equal(HttpStatusCode.Redirect, (await agent.GetAsync("/")).StatusCode);
        Assert.Equal(SessionEndReason.Idle, (await db.UserSessions.AsNoTracking().SingleAsync()).EndReason);
    }

    [Fact]
    public async Task Session_WhenPastItsAbsoluteEndOnTheServer_EndsAsExpired()
    {
        var agent = await SignInAsync("agent1@demo.local");
        var now = app.Clock.GetUtcNow();
        await using var db = app.CreateDbContext();
        await db.UserSessions.ExecuteUpdateAsync(u => u.SetProperty(s => s.ExpiresAt, now));

        Assert.Equal(HttpStatusCode.Redirect, (await agent.GetAsync("/")).StatusCode);
        Assert.Equal(SessionEndReason.Expired, (await db.UserSessions.AsNoTracking().SingleAsync()).EndReason);
    }

    private async Task<long> AnyOrderIdAsync()
    {
        await using var db = app.CreateDbContext();
        return await db.Orders.OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
    }

    private async Task<CookieClient> SignInAsync(string email)
    {
        var client = new CookieClient(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false }));
        var token = await client.TokenAsync("/Account/Login");
        var response = await client.PostFormAsync("/Account/Login", new()
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = email,
            ["Input.Password"] = AppFactory.DemoPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>A client that keeps cookies in a plain dictionary, so that a test can copy them as an attacker would.</summary>
    private sealed partial class CookieClient(HttpClient http, Dictionary<string, string>? cookies = null)
    {
        private readonly Dictionary<string, string> cookies = cookies ?? [];

        public CookieClient Copy() => new(http, new Dictionary<string, string>(cookies));

        public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

        public Task<HttpResponseMessage> PostAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Post, path));

        public Task<HttpResponseMessage> PostFormAsync(string path, Dictionary<string, string> form) =>
            SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) });

        public async Task<string> TokenAsync(string page)
        {
            var html = await (await GetAsync(page)).Content.ReadAsStringAsync();
            var match = AntiforgeryToken().Match(html);
            Assert.True(match.Success, $"{page} has no antiforgery token");
            return WebUtility.HtmlDecode(match.Groups[1].Value);
        }

        public async Task LogoutAsync()
        {
            var token = await TokenAsync("/");
            var response = await PostFormAsync("/Account/Logout", new() { ["__RequestVerificationToken"] = token });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
        {
            if (cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
            }

            var response = await http.SendAsync(request);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            {
                foreach (var pair in setCookies.Select(c => c.Split(';')[0].Split('=', 2)))
                {
                    if (pair[1].Length == 0)
                    {
                        cookies.Remove(pair[0]);
                    }
                    else
                    {
                        cookies[pair[0]] = pair[1];
                    }
                }
            }

            return response;
        }

        [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
        private static partial Regex AntiforgeryToken();
    }
}
