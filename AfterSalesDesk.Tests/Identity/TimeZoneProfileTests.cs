using System.Net;
using AfterSalesDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Identity;

/// <summary>The profile's time zone (decision 0019) through the real form, cookie and database.</summary>
public class TimeZoneProfileTests : IDisposable
{
    private const string Page = "/Account/Manage/TimeZone";

    private readonly AppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Choose_AKnownZone_IsSavedAuditedAndUsedByTheNextPage()
    {
        var client = app.CreateBrowserLikeClient();
        await client.LoginAsync("agent1@demo.local");

        var response = await client.PostTimeZoneAsync("Europe/London");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var db = app.CreateDbContext();
        Assert.Equal("Europe/London", await db.Users.Where(u => u.Email == "agent1@demo.local").Select(u => u.TimeZone).SingleAsync());
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "profile.time_zone" && a.UserName == "agent1@demo.local"));
        Assert.Contains("Times are shown in Europe/London.", await client.GetStringAsync(Page));
        var home = await client.GetStringAsync("/");
        Assert.Contains("data-testid=\"user-time-zone\"", home);
        Assert.Contains(">Europe/London<", home);
        // The cookie was reissued inside the same server-side session: one session, still live.
        var sessions = await db.UserSessions.Where(s => s.UserId == db.Users.Single(u => u.Email == "agent1@demo.local").Id).ToListAsync();
        Assert.Single(sessions);
        Assert.Null(sessions[0].EndedAt);
    }

    [Fact]
    public async Task Choose_AZoneTheServerDoesNotKnow_IsRefusedAndChangesNothing()
    {
        var client = app.CreateBrowserLikeClient();
        await client.LoginAsync("agent1@demo.local");

        var response = await client.PostTimeZoneAsync("Mars/Olympus_Mons");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("is not a time zone this server knows", await response.Content.ReadAsStringAsync());
        await using var db = app.CreateDbContext();
        Assert.Null(await db.Users.Where(u => u.Email == "agent1@demo.local").Select(u => u.TimeZone).SingleAsync());
    }

    [Fact]
    public async Task Choose_AZone_DoesNotStretchTheSessionPastItsAbsoluteLifetime()
    {
        var client = app.CreateBrowserLikeClient();
        await client.LoginAsync("agent1@demo.local");
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(11.5); elapsed += TimeSpan.FromMinutes(20))
        {
            app.Clock.Advance(TimeSpan.FromMinutes(20));
            Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/session/ping", null)).StatusCode);
        }

        // Saved at 11 h 40 min; twenty minutes later (within the idle timeout) the twelve hours are over.
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostTimeZoneAsync("Europe/London")).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(20));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/session/ping", null)).StatusCode);
    }
}

internal static class TimeZoneForm
{
    public static async Task<HttpResponseMessage> PostTimeZoneAsync(this HttpClient client, string zone)
    {
        var token = await client.AntiforgeryTokenAsync("/Account/Manage/TimeZone");
        return await client.PostAsync("/Account/Manage/TimeZone", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "time-zone",
            ["__RequestVerificationToken"] = token,
            ["Input.Zone"] = zone,
        }));
    }
}
