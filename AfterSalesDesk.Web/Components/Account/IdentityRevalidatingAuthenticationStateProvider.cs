using System.Security.Claims;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Components.Account;

/// <summary>
/// Re-checks a connected circuit's user against the database at a short interval, so that a
/// disabled user, a changed password or role, a logout in another tab, or an expired session ends an open page too,
/// not only the next HTTP request.
/// </summary>
internal sealed class IdentityRevalidatingAuthenticationStateProvider(
        ILoggerFactory loggerFactory,
        IServiceScopeFactory scopeFactory,
        IOptions<IdentityOptions> identityOptions,
        IOptions<SessionSettings> sessionOptions,
        TimeProvider timeProvider)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(sessionOptions.Value.RevalidationSeconds);

    protected override async Task<bool> ValidateAuthenticationStateAsync(
        AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var principal = authenticationState.User;
        if (SessionClaims.HasExpired(principal, timeProvider.GetUtcNow()))
        {
            return false;
        }

        // A fresh scope, so the user manager reads current data rather than the circuit's cached entity.
        await using var scope = scopeFactory.CreateAsyncScope();
        if (!await scope.ServiceProvider.GetRequiredService<SessionStore>().IsLiveAsync(principal, activity: false, cancellationToken))
        {
            return false;
        }

        var userManager = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return await IsStillValidAsync(userManager, principal);
    }

    private async Task<bool> IsStillValidAsync(UserManager<AppUser> userManager, ClaimsPrincipal principal)
    {
        var user = await userManager.GetUserAsync(principal);
        if (user is null || user.IsDisabled)
        {
            return false;
        }

        var principalStamp = principal.FindFirstValue(identityOptions.Value.ClaimsIdentity.SecurityStampClaimType);
        var userStamp = await userManager.GetSecurityStampAsync(user);
        return principalStamp == userStamp;
    }
}
