using System.Globalization;
using System.Security.Claims;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Integration;
using AfterSalesDesk.Web.Components.Account;

namespace AfterSalesDesk.Web.Features.Integration;

/// <summary>
/// The API client behind a request, as its authentication found it: which client, which secret, its scopes and, for a
/// merchant system, its store. It never carries a staff role, so no page or staff service treats it as a person.
/// </summary>
public sealed record ApiCaller(int ClientId, string Name, ApiClientKind Kind, int? MerchantId, IReadOnlyList<string> Scopes, string KeyId)
{
    public const string Scheme = "ApiClient";
    public const string ClientIdClaim = "asd:api_client";
    public const string KindClaim = "asd:api_kind";
    public const string KeyIdClaim = "asd:api_key";
    public const string ScopeClaim = "scope";

    /// <summary>The role written into audit entries for calls by API clients.</summary>
    public const string AuditRole = "ApiClient";

    public bool Has(string scope) => Scopes.Contains(scope, StringComparer.Ordinal);

    /// <summary>Whether this caller may reach a store's data: a merchant system only its own store.</summary>
    public bool Sees(int merchantId) => MerchantId is not { } own || own == merchantId;

    /// <summary>The claim naming the buyer's account number when a storefront acts for a buyer (<see cref="ForBuyer"/>).</summary>
    public const string BuyerCodeClaim = "asd:buyer_code";

    /// <param name="buyerCode">The buyer a storefront acts for, named in the entry after the client.</param>
    public AuditActor Actor(string origin, string? buyerCode = null) => ActorOf(ClientId, buyerCode is null ? Name : $"{Name} for buyer {buyerCode}", origin);

    public static AuditActor ActorOf(int clientId, string name, string origin) =>
        new(null, $"api:{clientId.ToString(CultureInfo.InvariantCulture)}:{name}", AuditRole, origin);

    /// <summary>The buyer a request acts for, when a storefront acts for one; else null.</summary>
    public static string? BuyerOf(ClaimsPrincipal user) => user.IsInRole(Data.Identity.Roles.Buyer) ? user.FindFirstValue(BuyerCodeClaim) : null;

    /// <summary>
    /// This client acting for a buyer: the role <see cref="Data.Identity.Roles.Buyer"/> and the buyer's id, so the case
    /// services apply their buyer rules (their own cases only, what a buyer may do) with no second implementation.
    /// </summary>
    public ClaimsPrincipal ForBuyer(long customerId, string buyerCode)
    {
        var principal = ToPrincipal();
        var identity = (ClaimsIdentity)principal.Identity!;
        identity.AddClaim(new Claim(ClaimTypes.Role, Data.Identity.Roles.Buyer));
        identity.AddClaim(new Claim(Infrastructure.CaseAccess.CustomerIdClaim, customerId.ToString(CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(BuyerCodeClaim, buyerCode));
        return principal;
    }

    public ClaimsPrincipal ToPrincipal()
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, "api:" + ClientId.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, Name),
            new(ClientIdClaim, ClientId.ToString(CultureInfo.InvariantCulture)),
            new(KindClaim, Kind.ToString()),
            new(KeyIdClaim, KeyId),
        };
        claims.AddRange(Scopes.Select(s => new Claim(ScopeClaim, s)));
        if (MerchantId is { } merchantId)
        {
            claims.Add(new Claim(SessionClaims.MerchantId, merchantId.ToString(CultureInfo.InvariantCulture)));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme));
    }

    /// <summary>The caller of a request authenticated as an API client, else null (a person, or nobody).</summary>
    public static ApiCaller? Of(ClaimsPrincipal user)
    {
        var identity = user.Identities.FirstOrDefault(i => i.AuthenticationType == Scheme && i.IsAuthenticated);
        if (identity is null
            || !int.TryParse(identity.FindFirst(ClientIdClaim)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var clientId)
            || !Enum.TryParse<ApiClientKind>(identity.FindFirst(KindClaim)?.Value, out var kind))
        {
            return null;
        }

        return new ApiCaller(
            clientId, identity.FindFirst(ClaimTypes.Name)?.Value ?? "", kind, user.GetMerchantId(),
            identity.FindAll(ScopeClaim).Select(c => c.Value).ToList(), identity.FindFirst(KeyIdClaim)?.Value ?? "");
    }
}
