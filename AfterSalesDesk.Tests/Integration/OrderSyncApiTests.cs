using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Integration;
using AfterSalesDesk.Data.Providers;
using AfterSalesDesk.Data.Orders;
using AfterSalesDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Integration;

/// <summary>
/// The order system's API over HTTP against the real app and a real SQLite file: upserts by external ids, the order's
/// legal steps, batches reported per item, problem documents, If-Match and the audit trail.
/// </summary>
public abstract class OrderSyncApiTestsBase(DatabaseProvider provider) : IAsyncLifetime, IDisposable
{
    private readonly AppFactory app = new(provider: provider);
    private HttpClient http = default!;

    public async Task InitializeAsync()
    {
        var (_, secret) = await app.CreateApiClientAsync(ApiClientKind.OrderSystem, name: "Order system");
        http = app.ApiHttpClient(secret);
        await SeedStoreAsync(http, "TS-1", "Test Store One");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        http.Dispose();
        app.Dispose();
    }

    /// <summary>A store with two products and a buyer, through the API.</summary>
    internal static async Task SeedStoreAsync(HttpClient http, string store, string name)
    {
        await http.PutJsonAsync($"/api/v1/merchants/{store}", new { name }).EnsureOkAsync();
        await http.PutJsonAsync($"/api/v1/merchants/{store}/products/KETTLE-1", new { name = "Kettle 1.7 L", category = "Kitchen", priceMinor = 19900, warrantyMonths = 12 }).EnsureOkAsync();
        await http.PutJsonAsync($"/api/v1/merchants/{store}/products/CUP-2", new { name = "Cup", category = "Kitchen", priceMinor = 2500, warrantyMonths = 0 }).EnsureOkAsync();
        await http.PutJsonAsync("/api/v1/buyers/B-77", new { name = "买家 七七", phone = "13800000077", city = "Hangzhou" }).EnsureOkAsync();
    }

    internal static object Order(string store, DateTimeOffset placedAt, bool paid = false, bool shipped = false, bool delivered = false) => new
    {
        merchant = store,
        buyer = "B-77",
        shippingFeeMinor = 800,
        placedAt,
        lines = new object[] { new { sku = "KETTLE-1", quantity = 1, unitPriceMinor = 19900, discountMinor = 1000 }, new { sku = "CUP-2", quantity = 2, unitPriceMinor = 2500 } },
        payment = paid ? new { amountMinor = 19900 - 1000 + 5000 + 800, method = "alipay", transactionNo = $"PAY-{store}-{placedAt.Ticks}", paidAt = placedAt.AddMinutes(1) } : null,
        shipment = shipped ? new { carrier = "SF Express", trackingNo = "SF" + placedAt.Ticks, shippedAt = placedAt.AddHours(5) } : null,
        deliveredAt = delivered ? placedAt.AddDays(2) : (DateTimeOffset?)null,
    };

    private DateTimeOffset Earlier(double days) => app.Clock.GetUtcNow().AddDays(-days);

