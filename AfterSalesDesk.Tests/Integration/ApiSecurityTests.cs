using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Integration;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Integration;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSalesDesk.Tests.Integration;

/// <summary>
/// Every endpoint of <c>/api/v1</c>, found from the app's own route table, asked with no key, a malformed key, a wrong
/// secret, a revoked client, a replaced secret past its overlap, a client without the endpoint's scope, and a merchant's
/// client naming another store: each refused as it should be, nothing of the other store in any answer, and every
/// refusal of a known client in the audit trail.
/// </summary>
public sealed class ApiSecurityTests : IAsyncLifetime, IDisposable
{
    private readonly AppFactory app = new();
    private string orderSystem = "";
    private int orderSystemId;
    private HttpClient orders = default!;

    public async Task InitializeAsync()
    {
        (orderSystemId, orderSystem) = await app.CreateApiClientAsync(ApiClientKind.OrderSystem);
        orders = app.ApiHttpClient(orderSystem);
        await OrderSyncApiTestsBase.SeedStoreAsync(orders, "OWN-1", "Own Store");
        await OrderSyncApiTestsBase.SeedStoreAsync(orders, "RIVAL-2", "Rival Store Secret Name");
        var placedAt = app.Clock.GetUtcNow().AddDays(-2);
        await orders.PutJsonAsync("/api/v1/orders/SO-OWN-1", OrderSyncApiTestsBase.Order("OWN-1", placedAt, paid: true)).EnsureOkAsync();
        await orders.PutJsonAsync("/api/v1/orders/SO-RIVAL-1", OrderSyncApiTestsBase.Order("RIVAL-2", placedAt, paid: true)).EnsureOkAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        orders.Dispose();
        app.Dispose();
    }

    /// <summary>Each API endpoint as (method, path with the rival store's ids, scope it needs).</summary>
    private List<(string Method, string Path, string Scope)> Endpoints() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .Select(e => (
                e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods.Single(),
                e.RoutePattern.RawText!.Replace("{code}", "RIVAL-2").Replace("{merchant}", "RIVAL-2").Replace("{sku}", "KETTLE-1").Replace("{orderNo}", "SO-RIVAL-1")
                    .Replace("{buyer}", "RIVAL-BUYER").Replace("{caseNo}", "AS-RIVAL-1"),
                e.Metadata.GetMetadata<ApiEndpoints.RequiredScope>()!.Scope))
            .ToList();

    /// <summary>A request that would succeed for a client allowed to make it: a valid body for the endpoint.</summary>
    private HttpRequestMessage Request(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        object? body = (method, path) switch
        {
            ("PUT", _) when path.Contains("/products/", StringComparison.Ordinal) => new { name = "Taken over", category = "X", priceMinor = 1, warrantyMonths = 0 },
            ("PUT", _) when path.StartsWith("/api/v1/orders/", StringComparison.Ordinal) => OrderSyncApiTestsBase.Order("RIVAL-2", app.Clock.GetUtcNow().AddDays(-2), paid: true, shipped: true),
            ("PUT", _) => new { name = "Taken over", phone = "1", city = "X" },
            ("POST", "/api/v1/products/batch") => new { items = new[] { new { merchant = "RIVAL-2", sku = "KETTLE-1", name = "Taken over", category = "X", priceMinor = 1, warrantyMonths = 0 } } },
            ("POST", _) when path.EndsWith("/cases", StringComparison.Ordinal) => new { orderNo = "SO-RIVAL-1", kind = "refundOnly", reason = "Quality problem", lines = new[] { new { lineId = 1, quantity = 1 } } },
            ("POST", _) when path.EndsWith("/messages", StringComparison.Ordinal) => new { body = "Hello" },
            ("POST", _) when path.EndsWith("/return-shipment", StringComparison.Ordinal) => new { carrier = "SF Express", trackingNo = "SF1234567890" },
            ("POST", _) when path.EndsWith("/counter-offer", StringComparison.Ordinal) || path.EndsWith("/repair-quote", StringComparison.Ordinal) => new { accept = true },
            ("POST", _) when path.EndsWith("/cancel", StringComparison.Ordinal) => new { reason = "Changed my mind" },
            ("POST", _) when path.EndsWith("/dispute", StringComparison.Ordinal) => new { summary = "The goods were broken." },
            ("POST", _) when path.EndsWith("/rating", StringComparison.Ordinal) => new { stars = 5 },
            ("POST", _) when path.EndsWith("/evidence", StringComparison.Ordinal) => new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4\n"u8.ToArray()), "file", "a.pdf" } },
            ("POST", "/api/v1/orders/batch") => new { items = new[] { OrderSyncApiTestsBase.Merge(OrderSyncApiTestsBase.Order("RIVAL-2", app.Clock.GetUtcNow().AddDays(-2), paid: true, shipped: true), "SO-RIVAL-1") } },
            ("POST", _) => new { items = new[] { new { code = "RIVAL-2", name = "Taken over" } } },
            _ => null,
        };
        if (body is not null)
        {
            request.Content = body as HttpContent ?? JsonContent.Create(body);
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        }

        return request;
    }

