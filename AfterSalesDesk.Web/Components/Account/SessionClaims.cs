using System.Globalization;
using System.Security.Claims;
using AfterSalesDesk.Web.Infrastructure;

namespace AfterSalesDesk.Web.Components.Account;

/// <summary>Claims the app adds to a signed-in user, and the absolute session lifetime they carry.</summary>
public static class SessionClaims
{
    public const string ExpiresAt = "asd:session_expires";

    /// <summary>The token of the server-side session (<see cref="SessionStore"/>); only its hash is stored.</summary>
    public const string SessionId = "asd:sid";
    public const string DisplayName = "asd:display_name";
    public const string MerchantId = "asd:merchant_id";

    public static Claim CreateExpiry(DateTimeOffset now, SessionSettings options) =>
        new(ExpiresAt,
            (now + TimeSpan.FromHours(options.AbsoluteHours)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ClaimValueTypes.Integer64);

    /// <summary>
    /// True when the session's absolute lifetime is over. A principal without a readable expiry
    /// counts as expired: only our own sign-in issues sessions, so a missing claim means tampering or a bug.
    /// </summary>
    public static bool HasExpired(ClaimsPrincipal principal, DateTimeOffset now)
    {
        var value = principal.FindFirst(ExpiresAt)?.Value;
        return !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresAt)
            || now.ToUnixTimeSeconds() >= expiresAt;
    }

    public static int? GetMerchantId(this ClaimsPrincipal principal) =>
        int.TryParse(principal.FindFirst(MerchantId)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;

    public static string GetDisplayName(this ClaimsPrincipal principal) =>
        principal.FindFirst(DisplayName)?.Value ?? principal.Identity?.Name ?? "";
}
