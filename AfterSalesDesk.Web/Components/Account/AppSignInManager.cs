using System.Security.Claims;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Components.Account;

/// <summary>
/// Identity's sign-in manager with the app's session rules: a disabled account cannot sign in
/// (checked after the password, so the account's state is not revealed to someone guessing),
/// a disabled account's cookie stops validating, and every session carries its absolute expiry.
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
    IOptions<SessionSettings> sessionOptions)
    : SignInManager<AppUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<SignInResult> CheckPasswordSignInAsync(AppUser user, string password, bool lockoutOnFailure)
    {
        var result = await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
        return result.Succeeded && user.IsDisabled ? SignInResult.NotAllowed : result;
    }

    public override Task SignInWithClaimsAsync(
        AppUser user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        var claims = additionalClaims
            .Where(c => c.Type != SessionClaims.ExpiresAt)
            .Append(SessionClaims.CreateExpiry(timeProvider.GetUtcNow(), sessionOptions.Value));
        return base.SignInWithClaimsAsync(user, authenticationProperties, claims);
    }

    public override async Task<bool> ValidateSecurityStampAsync(AppUser? user, string? securityStamp) =>
        user is { IsDisabled: false } && await base.ValidateSecurityStampAsync(user, securityStamp);
}
