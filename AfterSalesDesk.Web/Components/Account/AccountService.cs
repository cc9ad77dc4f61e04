using System.Security.Claims;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace AfterSalesDesk.Web.Components.Account;

/// <summary>What a signed-in person does to their own account, audited like every other change.</summary>
internal sealed class AccountService(
    UserManager<AppUser> users,
    AppSignInManager signIn,
    AppDbContext db,
    AuditActors actors,
    AuditWriter audit,
    SessionStore sessions,
    TimeProvider clock)
{
    public async Task<Result> ChangePasswordAsync(ClaimsPrincipal principal, string currentPassword, string newPassword)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null)
        {
            return Result.NotFound("Your account no longer exists.");
        }

        var actor = actors.For(principal);
        db.AuditAs(actor, "password.change", clock);
        var outcome = await users.ChangePasswordAsync(user, currentPassword, newPassword);
        if (!outcome.Succeeded)
        {
            var error = string.Join(" ", outcome.Errors.Select(e => e.Description));
            await audit.RecordAsync(actor, "password.change", "User", user.Id, AuditOutcome.Failed, error);
            return Result.Invalid(error);
        }

        // This browser gets a new session; every other session of the user ends (a stolen cookie dies with the old password).
        await signIn.RefreshSignInAsync(user);
        var ended = await sessions.EndAllAsync(db, user.Id, SessionEndReason.PasswordChanged, keepToken: sessions.IssuedToken);
        await audit.RecordAsync(actor, "session.end", "User", user.Id, AuditOutcome.Succeeded,
            $"Password changed: {ended} other session(s) of this user ended.");
        return Result.Ok;
    }

    /// <summary>
    /// Sets the zone this person reads times in (decision 0019); empty follows the browser again. The zone travels
    /// in the sign-in cookie, so the cookie is reissued (same absolute expiry) and the next page uses it.
    /// </summary>
    public async Task<Result> ChooseTimeZoneAsync(ClaimsPrincipal principal, string? zoneId)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null)
        {
            return Result.NotFound("Your account no longer exists.");
        }

        var chosen = string.IsNullOrWhiteSpace(zoneId) ? null : UserTimeZones.Find(zoneId)?.Id;
        var actor = actors.For(principal);
        if (!string.IsNullOrWhiteSpace(zoneId) && chosen is null)
        {
            await audit.RecordAsync(actor, "profile.time_zone", "User", user.Id, AuditOutcome.Failed, "Not a known time zone.");
            return Result.Invalid($"'{zoneId}' is not a time zone this server knows.");
        }

        user.ChooseTimeZone(chosen);
        db.AuditAs(actor, "profile.time_zone", clock);
        var outcome = await users.UpdateAsync(user);
        if (!outcome.Succeeded)
        {
            return Result.Invalid(string.Join(" ", outcome.Errors.Select(e => e.Description)));
        }

        // Not RefreshSignInAsync alone: that would start the absolute session lifetime again.
        await signIn.RefreshClaimsAsync(user, principal);
        return Result.Ok;
    }

    public async Task SignOutAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated == true)
        {
            await audit.RecordAsync(actors.For(principal), "logout", "User",
                principal.FindFirstValue(ClaimTypes.NameIdentifier), AuditOutcome.Succeeded, "Signed out.");
        }

        await sessions.EndAsync(principal, SessionEndReason.LoggedOut);
        await signIn.SignOutAsync();
    }
}
