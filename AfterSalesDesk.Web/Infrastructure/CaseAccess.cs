using System.Security.Claims;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Web.Components.Account;

namespace AfterSalesDesk.Web.Infrastructure;

/// <summary>
/// Who may see which orders and cases: platform staff who work cases see all; a merchant user sees
/// only its own store's; nobody else sees any. Every order and case query goes through here.
/// </summary>
public sealed record CaseAccess(string Role, int? MerchantId, bool CanRead)
{
    /// <summary>Roles that read orders and cases across all merchants.</summary>
    public static readonly string[] PlatformReaders = [Roles.Agent, Roles.Supervisor, Roles.Manager];

    public static CaseAccess For(ClaimsPrincipal user)
    {
        var role = Roles.All.FirstOrDefault(user.IsInRole) ?? "None";
        if (role == Roles.Merchant)
        {
            var merchantId = user.GetMerchantId();
            return new CaseAccess(role, merchantId, merchantId is not null);
        }

        return new CaseAccess(role, null, PlatformReaders.Contains(role));
    }

    public bool IsMerchant => Role == Roles.Merchant;

    public bool Sees(int merchantId) => CanRead && (!IsMerchant || MerchantId == merchantId);

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
