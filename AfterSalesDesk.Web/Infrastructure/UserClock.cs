using System.Globalization;
using System.Security.Claims;
using AfterSalesDesk.Web.Features.Reports;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Infrastructure;

/// <summary>
/// Which time zone a person reads points in time in (decision 0019): the zone chosen in their profile, else
/// their browser's (a cookie the page's script sets from <c>Intl.DateTimeFormat().resolvedOptions().timeZone</c>),
/// else <c>Reports:TimeZone</c>. A zone this machine does not know is ignored, whichever source names it.
/// </summary>
public static class UserTimeZones
{
    /// <summary>The cookie <c>js/timezone.js</c> writes with the browser's IANA zone.</summary>
    public const string BrowserCookie = "asd-tz";

    /// <summary>The claim that carries the zone a user chose in their profile (none: follow the browser).</summary>
    public const string ProfileClaim = "asd:time_zone";

    /// <summary>Longest zone id we accept (IANA names are far shorter; anything longer is not one).</summary>
    public const int MaxIdLength = AfterSalesDesk.Data.Identity.AppUserTimeZone.MaxLength;

    public static TimeZoneInfo Resolve(string? profileZone, string? browserZone, string defaultZone) =>
        Find(profileZone) ?? Find(browserZone) ?? Find(defaultZone) ?? TimeZoneInfo.Utc;

    /// <summary>The zone of the person making this HTTP request: profile claim, browser cookie, configured default.</summary>
    public static TimeZoneInfo Resolve(HttpContext context, string defaultZone) =>
        Resolve(context.User.FindFirstValue(ProfileClaim), context.Request.Cookies[BrowserCookie], defaultZone);

    /// <summary>The zone with this IANA id, or null for nothing, garbage or a zone this machine does not know.</summary>
    public static TimeZoneInfo? Find(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > MaxIdLength)
        {
            return null;
        }

        // TryFindSystemTimeZoneById also accepts Windows names and converts them; we keep the IANA id people chose.
        return TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone) ? zone : null;
    }

    /// <summary>
    /// Midnight at the start of <paramref name="day"/> in <paramref name="zone"/>, as a UTC instant: where pages and
    /// exports turn a day of a person's zone into a period.
    /// </summary>
    public static DateTimeOffset StartOfDay(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30); // a day that starts in a DST gap starts when the clock jumps
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>The zones a person can choose in their profile, by IANA id.</summary>
    public static IReadOnlyList<string> Choices { get; } =
        TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id.Contains('/') || id == "UTC").Order(StringComparer.Ordinal).ToList();
}

/// <summary>
/// Formats points in time (stored in UTC, decision 0003) as clock times of the signed-in person's zone. One per
/// HTTP request and one per circuit: <c>App.razor</c> resolves the zone from the request, and <c>Routes</c>
/// hands it to the circuit, so every page of the circuit formats with it (never <c>ToLocalTime()</c>, which is the
/// server's zone).
/// </summary>
public sealed class UserClock(IOptions<ReportOptions> reports)
{
    public const string Full = "yyyy-MM-dd HH:mm";
    public const string Short = "MM-dd HH:mm";
    public const string Day = "yyyy-MM-dd";

    private TimeZoneInfo? zone;

    public TimeZoneInfo Zone => zone ??= UserTimeZones.Resolve(null, null, reports.Value.TimeZone);

    /// <summary>The zone's IANA id, as pages name it ("Asia/Shanghai").</summary>
    public string ZoneId => Zone.Id;

    /// <summary>Uses this zone from now on; one this machine does not know leaves the default.</summary>
    public void Use(string? zoneId) => zone = UserTimeZones.Resolve(zoneId, null, reports.Value.TimeZone);

    public void Use(HttpContext context) => zone = UserTimeZones.Resolve(context, reports.Value.TimeZone);

    public DateTimeOffset ToUser(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);

    public string Format(DateTimeOffset at, string format = Full) =>
        ToUser(at).ToString(format, CultureInfo.InvariantCulture);

    public string Format(DateTimeOffset? at, string format = Full, string none = "") =>
        at is { } value ? Format(value, format) : none;

    /// <summary>Midnight at the start of <paramref name="day"/> in the user's zone, as a UTC instant.</summary>
    public DateTimeOffset StartOf(DateOnly day) => UserTimeZones.StartOfDay(day, Zone);

    /// <summary>Today's date on the user's clock.</summary>
    public DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(ToUser(now).DateTime);
}
