using System.Security.Claims;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Components.Account;

/// <summary>
/// Identity's sign-in manager with the app's session rules: a disabled account cannot sign in
/// (checked after the password, so the account's state is not revealed to someone guessing),
/// a disabled account's cookie stops validating, every session carries its absolute expiry, and
/// every login attempt (its failures and lockouts included) is audited.
/// </summary>
internal sealed class AppSignInManager(
    UserManager<AppUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<AppUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<AppUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation,
    TimeProvider timeProvider,
    IOptions<SessionSettings> sessionOptions,
    AppDbContext db,
    AuditActors actors,
    AuditWriter audit,
    SessionStore sessions)
    : SignInManager<AppUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            await audit.RecordAsync(actors.Anonymous(userName), "login", "User", null, AuditOutcome.Failed, "No account with this name.");
            return SignInResult.Failed;
        }

        // The failure counter and lockout that Identity saves below are audited as part of this login.
        var roles = await UserManager.GetRolesAsync(user);
        db.AuditAs(new AuditActor(user.Id, user.Email ?? userName, roles.FirstOrDefault() ?? "None", actors.Origin), "login", timeProvider);
        var result = await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
        var (outcome, detail) = result switch
        {
            { Succeeded: true } => (AuditOutcome.Succeeded, "Signed in."),
            { IsLockedOut: true } => (AuditOutcome.Denied, "The account is locked out."),
            { IsNotAllowed: true } => (AuditOutcome.Denied, "The account is disabled."),
            _ => (AuditOutcome.Failed, "Wrong password."),
        };
        db.RecordAudit("User", user.Id, outcome, detail);
        await db.SaveChangesAsync();
        return result;
    }

    public override async Task<SignInResult> CheckPasswordSignInAsync(AppUser user, string password, bool lockoutOnFailure)
    {
        var result = await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
        return result.Succeeded && user.IsDisabled ? SignInResult.NotAllowed : result;
    }

    /// <summary>Every sign-in (a login, or a refresh after a password change) starts a new server-side session.</summary>
    public override async Task SignInWithClaimsAsync(
        AppUser user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        // A refresh of the claims (RefreshClaimsAsync) stays in the session it refreshes; anything else starts one.
        var session = keptSession ?? new Claim(SessionClaims.SessionId, await sessions.StartAsync(user.Id));
        var claims = additionalClaims
            .Where(c => c.Type is not (SessionClaims.ExpiresAt or SessionClaims.SessionId))
            .Append(keptExpiry ?? SessionClaims.CreateExpiry(timeProvider.GetUtcNow(), sessionOptions.Value))
            .Append(session);
        await base.SignInWithClaimsAsync(user, authenticationProperties, claims);
    }

    private Claim? keptExpiry;
    private Claim? keptSession;

    /// <summary>
    /// Reissues the session cookie with the user's current claims (a changed profile setting) in the same
    /// server-side session, with its own absolute expiry: saving a preference must neither stretch a session past
    /// <c>Session:AbsoluteHours</c> nor leave the old cookie's session running beside a new one.
    /// </summary>
    public async Task RefreshClaimsAsync(AppUser user, ClaimsPrincipal current)
    {
        var expiry = current.FindFirst(SessionClaims.ExpiresAt);
        keptExpiry = expiry is null ? null : new Claim(expiry.Type, expiry.Value, expiry.ValueType);
        var session = current.FindFirst(SessionClaims.SessionId);
        keptSession = session is null ? null : new Claim(session.Type, session.Value);
        try
        {
            await RefreshSignInAsync(user);
        }
        finally
        {
            keptExpiry = null;
            keptSession = null;
        }
    }

    public override async Task<bool> ValidateSecurityStampAsync(AppUser? user, string? securityStamp) =>
        user is { IsDisabled: false } && await base.ValidateSecurityStampAsync(user, securityStamp);
}
