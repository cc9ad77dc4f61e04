using System.Globalization;
using System.Security.Claims;
using AfterSalesDesk.Data.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Components.Account;

/// <summary>Adds the display name, for merchant users the merchant id, and the time zone chosen in the profile to the user's claims.</summary>
internal sealed class AppClaimsPrincipalFactory(
    UserManager<AppUser> userManager,
    RoleManager<IdentityRole> roleManager,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(SessionClaims.DisplayName, user.DisplayName));
        if (user.MerchantId is { } merchantId)
        {
            identity.AddClaim(new Claim(SessionClaims.MerchantId, merchantId.ToString(CultureInfo.InvariantCulture)));
        }

        if (user.TimeZone is { } zone)
        {
            identity.AddClaim(new Claim(Infrastructure.UserTimeZones.ProfileClaim, zone));
        }

        return identity;
    }
}
