using System.Security.Cryptography;
using System.Text;
using AfterSalesDesk.Data.Common;

namespace AfterSalesDesk.Data.Integration;

/// <summary>What an API client is: which system calls, and so which scopes it may be given.</summary>
public enum ApiClientKind
{
    /// <summary>The platform's order system: merchants, products, buyers and orders.</summary>
    OrderSystem,

    /// <summary>The buyer's app: after-sales cases on behalf of a buyer.</summary>
    Storefront,

    /// <summary>One merchant's own system: that store's products and orders, nothing else.</summary>
    MerchantSystem,
}

/// <summary>What a client may call. A scope is asked for by name in each endpoint; the kind limits which may be given.</summary>
public static class ApiScopes
{
    public const string MerchantsWrite = "merchants:write";
    public const string ProductsWrite = "products:write";
    public const string BuyersWrite = "buyers:write";
    public const string OrdersWrite = "orders:write";
    public const string OrdersRead = "orders:read";
    public const string BuyerCases = "cases:buyer";

    public static readonly IReadOnlyList<string> All = [MerchantsWrite, ProductsWrite, BuyersWrite, OrdersWrite, OrdersRead, BuyerCases];

    public static IReadOnlyList<string> AllowedFor(ApiClientKind kind) => kind switch
    {
        ApiClientKind.OrderSystem => [MerchantsWrite, ProductsWrite, BuyersWrite, OrdersWrite, OrdersRead],
        ApiClientKind.Storefront => [BuyerCases, OrdersRead],
        ApiClientKind.MerchantSystem => [ProductsWrite, OrdersRead],
        _ => [],
    };
}

/// <summary>
/// A system allowed to call the API (issue 18). Its secrets are stored only as hashes and shown once; a rotation
/// issues a new secret and lets the old ones work for an overlap so the caller can switch without downtime; a revoke
/// ends every secret at once. A merchant system's client is bound to its store and reaches nothing else.
/// </summary>
public class ApiClient
{
    public const int NameLength = 100;

    private readonly List<ApiClientSecret> secrets = [];

    private ApiClient()
    {
    }

    public int Id { get; private set; }

    public string Name { get; private set; } = "";

    public ApiClientKind Kind { get; private set; }

    /// <summary>Scopes separated by spaces, as in OAuth 2.0.</summary>
    public string Scopes { get; private set; } = "";

    /// <summary>The store a merchant system's client is bound to; null for the other kinds.</summary>
    public int? MerchantId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string CreatedBy { get; private set; } = "";

    public DateTimeOffset? RevokedAt { get; private set; }

    public string? RevokedBy { get; private set; }

    public Guid Version { get; private set; }

    public IReadOnlyList<ApiClientSecret> Secrets => secrets;

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public bool IsRevoked => RevokedAt is not null;

    public bool HasScope(string scope) => ScopeList.Contains(scope, StringComparer.Ordinal);

    /// <summary>A new client and its first secret, which is returned here and never again.</summary>
    public static (ApiClient Client, string Secret) Create(
        string name, ApiClientKind kind, IEnumerable<string> scopes, int? merchantId, string createdBy, DateTimeOffset now)
    {
        var trimmed = (name ?? "").Trim();
        if (trimmed.Length == 0 || trimmed.Length > NameLength)
        {
            throw new DomainException($"Give the client a name of 1 to {NameLength} characters.");
        }

        if (!Enum.IsDefined(kind))
        {
            throw new DomainException("Choose what kind of system the client is.");
        }

        if ((kind == ApiClientKind.MerchantSystem) != (merchantId is not null))
        {
            throw new DomainException(kind == ApiClientKind.MerchantSystem
                ? "A merchant system's client belongs to one store: choose the merchant."
                : "Only a merchant system's client is bound to a store.");
        }

        var chosen = scopes.Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (chosen.Count == 0)
        {
            throw new DomainException("Choose at least one scope.");
        }

        var allowed = ApiScopes.AllowedFor(kind);
        var refused = chosen.Where(s => !allowed.Contains(s, StringComparer.Ordinal)).ToList();
        if (refused.Count > 0)
        {
            throw new DomainException($"A {kind} client cannot have {string.Join(", ", refused)}; it may have {string.Join(", ", allowed)}.");
        }

        var client = new ApiClient
        {
            Name = trimmed,
            Kind = kind,
            Scopes = string.Join(' ', allowed.Where(chosen.Contains)),
            MerchantId = merchantId,
            CreatedAt = now,
            CreatedBy = createdBy,
            Version = Guid.NewGuid(),
        };
        var (secret, token) = ApiClientSecret.Issue(now);
        client.secrets.Add(secret);
        return (client, token);
    }

