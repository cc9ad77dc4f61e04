using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Merchants;
using Microsoft.AspNetCore.Identity;

namespace AfterSalesDesk.Data.Identity;

/// <summary>
/// A person who works in the app. Identity keeps credentials, lockout and role membership;
/// this class adds what the after-sales work needs: a display name, the merchant a merchant user
/// belongs to, and whether an administrator has disabled the account.
/// </summary>
public class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>Set for merchant users only: the one store whose data they may see.</summary>
    public int? MerchantId { get; private set; }

    public Merchant? Merchant { get; private set; }

    public bool IsDisabled { get; private set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// The IANA time zone this person reads points in time in, chosen in their profile; null follows their
    /// browser (decision 0019). The web app checks the zone exists before it sets one.
    /// </summary>
    public string? TimeZone { get; private set; }

    public void ChooseTimeZone(string? zoneId)
    {
        var id = string.IsNullOrWhiteSpace(zoneId) ? null : zoneId.Trim();
        if (id is { Length: > AppUserTimeZone.MaxLength })
        {
            throw new DomainException($"A time zone id has at most {AppUserTimeZone.MaxLength} characters.");
        }

        TimeZone = id;
    }

    /// <summary>
    /// Scopes the user to what their role needs: a merchant user belongs to exactly one merchant,
    /// every other role to none (a platform user bound to a store would be a data leak waiting to happen).
    /// </summary>
    public void ScopeToRole(string role, int? merchantId)
    {
        if (!Roles.IsKnown(role))
        {
            throw new DomainException($"'{role}' is not a role of this application.");
        }

        if (role == Roles.Merchant && merchantId is null)
        {
            throw new DomainException("A merchant user must belong to a merchant.");
        }

        if (role != Roles.Merchant && merchantId is not null)
        {
            throw new DomainException($"Only merchant users belong to a merchant; a {role} works for the platform.");
        }

        MerchantId = merchantId;
    }

    public void Disable()
    {
        if (IsDisabled)
        {
            throw new DomainException($"{Email} is already disabled.");
        }

        IsDisabled = true;
    }

    public void Enable()
    {
        if (!IsDisabled)
        {
            throw new DomainException($"{Email} is not disabled.");
        }

        IsDisabled = false;
    }
}

public static class AppUserTimeZone
{
    public const int MaxLength = 64;
}
