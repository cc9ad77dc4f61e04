using System.Security.Claims;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Web.Components.Account;

namespace AfterSalesDesk.Web.Infrastructure;

/// <summary>
/// Who may see which orders and cases: platform staff who work cases see all; a merchant user sees
/// only its own store's; nobody else sees any. Every order and case query goes through here.
/// </summary>
/// <param name="CustomerId">For a buyer acting through a storefront (<see cref="Roles.Buyer"/>): whose own cases and orders
/// these are. A buyer has no <see cref="CanRead"/>, so every list and report scoped here is empty for them; only
/// <see cref="SeesCase"/> lets a buyer reach their own.</param>
public sealed record CaseAccess(string Role, int? MerchantId, bool CanRead, long? CustomerId = null)
{
    /// <summary>Roles that read orders and cases across all merchants.</summary>
    public static readonly string[] PlatformReaders = [Roles.Agent, Roles.Supervisor, Roles.Manager];

    /// <summary>The claim naming the buyer a storefront's request acts for (with the role <see cref="Roles.Buyer"/>).</summary>
    public const string CustomerIdClaim = "asd:customer_id";

    public static CaseAccess For(ClaimsPrincipal user)
    {
        if (user.IsInRole(Roles.Buyer))
        {
            return long.TryParse(user.FindFirstValue(CustomerIdClaim), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var customerId)
                ? new CaseAccess(Roles.Buyer, null, false, customerId)
                : new CaseAccess("None", null, false);
        }

        var role = Roles.All.FirstOrDefault(user.IsInRole) ?? "None";
        if (role == Roles.Merchant)
        {
            var merchantId = user.GetMerchantId();
            return new CaseAccess(role, merchantId, merchantId is not null);
        }

        return new CaseAccess(role, null, PlatformReaders.Contains(role));
    }

    public bool IsMerchant => Role == Roles.Merchant;

    public bool IsBuyer => Role == Roles.Buyer;

    public bool Sees(int merchantId) => CanRead && (!IsMerchant || MerchantId == merchantId);

    /// <summary>A case (or its order): staff and its merchant as <see cref="Sees"/>, a buyer only their own.</summary>
    public bool SeesCase(int merchantId, long customerId) => IsBuyer ? CustomerId == customerId : Sees(merchantId);

    public IQueryable<T> Scope<T>(IQueryable<T> query, System.Linq.Expressions.Expression<Func<T, int>> merchantOf)
    {
        if (!CanRead)
        {
            return query.Take(0);
        }

        if (!IsMerchant)
        {
            return query;
        }

        var id = MerchantId!.Value;
        var parameter = merchantOf.Parameters[0];
        var body = System.Linq.Expressions.Expression.Equal(merchantOf.Body, System.Linq.Expressions.Expression.Constant(id));
        return query.Where(System.Linq.Expressions.Expression.Lambda<Func<T, bool>>(body, parameter));
    }
}