    /// <summary>
    /// Issues a new secret. The secrets in use keep working for <paramref name="overlap"/> (zero ends them now), so the
    /// caller can deploy the new one first; the new secret is returned here and never again.
    /// </summary>
    public string Rotate(TimeSpan overlap, DateTimeOffset now)
    {
        EnsureActive();
        if (overlap < TimeSpan.Zero || overlap > TimeSpan.FromDays(30))
        {
            throw new DomainException("The old secret may keep working from 0 to 30 days.");
        }

        foreach (var old in secrets.Where(s => s.IsValidAt(now)))
        {
            old.ExpireAt(now + overlap);
        }

        var (secret, token) = ApiClientSecret.Issue(now);
        secrets.Add(secret);
        Version = Guid.NewGuid();
        return token;
    }

    /// <summary>Ends the client and every secret at once; a revoked client stays listed, with who revoked it.</summary>
    public void Revoke(string revokedBy, DateTimeOffset now)
    {
        EnsureActive();
        RevokedAt = now;
        RevokedBy = revokedBy;
        foreach (var secret in secrets.Where(s => s.IsValidAt(now)))
        {
            secret.ExpireAt(now);
        }

        Version = Guid.NewGuid();
    }

    private void EnsureActive()
    {
        if (IsRevoked)
        {
            throw new DomainException($"Client {Name} was revoked; create a new one.");
        }
    }
}

/// <summary>
/// One secret of a client. The token given to the caller is <c>asd_&lt;key id&gt;_&lt;secret&gt;</c>: the key id finds this
/// row, and only the SHA-256 of the whole token is kept. The secret has 256 random bits, so a fast hash is enough (no
/// password stretching is needed against guessing), and the comparison takes the same time whatever matches.
/// </summary>
public class ApiClientSecret
{
    public const string Prefix = "asd_";

    private ApiClientSecret()
    {
    }

    public long Id { get; private set; }

    public int ClientId { get; private set; }

    /// <summary>16 hex characters, public: it names the secret in logs and in the token.</summary>
    public string KeyId { get; private set; } = "";

    /// <summary>SHA-256 of the whole token, lower-case hex.</summary>
    public string Hash { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When it stops working (rotation's overlap or a revoke); null while it is the current secret.</summary>
    public DateTimeOffset? ExpiresAt { get; private set; }

    public bool IsValidAt(DateTimeOffset now) => ExpiresAt is not { } end || now < end;

    /// <summary>The key id a token names, or null when the token is not one of ours.</summary>
    public static string? KeyIdOf(string token)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length != Prefix.Length + 16 + 1 + 43 || token[Prefix.Length + 16] != '_')
        {
            return null;
        }

        var keyId = token.Substring(Prefix.Length, 16);
        return keyId.All(char.IsAsciiHexDigitLower) ? keyId : null;
    }

    public bool Matches(string token) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashOf(token)), Encoding.ASCII.GetBytes(Hash));

    internal static (ApiClientSecret Secret, string Token) Issue(DateTimeOffset now)
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var token = Prefix + keyId + "_" + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return (new ApiClientSecret { KeyId = keyId, Hash = HashOf(token), CreatedAt = now }, token);
    }

    internal void ExpireAt(DateTimeOffset end)
    {
        if (ExpiresAt is not { } current || end < current)
        {
            ExpiresAt = end;
        }
    }

    private static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