    [Fact]
    public async Task Merchant_PutTwice_CreatesThenReportsUnchanged_AndARenameIsAuditedWithTheClientAsActor()
    {
        using var created = await http.PutJsonAsync("/api/v1/merchants/TS-2", new { name = "Second" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/v1/merchants/TS-2", created.Headers.Location?.ToString());
        var etag = created.Headers.ETag?.Tag;
        Assert.NotNull(etag);

        using var same = await http.PutJsonAsync("/api/v1/merchants/TS-2", new { name = "Second" });
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal(etag, same.Headers.ETag?.Tag);

        using var renamed = await http.PutJsonAsync("/api/v1/merchants/TS-2", new { name = "Second, renamed" });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.NotEqual(etag, renamed.Headers.ETag?.Tag);
        Assert.Equal("Second, renamed", (await renamed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());

        await using var db = app.CreateDbContext();
        var change = await db.AuditEntries.Where(e => e.EntityType == "Merchant" && e.Action == "api.merchant.upsert" && e.Changes != null && e.Changes.Contains("Second, renamed"))
            .SingleAsync();
        Assert.StartsWith("api:", change.UserName, StringComparison.Ordinal);
        Assert.EndsWith(":Order system", change.UserName, StringComparison.Ordinal);
        Assert.Equal("ApiClient", change.Role);
    }

    [Fact]
    public async Task Order_MovesThroughItsSteps_AndGetShowsLinesPaymentAndShipment()
    {
        var placedAt = Earlier(3);
        using var placed = await http.PutJsonAsync("/api/v1/orders/SO-T-1", Order("TS-1", placedAt));
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        using var shipped = await http.PutJsonAsync("/api/v1/orders/SO-T-1", Order("TS-1", placedAt, paid: true, shipped: true));
        Assert.Equal(HttpStatusCode.OK, shipped.StatusCode);

        var order = await http.GetFromJsonAsync<JsonElement>("/api/v1/orders/SO-T-1");
        Assert.Equal("shipped", order.GetProperty("status").GetString());
        Assert.Equal(19900 - 1000 + 5000 + 800, order.GetProperty("amountDueMinor").GetInt64());
        Assert.Equal(2, order.GetProperty("lines").GetArrayLength());
        Assert.True(order.GetProperty("lines")[0].GetProperty("id").GetInt64() > 0);
        Assert.Equal("SF Express", order.GetProperty("shipment").GetProperty("carrier").GetString());

        await using var db = app.CreateDbContext();
        var stored = await db.Orders.Include(o => o.Payments).SingleAsync(o => o.OrderNo == "SO-T-1");
        Assert.Equal(OrderStatus.Shipped, stored.Status);
        Assert.Equal(PaymentMethod.Alipay, stored.Payments.Single().Method);
    }

    [Fact]
    public async Task Order_DeliveredBeforeShipped_Is409WithTheReason_AndChangesNothing()
    {
        var placedAt = Earlier(3);
        await http.PutJsonAsync("/api/v1/orders/SO-T-2", Order("TS-1", placedAt, paid: true)).EnsureOkAsync();
        var before = await http.GetAsync("/api/v1/orders/SO-T-2");
        var etag = before.Headers.ETag?.Tag;

        using var response = await http.PutJsonAsync("/api/v1/orders/SO-T-2", Order("TS-1", placedAt, paid: true, delivered: true));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(409, problem.GetProperty("status").GetInt32());
        Assert.Equal("Order SO-T-2 is Paid; it cannot become Delivered.", problem.GetProperty("detail").GetString());
        using var after = await http.GetAsync("/api/v1/orders/SO-T-2");
        Assert.Equal(etag, after.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Order_AnUpdateThatLeavesOutTheRecordedPayment_IsRefused_AndWhatWasPlacedCannotChange()
    {
        var placedAt = Earlier(3);
        await http.PutJsonAsync("/api/v1/orders/SO-T-3", Order("TS-1", placedAt, paid: true)).EnsureOkAsync();

        using var backwards = await http.PutJsonAsync("/api/v1/orders/SO-T-3", Order("TS-1", placedAt));
        Assert.Equal(HttpStatusCode.Conflict, backwards.StatusCode);
        Assert.Contains("cannot take the payment back", await backwards.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var relined = await http.PutJsonAsync("/api/v1/orders/SO-T-3", new
        {
            merchant = "TS-1", buyer = "B-77", shippingFeeMinor = 800, placedAt,
            lines = new object[] { new { sku = "CUP-2", quantity = 9, unitPriceMinor = 2500 } },
        });
        Assert.Equal(HttpStatusCode.Conflict, relined.StatusCode);
        Assert.Contains("what was placed cannot change", await relined.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Order_PaidWithATransactionThatPaidAnotherOrder_Is409_NotAServerError()
    {
        var placedAt = Earlier(3);
        await http.PutJsonAsync("/api/v1/orders/SO-T-6", Order("TS-1", placedAt, paid: true)).EnsureOkAsync();

        using var response = await http.PutJsonAsync("/api/v1/orders/SO-T-7", Order("TS-1", placedAt, paid: true));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains($"PAY-TS-1-{placedAt.Ticks} already paid order SO-T-6", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Order_InvalidFields_Are422WithAnErrorPerField()
    {
        using var response = await http.PutJsonAsync("/api/v1/orders/SO-T-4", new
        {
            merchant = "TS-1", buyer = "", shippingFeeMinor = -5, placedAt = app.Clock.GetUtcNow().AddDays(2),
            lines = new object[] { new { sku = "CUP-2", quantity = 0, unitPriceMinor = 2500 }, new { sku = "bad sku!", quantity = 1, unitPriceMinor = 1 } },
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "buyer", "shippingFeeMinor", "placedAt", "lines[0].quantity", "lines[1].sku" })
        {
            Assert.True(errors.TryGetProperty(field, out var messages) && messages.GetArrayLength() > 0, $"no error for {field}: {errors}");
        }

        await using var db = app.CreateDbContext();
        Assert.False(await db.Orders.AnyAsync(o => o.OrderNo == "SO-T-4"));
    }

    [Fact]
    public async Task Body_WithAFieldTheApiDoesNotKnow_Is400NamingIt()
    {
        using var response = await http.PutJsonAsync("/api/v1/merchants/TS-5", new { name = "Five", nmae = "typo" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("nmae", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_AppliesTheGoodItems_AndReportsEachRefusalWithItsStatus()
    {
        var placedAt = Earlier(4);
        var good = Order("TS-1", placedAt, paid: true, shipped: true, delivered: true);
        var body = new
        {
            items = new object[]
            {
                Merge(good, "SO-B-1"),
                Merge(Order("TS-1", placedAt, paid: false, shipped: true), "SO-B-2"),
                Merge(Order("NO-SUCH-STORE", placedAt), "SO-B-3"),
                new { orderNo = "SO-B-4", merchant = "TS-1" },
            },
        };

        using var response = await http.PostJsonAsync("/api/v1/orders/batch", body, "batch-1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, result.GetProperty("created").GetInt32());
        Assert.Equal(3, result.GetProperty("rejected").GetInt32());
        var items = result.GetProperty("items");
        Assert.Equal([201, 409, 404, 422], items.EnumerateArray().Select(i => i.GetProperty("status").GetInt32()));
        Assert.Equal("Order SO-B-2 is Created; it cannot become Shipped.", items[1].GetProperty("problem").GetProperty("detail").GetString());
        Assert.True(items[3].GetProperty("problem").GetProperty("errors").TryGetProperty("lines", out _));

        await using var db = app.CreateDbContext();
        Assert.Equal(["SO-B-1"], await db.Orders.Where(o => o.OrderNo.StartsWith("SO-B-")).Select(o => o.OrderNo).ToListAsync());
        Assert.Equal(OrderStatus.Delivered, (await db.Orders.SingleAsync(o => o.OrderNo == "SO-B-1")).Status);
        var summary = await db.AuditEntries.Where(e => e.Action == "api.order.upsert" && e.EntityType == "Order" && e.Changes == null).OrderBy(e => e.Sequence).LastAsync();
        Assert.Contains("1 created", summary.Detail, StringComparison.Ordinal);
        Assert.Contains("SO-B-2", summary.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_OfMoreThan500_IsRefusedWhole()
    {
        var items = Enumerable.Range(0, 501).Select(i => new { code = $"BULK-{i}", name = "Bulk" }).ToArray();

        using var response = await http.PostJsonAsync("/api/v1/merchants/batch", new { items }, "too-big");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("From 1 to 500 items; this has 501.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var db = app.CreateDbContext();
        Assert.False(await db.Merchants.AnyAsync(m => m.Code.StartsWith("BULK-")));
    }

    [Fact]
    public async Task Put_WithAStaleIfMatch_Is412_WithTheCurrentOne200()
    {
        using var read = await http.GetAsync("/api/v1/buyers/B-77");
        var etag = read.Headers.ETag!.Tag;
        await http.PutJsonAsync("/api/v1/buyers/B-77", new { name = "买家 七七", phone = "13800000078", city = "Hangzhou" }).EnsureOkAsync();

        using var stale = await http.PutJsonAsync("/api/v1/buyers/B-77", new { name = "Someone else", phone = "1", city = "X" }, ifMatch: etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);

        using var fresh = await http.GetAsync("/api/v1/buyers/B-77");
        using var ok = await http.PutJsonAsync("/api/v1/buyers/B-77", new { name = "买家 七七", phone = "13800000079", city = "Hangzhou" }, ifMatch: fresh.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("13800000079", (await http.GetFromJsonAsync<JsonElement>("/api/v1/buyers/B-77")).GetProperty("phone").GetString());
    }

    [Fact]
    public async Task Get_WithTheCurrentETag_Is304()
    {
        using var read = await http.GetAsync("/api/v1/merchants/TS-1");
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/merchants/TS-1");
        request.Headers.TryAddWithoutValidation("If-None-Match", read.Headers.ETag!.Tag);

        using var again = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
    }

    [Fact]
    public async Task ListOrders_PagesWithACursor_EveryOrderOnce()
    {
        var placedAt = Earlier(5);
        var items = Enumerable.Range(1, 7).Select(i => Merge(Order("TS-1", placedAt), $"SO-L-{i}")).ToArray();
        await http.PostJsonAsync("/api/v1/orders/batch", new { items }, "list-seed").EnsureOkAsync();

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await http.GetFromJsonAsync<JsonElement>($"/api/v1/orders?merchant=TS-1&limit=3{(cursor is null ? "" : "&cursor=" + cursor)}");
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("orderNo").GetString()!));
            cursor = page.GetProperty("next").GetString();
        }
        while (cursor is not null);

        Assert.Equal(Enumerable.Range(1, 7).Select(i => $"SO-L-{i}"), seen);
        using var bad = await http.GetAsync("/api/v1/orders?cursor=not-ours");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    /// <summary>The order's fields with its number, as a batch item.</summary>
    internal static Dictionary<string, object?> Merge(object order, string orderNo)
    {
        var fields = JsonSerializer.SerializeToElement(order, new JsonSerializerOptions(JsonSerializerDefaults.Web)).EnumerateObject()
            .ToDictionary(p => p.Name, p => (object?)p.Value);
        fields["orderNo"] = orderNo;
        return fields;
    }
}

/// <summary>On SQLite, the embedded default.</summary>
public sealed class OrderSyncApiTests() : OrderSyncApiTestsBase(DatabaseProvider.Sqlite);

/// <summary>On the tests' PostgreSQL server.</summary>
public sealed class OrderSyncApiOnPostgreSqlTests() : OrderSyncApiTestsBase(DatabaseProvider.PostgreSql);
