using System.Security.Claims;
using AfterSalesDesk.Web.Features.Reports;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Tests.Infrastructure;

/// <summary>Which zone a person reads times in (decision 0019): profile, else browser, else Reports:TimeZone.</summary>
public class UserTimeZonesTests
{
    private const string Default = "Asia/Shanghai";

    [Fact]
    public void Resolve_WhenTheProfileNamesAZone_UsesItOverTheBrowsers() =>
        Assert.Equal("Europe/Berlin", UserTimeZones.Resolve("Europe/Berlin", "America/New_York", Default).Id);

    [Fact]
    public void Resolve_WhenTheProfileNamesNone_UsesTheBrowsers() =>
        Assert.Equal("America/New_York", UserTimeZones.Resolve(null, "America/New_York", Default).Id);

    [Fact]
    public void Resolve_WhenNeitherNamesOne_UsesTheConfiguredDefault() =>
        Assert.Equal(Default, UserTimeZones.Resolve(null, null, Default).Id);

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("../../etc/passwd")]
    [InlineData("Asia/Shanghai; Path=/")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("   ")]
    [InlineData("Europe/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Resolve_WhenTheBrowserCookieIsGarbage_IgnoresItForTheDefault(string cookie) =>
        Assert.Equal(Default, UserTimeZones.Resolve(null, cookie, Default).Id);

    [Fact]
    public void Resolve_WhenTheProfileZoneIsNoLongerKnown_FallsBackToTheBrowsers() =>
        Assert.Equal("America/New_York", UserTimeZones.Resolve("Atlantis/Capital", "America/New_York", Default).Id);

    [Fact]
    public void Resolve_ForARequest_ReadsTheProfileClaimBeforeTheBrowserCookie()
    {
        var withCookie = Request(cookie: "America/New_York");
        var withBoth = Request(cookie: "America/New_York", profile: "Europe/London");

        Assert.Equal("America/New_York", UserTimeZones.Resolve(withCookie, Default).Id);
        Assert.Equal("Europe/London", UserTimeZones.Resolve(withBoth, Default).Id);
        Assert.Equal(Default, UserTimeZones.Resolve(Request(), Default).Id);
    }

    [Fact]
    public void Format_ForAUserInShanghai_ShowsTheClockTimeThere()
    {
        var clock = Clock();
        clock.Use("Asia/Shanghai");

        Assert.Equal("2026-12-01 11:20", clock.Format(new DateTimeOffset(2026, 12, 1, 3, 20, 0, TimeSpan.Zero)));
        Assert.Equal("12-02 07:59", clock.Format(new DateTimeOffset(2026, 12, 1, 23, 59, 0, TimeSpan.Zero), UserClock.Short));
        Assert.Equal("—", clock.Format((DateTimeOffset?)null, UserClock.Full, "—"));
    }

    [Fact]
    public void Use_WithAZoneThisMachineDoesNotKnow_KeepsTheConfiguredDefault()
    {
        var clock = Clock();
        clock.Use("Nowhere/Land");

        Assert.Equal(Default, clock.ZoneId);
        Assert.Equal("2026-12-01 11:20", clock.Format(new DateTimeOffset(2026, 12, 1, 3, 20, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void StartOf_ADayInShanghai_IsTheUtcInstantOfItsMidnight()
    {
        var clock = Clock();
        clock.Use("Asia/Shanghai");

        Assert.Equal(new DateTimeOffset(2026, 11, 30, 16, 0, 0, TimeSpan.Zero), clock.StartOf(new DateOnly(2026, 12, 1)));
    }

    private static UserClock Clock() => new(Options.Create(new ReportOptions { TimeZone = Default }));

    private static DefaultHttpContext Request(string? cookie = null, string? profile = null)
    {
        var context = new DefaultHttpContext();
        if (cookie is not null)
        {
            context.Request.Headers.Cookie = $"{UserTimeZones.BrowserCookie}={cookie}";
        }

        var claims = profile is null ? [] : new[] { new Claim(UserTimeZones.ProfileClaim, profile) };
        context.User = new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
        return context;
    }
}
