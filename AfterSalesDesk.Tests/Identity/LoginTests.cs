using System.Net;
using AfterSalesDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Identity;

/// <summary>Login, lockout and session lifetime through the real HTTP pipeline over real SQLite.</summary>
public class LoginTests : IDisposable
{
    private readonly AppFactory app = new();

    public void Dispose() => app.Dispose();

    [Theory]
    [MemberData(nameof(DemoUsers))]
    public async Task Login_WhenDemoUserWithDemoPassword_OpensTheirHomePage(string email, string heading)
    {
        var client = app.CreateBrowserLikeClient();

        await client.LoginAsync(email);
        var home = await client.GetStringAsync("/");

        Assert.Contains(heading, home);
    }

    public static TheoryData<string, string> DemoUsers() => new()
    {
        { "agent1@demo.local", "Agent workspace" },
        { "agent2@demo.local", "Agent workspace" },
        { "supervisor1@demo.local", "Supervisor desk" },
        { "supervisor2@demo.local", "Supervisor desk" },
        { "merchant1@demo.local", "Merchant portal" },
        { "merchant2@demo.local", "Merchant portal" },
        { "manager@demo.local", "Service quality overview" },
        { "admin@demo.local", "Administration" },
    };

    [Fact]
    public async Task Login_WhenPasswordWrong_ShowsErrorAndStaysAnonymous()
    {
        var client = app.CreateBrowserLikeClient();

        var response = await client.PostLoginAsync("agent1@demo.local", "Wrong-Pass-2026");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Error: Invalid email or password.", await response.Content.ReadAsStringAsync());
        var (status, location) = await client.ProbeAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.StartsWith("http://localhost/Account/Login", location);
    }

    [Fact]
    public async Task Login_WhenFifthWrongPassword_LocksTheAccountEvenForTheRightPassword()
    {
        var client = app.CreateBrowserLikeClient();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var wrong = await client.PostLoginAsync("agent2@demo.local", $"Wrong-Pass-{attempt}x");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        var fifth = await client.PostLoginAsync("agent2@demo.local", "Wrong-Pass-5x");
        var right = await client.PostLoginAsync("agent2@demo.local", AppFactory.DemoPassword);

        Assert.Equal("/Account/Lockout", fifth.Headers.Location?.AbsolutePath ?? fifth.Headers.Location?.ToString());
        Assert.Equal("/Account/Lockout", right.Headers.Location?.AbsolutePath ?? right.Headers.Location?.ToString());
    }

    [Fact]
    public async Task Lockout_WhenTriggered_LastsTheConfiguredFifteenMinutes()
    {
        var client = app.CreateBrowserLikeClient();
        var before = DateTimeOffset.UtcNow;
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await client.PostLoginAsync("supervisor2@demo.local", $"Wrong-Pass-{attempt}x");
        }

        await using var db = app.CreateDbContext();
        var lockoutEnd = await db.Users.Where(u => u.Email == "supervisor2@demo.local").Select(u => u.LockoutEnd).SingleAsync();
        Assert.NotNull(lockoutEnd);
        Assert.InRange(lockoutEnd.Value, before.AddMinutes(15), DateTimeOffset.UtcNow.AddMinutes(15));
    }

    [Fact]
    public async Task Session_WhenIdleForThirtyMinutes_Ends()
    {
        var client = app.CreateBrowserLikeClient();
        await client.LoginAsync("agent1@demo.local");

        app.Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, (await client.ProbeAsync("/")).Status);
        app.Clock.Advance(TimeSpan.FromMinutes(31));

        Assert.Equal(HttpStatusCode.Redirect, (await client.ProbeAsync("/")).Status);
    }

    [Fact]
    public async Task Session_WhenActiveForTwelveHours_EndsAnyway()
    {
        var client = app.CreateBrowserLikeClient();
        await client.LoginAsync("agent1@demo.local");

        // Active every 20 minutes: the idle timeout never fires, the absolute one does.
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(11.5); elapsed += TimeSpan.FromMinutes(20))
        {
            app.Clock.Advance(TimeSpan.FromMinutes(20));
            Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/session/ping", null)).StatusCode);
        }

        app.Clock.Advance(TimeSpan.FromMinutes(40));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/session/ping", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.ProbeAsync("/")).Status);
    }

    [Fact]
    public async Task Session_WhenAppRestartsOnTheSameData_StaysLoggedIn()
    {
        using var data = new TempDirectory();
        string cookie;
        using (var before = new AppFactory(data.Path))
        {
            cookie = await LoginClient.LoginForSessionCookieAsync(before.CreateClient(NoCookies), "manager@demo.local");
        }

        using var restarted = new AppFactory(data.Path);
        var client = restarted.CreateClient(NoCookies);
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Service quality overview", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Logout_WhenPostedWithoutTheFormsToken_IsRefusedAndTheSessionStays()
    {
        var client = app.CreateBrowserLikeClient();
        await client.LoginAsync("manager@demo.local");

        var response = await client.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string>()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.ProbeAsync("/")).Status);
    }

    [Fact]
    public async Task Logout_WhenPostedWithTheFormsToken_EndsTheSession()
    {
        var client = app.CreateBrowserLikeClient();
        await client.LoginAsync("manager@demo.local");
        var token = await client.AntiforgeryTokenAsync("/");

        var response = await client.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal((HttpStatusCode.Redirect, "/Account/Login"), (response.StatusCode, response.Headers.Location?.ToString()));
        Assert.Equal(HttpStatusCode.Redirect, (await client.ProbeAsync("/")).Status);
    }

    [Fact]
    public async Task SessionPing_WhenAnonymous_Is401NotARedirect()
    {
        var client = app.CreateBrowserLikeClient();

        var response = await client.PostAsync("/session/ping", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static readonly Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions NoCookies =
        new() { AllowAutoRedirect = false, HandleCookies = false };
}
