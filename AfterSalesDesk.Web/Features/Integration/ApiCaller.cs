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

    public AuditActor Actor(string origin) => ActorOf(ClientId, Name, origin);

    public static AuditActor ActorOf(int clientId, string name, string origin) =>
        new(null, $"api:{clientId.ToString(CultureInfo.InvariantCulture)}:{name}", AuditRole, origin);

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