    /// <summary>What only the rival store's own records say; a refusal must never carry it.</summary>
    private const string RivalSecret = "Secret Name";

    [Fact]
    public void TheApiHasTheEndpointsThisTestExpects_EachWithAScope()
    {
        var endpoints = Endpoints();
        Assert.Equal(24, endpoints.Count); // 13 of the order system's, 11 of the storefront's
        Assert.All(endpoints, e => Assert.Contains(e.Scope, ApiScopes.All));
    }

    [Fact]
    public async Task EveryEndpoint_WithoutAValidSecret_Is401_AsAProblem()
    {
        var (revokedId, revoked) = await app.CreateApiClientAsync(ApiClientKind.OrderSystem, name: "Revoked system");
        await using (var db = app.CreateDbContext())
        {
            db.AuditAs(AuditActor.Cli("test"), "api-client.revoke", app.Clock);
            var client = await db.ApiClients.Include(c => c.Secrets).SingleAsync(c => c.Id == revokedId);
            client.Revoke("test", app.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }

        var wrongSecret = orderSystem[..^4] + (orderSystem.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        var failures = new List<string>();
        foreach (var (method, path, _) in Endpoints())
        {
            foreach (var (what, header) in new (string, string?)[] { ("no key", null), ("not ours", "Bearer sk_live_123"), ("wrong secret", "Bearer " + wrongSecret), ("revoked", "Bearer " + revoked), ("basic", "Basic " + orderSystem) })
            {
                using var http = app.ApiHttpClient(null);
                using var request = Request(method, path);
                if (header is not null)
                {
                    request.Headers.TryAddWithoutValidation("Authorization", header);
                }

                using var response = await http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.Unauthorized || response.Content.Headers.ContentType?.MediaType != "application/problem+json"
                    || !response.Headers.WwwAuthenticate.Any(h => h.Scheme == "Bearer") || body.Contains(RivalSecret, StringComparison.Ordinal))
                {
                    failures.Add($"{method} {path} with {what}: {(int)response.StatusCode} {body}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        await using var check = app.CreateDbContext();
        var denials = await check.AuditEntries.Where(e => e.Action == "api.authenticate" && e.Outcome == AuditOutcome.Denied).ToListAsync();
        Assert.Equal(Endpoints().Count * 2, denials.Count); // wrong secret and revoked name a client; the others name none
        Assert.Contains(denials, d => d.Detail!.Contains("not valid", StringComparison.Ordinal) && d.Role == ApiCaller.AuditRole);
        Assert.Contains(denials, d => d.Detail!.Contains("was revoked", StringComparison.Ordinal) && d.UserName.EndsWith(":Revoked system", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryEndpoint_ForAClientWithoutItsScope_Is403_AndTheRefusalIsAudited()
    {
        var failures = new List<string>();
        foreach (var (method, path, scope) in Endpoints())
        {
            var kind = scope == ApiScopes.BuyerCases ? ApiClientKind.Storefront : ApiClientKind.OrderSystem;
            var others = ApiScopes.AllowedFor(kind).Where(s => s != scope).ToList();
            var (_, secret) = await app.CreateApiClientAsync(kind, others, name: "Without " + scope);
            using var http = app.ApiHttpClient(secret);
            using var response = await http.SendAsync(Request(method, path));
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.Forbidden || !body.Contains(scope, StringComparison.Ordinal) || body.Contains(RivalSecret, StringComparison.Ordinal))
            {
                failures.Add($"{method} {path} without {scope}: {(int)response.StatusCode} {body}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        await using var db = app.CreateDbContext();
        Assert.Equal(Endpoints().Count, await db.AuditEntries.CountAsync(e => e.Action == "api.scope" && e.Outcome == AuditOutcome.Denied));
    }

    [Fact]
    public async Task AMerchantsClient_NamingAnotherStore_Gets404LikeForNothing_AndSeesOnlyItsOwnOrders()
    {
        int own;
        await using (var db = app.CreateDbContext())
        {
            own = await db.Merchants.Where(m => m.Code == "OWN-1").Select(m => m.Id).SingleAsync();
        }

        var (_, secret) = await app.CreateApiClientAsync(ApiClientKind.MerchantSystem, merchantId: own, name: "Own store's ERP");
        using var http = app.ApiHttpClient(secret);
        var failures = new List<string>();
        foreach (var (method, path, scope) in Endpoints().Where(e => ApiScopes.AllowedFor(ApiClientKind.MerchantSystem).Contains(e.Scope) && !e.Path.EndsWith("/batch", StringComparison.Ordinal)))
        {
            using var response = await http.SendAsync(Request(method, path));
            var body = await response.Content.ReadAsStringAsync();
            var expected = path == "/api/v1/orders" ? HttpStatusCode.OK : HttpStatusCode.NotFound;
            if (response.StatusCode != expected || body.Contains(RivalSecret, StringComparison.Ordinal))
            {
                failures.Add($"{method} {path} ({scope}) as the own store's client: {(int)response.StatusCode} {body}");
            }
        }

        using (var products = await http.PostJsonAsync("/api/v1/products/batch", new
        {
            items = new object[]
            {
                new { merchant = "RIVAL-2", sku = "KETTLE-1", name = "Taken over", category = "X", priceMinor = 1, warrantyMonths = 0 },
                new { merchant = "OWN-1", sku = "NEW-9", name = "Own new product", category = "Kitchen", priceMinor = 100, warrantyMonths = 6 },
            },
        }, "own-products"))
        {
            var result = await products.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal([404, 201], result.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("status").GetInt32()));
        }

        var list = await http.GetFromJsonAsync<JsonElement>("/api/v1/orders");
        Assert.Equal(["SO-OWN-1"], list.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("orderNo").GetString()));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        await using var check = app.CreateDbContext();
        Assert.Equal("Kettle 1.7 L", await check.Products.Where(p => p.Sku == "KETTLE-1" && p.Merchant!.Code == "RIVAL-2").Select(p => p.Name).SingleAsync());
    }

    [Fact]
    public async Task ARotatedSecret_WorksThroughTheOverlap_ThenOnlyTheNewOne()
    {
        string fresh;
        await using (var db = app.CreateDbContext())
        {
            db.AuditAs(AuditActor.Cli("test"), "api-client.rotate", app.Clock);
            var client = await db.ApiClients.Include(c => c.Secrets).SingleAsync(c => c.Id == orderSystemId);
            fresh = client.Rotate(TimeSpan.FromHours(2), app.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }

        using var newClient = app.ApiHttpClient(fresh);
        Assert.Equal(HttpStatusCode.OK, (await orders.GetAsync("/api/v1/merchants/OWN-1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await newClient.GetAsync("/api/v1/merchants/OWN-1")).StatusCode);

        app.Clock.Advance(TimeSpan.FromHours(2));
        using var old = await orders.GetAsync("/api/v1/merchants/OWN-1");
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        Assert.Contains("was replaced", await old.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await newClient.GetAsync("/api/v1/merchants/OWN-1")).StatusCode);
    }

    [Fact]
    public async Task AStaffSessionCookie_DoesNotOpenTheApi()
    {
        using var browser = app.CreateBrowserLikeClient();
        await browser.LoginAsync("admin@demo.local", AppFactory.DemoPassword);

        using var response = await browser.GetAsync("/api/v1/orders/SO-OWN-1");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task TheOpenApiDocument_IsPublic_AndListsTheApiOnly()
    {
        using var http = app.ApiHttpClient(null);
        var document = await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.All(paths, p => Assert.StartsWith("/api/v1/", p, StringComparison.Ordinal));
        Assert.Contains("/api/v1/orders/{orderNo}", paths);
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
    }
}

/// <summary>The per-client rate limit: past its burst a client is told 429 with Retry-After; another client is not slowed.</summary>
public sealed class ApiRateLimitTests : IDisposable
{
    private readonly AppFactory app = new(settings: new Dictionary<string, string?> { ["Api:RequestsPerSecond"] = "1", ["Api:Burst"] = "3" });

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task PastItsBurst_AClientIsTold429WithRetryAfter_AndAnotherClientIsNot()
    {
        var (_, busy) = await app.CreateApiClientAsync(ApiClientKind.OrderSystem, name: "Busy");
        var (_, calm) = await app.CreateApiClientAsync(ApiClientKind.OrderSystem, name: "Calm");
        using var busyHttp = app.ApiHttpClient(busy);
        using var calmHttp = app.ApiHttpClient(calm);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 6; i++)
        {
            var response = await busyHttp.GetAsync("/api/v1/orders");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
        }

        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.NotNull(refused);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.ToString());
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await calmHttp.GetAsync("/api/v1/orders")).StatusCode);
    }
}
