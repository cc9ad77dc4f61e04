using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Customers;
using AfterSalesDesk.Data.Integration;
using AfterSalesDesk.Data.Merchants;
using AfterSalesDesk.Data.Orders;
using AfterSalesDesk.Data.Products;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Web.Features.Integration;

/// <summary>
/// The order system's side of the API (issue 18): merchants, products, buyers and orders upserted by their external ids
/// (store code, SKU, buyer account number, order number), one at a time or in batches. Each call is one transaction,
/// audited with the client as the actor; an order moves only through its own legal steps (<see cref="Order"/>), so an
/// event out of order is refused with the entity's reason and changes nothing. A batch applies what it can and reports
/// each item (decision 0025).
/// </summary>
public sealed partial class OrderSyncService(IDbContextFactory<AppDbContext> contextFactory, AuditWriter audit, TimeProvider clock)
{
    /// <summary>How far a reported time may lie in the future (clocks differ a little).</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public const int MaxLinesPerOrder = 100;
    public const int MaxQuantity = 10_000;

    /// <summary>100,000,000.00 in minor units: far above any price, far below where sums could overflow.</summary>
    public const long MaxAmountMinor = 10_000_000_000;

    private static readonly JsonSerializerOptions EtagJson = new(JsonSerializerDefaults.Web);

    // ---------------------------------------------------------------- merchants

    public Task<BatchResult> UpsertMerchantsAsync(ApiCaller caller, string origin, IReadOnlyList<MerchantInput> items, string? ifMatch, CancellationToken cancellationToken) =>
        RunAsync(caller, origin, "api.merchant.upsert", "Merchant", items, ifMatch, async (db, now) =>
        {
            var codes = items.Select(i => i.Code?.Trim()).OfType<string>().Distinct().ToList();
            var known = await db.Merchants.Where(m => codes.Contains(m.Code)).ToDictionaryAsync(m => m.Code, StringComparer.Ordinal, cancellationToken);
            return (input, etagOk) =>
            {
                var errors = new Errors();
                var code = errors.Code("code", input.Code, 32);
                var name = errors.Text("name", input.Name, 200);
                if (errors.Any)
                {
                    return errors.Reject(code);
                }

                if (!known.TryGetValue(code!, out var merchant))
                {
                    if (!caller.Has(ApiScopes.MerchantsWrite) || caller.MerchantId is not null)
                    {
                        return Item.Missing(code!, $"There is no merchant {code}.");
                    }

                    if (etagOk(null) is { } failed)
                    {
                        return failed with { Id = code };
                    }

                    merchant = new Merchant(code!, name!, now);
                    db.Merchants.Add(merchant);
                    known[code!] = merchant;
                    return Item.Created(code!);
                }

                if (etagOk(ETagOf(ViewOf(merchant))) is { } stale)
                {
                    return stale with { Id = code };
                }

                if (merchant.Name == name)
                {
                    return Item.Unchanged(code!);
                }

                merchant.Rename(name!);
                return Item.Updated(code!);
            };
        }, cancellationToken);

    public async Task<(MerchantView View, string ETag)?> GetMerchantAsync(ApiCaller caller, string origin, string code, CancellationToken cancellationToken, bool audited = true)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var merchant = await db.Merchants.AsNoTracking().SingleOrDefaultAsync(m => m.Code == code, cancellationToken);
        await ReadAuditAsync(caller, origin, "api.merchant.read", "Merchant", code, merchant is not null && caller.Sees(merchant.Id), cancellationToken, audited);
        return merchant is null || !caller.Sees(merchant.Id) ? null : WithETag(ViewOf(merchant));
    }

    // ---------------------------------------------------------------- products

    public Task<BatchResult> UpsertProductsAsync(ApiCaller caller, string origin, IReadOnlyList<ProductInput> items, string? ifMatch, CancellationToken cancellationToken) =>
        RunAsync(caller, origin, "api.product.upsert", "Product", items, ifMatch, async (db, now) =>
        {
            var codes = items.Select(i => i.Merchant?.Trim()).OfType<string>().Distinct().ToList();
            var merchants = await db.Merchants.Where(m => codes.Contains(m.Code)).ToDictionaryAsync(m => m.Code, StringComparer.Ordinal, cancellationToken);
            var ids = merchants.Values.Select(m => m.Id).ToList();
            var skus = items.Select(i => i.Sku?.Trim()).OfType<string>().Distinct().ToList();
            var known = (await db.Products.Where(p => ids.Contains(p.MerchantId) && skus.Contains(p.Sku)).ToListAsync(cancellationToken))
                .ToDictionary(p => (p.MerchantId, p.Sku));
            return (input, etagOk) =>
            {
                var errors = new Errors();
                var code = errors.Code("merchant", input.Merchant, 32);
                var sku = errors.Sku("sku", input.Sku);
                var name = errors.Text("name", input.Name, 200);
                var category = errors.Text("category", input.Category, 64);
                var price = errors.Amount("priceMinor", input.PriceMinor);
                var currency = errors.Currency("currency", input.Currency);
                var warranty = errors.Range("warrantyMonths", input.WarrantyMonths, 0, 120);
                var id = code is null || sku is null ? null : $"{code}/{sku}";
                if (errors.Any)
                {
                    return errors.Reject(id);
                }

                // A merchant system's client learns nothing of other stores: their codes are as unknown as made-up ones.
                if (!merchants.TryGetValue(code!, out var merchant) || !caller.Sees(merchant.Id))
                {
                    return Item.Missing(id, $"There is no merchant {code}.");
                }

                var money = new Money(price!.Value, currency);
                if (!known.TryGetValue((merchant.Id, sku!), out var product))
                {
                    if (etagOk(null) is { } failed)
                    {
                        return failed with { Id = id };
                    }

                    product = new Product(merchant.Id, sku!, name!, category!, money, warranty!.Value, now);
                    db.Products.Add(product);
                    known[(merchant.Id, sku!)] = product;
                    return Item.Created(id!);
                }

                if (etagOk(ETagOf(ViewOf(product, code!))) is { } stale)
                {
                    return stale with { Id = id };
                }

                if (product.Name == name && product.Category == category && product.Price == money && product.WarrantyMonths == warranty)
                {
                    return Item.Unchanged(id!);
                }

                if (product.Currency != currency)
                {
                    return Item.Conflict(id, $"{sku} is priced in {product.Currency}; its currency cannot change to {currency}.");
                }

                product.Update(name!, category!, money, warranty!.Value);
                return Item.Updated(id!);
            };
        }, cancellationToken);

    public async Task<(ProductView View, string ETag)?> GetProductAsync(ApiCaller caller, string origin, string merchantCode, string sku, CancellationToken cancellationToken, bool audited = true)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.Products.AsNoTracking().Where(p => p.Sku == sku)
            .Join(db.Merchants.Where(m => m.Code == merchantCode), p => p.MerchantId, m => m.Id, (p, m) => p)
            .SingleOrDefaultAsync(cancellationToken);
        var visible = found is not null && caller.Sees(found.MerchantId);
        await ReadAuditAsync(caller, origin, "api.product.read", "Product", $"{merchantCode}/{sku}", visible, cancellationToken, audited);
        return visible ? WithETag(ViewOf(found!, merchantCode)) : null;
    }

    // ---------------------------------------------------------------- buyers

    public Task<BatchResult> UpsertBuyersAsync(ApiCaller caller, string origin, IReadOnlyList<BuyerInput> items, string? ifMatch, CancellationToken cancellationToken) =>
        RunAsync(caller, origin, "api.buyer.upsert", "Customer", items, ifMatch, async (db, now) =>
        {
            var codes = items.Select(i => i.Code?.Trim()).OfType<string>().Distinct().ToList();
            var known = await db.Customers.Where(c => codes.Contains(c.Code)).ToDictionaryAsync(c => c.Code, StringComparer.Ordinal, cancellationToken);
            return (input, etagOk) =>
            {
                var errors = new Errors();
                var code = errors.Code("code", input.Code, 32);
                var name = errors.Text("name", input.Name, 100);
                var phone = errors.Text("phone", input.Phone, 32, required: false);
                var city = errors.Text("city", input.City, 64, required: false);
                var address = input.Address is null ? null : errors.Text("address", input.Address, Customer.AddressMaxLength, required: false) ?? "";
                if (errors.Any)
                {
                    return errors.Reject(code);
                }

                if (!known.TryGetValue(code!, out var buyer))
                {
                    if (etagOk(null) is { } failed)
                    {
                        return failed with { Id = code };
                    }

                    buyer = new Customer(code!, name!, phone ?? "", city ?? "", now, address);
                    db.Customers.Add(buyer);
                    known[code!] = buyer;
                    return Item.Created(code!);
                }

                if (etagOk(ETagOf(ViewOf(buyer))) is { } stale)
                {
                    return stale with { Id = code };
                }

                if (buyer.Name == name && buyer.Phone == (phone ?? "") && buyer.City == (city ?? "")
                    && (address is null || (buyer.Address ?? "") == address))
                {
                    return Item.Unchanged(code!);
                }

                buyer.Update(name!, phone ?? "", city ?? "", address);
                return Item.Updated(code!);
            };
        }, cancellationToken);

    public async Task<(BuyerView View, string ETag)?> GetBuyerAsync(ApiCaller caller, string origin, string code, CancellationToken cancellationToken, bool audited = true)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var buyer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Code == code, cancellationToken);
        // Buyers belong to the platform, not to a store: a merchant system's client does not read them.
        var visible = buyer is not null && caller.MerchantId is null;
        await ReadAuditAsync(caller, origin, "api.buyer.read", "Customer", code, visible, cancellationToken, audited);
        return visible ? WithETag(ViewOf(buyer!)) : null;
    }

    // ---------------------------------------------------------------- orders

    public Task<BatchResult> UpsertOrdersAsync(ApiCaller caller, string origin, IReadOnlyList<OrderInput> items, string? ifMatch, CancellationToken cancellationToken) =>
        RunAsync(caller, origin, "api.order.upsert", "Order", items, ifMatch, async (db, now) =>
        {
            var orderNos = items.Select(i => i.OrderNo?.Trim()).OfType<string>().Distinct().ToList();
            var orders = await db.Orders.Include(o => o.Lines).Include(o => o.Payments).Include(o => o.Shipments).AsSplitQuery()
                .Where(o => orderNos.Contains(o.OrderNo)).ToDictionaryAsync(o => o.OrderNo, StringComparer.Ordinal, cancellationToken);
            var merchantCodes = items.Select(i => i.Merchant?.Trim()).OfType<string>().Distinct().ToList();
            var merchants = await db.Merchants.AsNoTracking().Where(m => merchantCodes.Contains(m.Code)).ToDictionaryAsync(m => m.Code, m => m.Id, StringComparer.Ordinal, cancellationToken);
            var merchantCodesById = merchants.ToDictionary(m => m.Value, m => m.Key);
            // An order named under another store's code (refused below) still needs its own store's code for its ETag.
            var otherMerchants = orders.Values.Select(o => o.MerchantId).Where(id => !merchantCodesById.ContainsKey(id)).Distinct().ToList();
            foreach (var other in await db.Merchants.Where(m => otherMerchants.Contains(m.Id)).Select(m => new { m.Id, m.Code }).ToListAsync(cancellationToken))
            {
                merchantCodesById[other.Id] = other.Code;
            }

            var buyerCodes = items.Select(i => i.Buyer?.Trim()).OfType<string>().Distinct().ToList();
            var buyers = await db.Customers.AsNoTracking().Where(c => buyerCodes.Contains(c.Code)).ToDictionaryAsync(c => c.Code, c => c.Id, StringComparer.Ordinal, cancellationToken);
            var buyerCodesById = buyers.ToDictionary(b => b.Value, b => b.Key);
            var otherBuyers = orders.Values.Select(o => o.CustomerId).Where(id => !buyerCodesById.ContainsKey(id)).Distinct().ToList();
            foreach (var other in await db.Customers.Where(c => otherBuyers.Contains(c.Id)).Select(c => new { c.Id, c.Code }).ToListAsync(cancellationToken))
            {
                buyerCodesById[other.Id] = other.Code;
            }

            var transactionNos = items.Select(i => i.Payment?.TransactionNo?.Trim()).OfType<string>().Distinct().ToList();
            var paidWith = await db.Orders.SelectMany(o => o.Payments, (o, p) => new { p.TransactionNo, o.OrderNo }).Where(p => transactionNos.Contains(p.TransactionNo))
                .ToDictionaryAsync(p => p.TransactionNo, p => p.OrderNo, StringComparer.Ordinal, cancellationToken);
            var merchantIds = merchants.Values.ToList();
            var skus = items.SelectMany(i => i.Lines ?? []).Select(l => l?.Sku?.Trim()).OfType<string>().Distinct().ToList();
            var products = (await db.Products.AsNoTracking().Where(p => merchantIds.Contains(p.MerchantId) && skus.Contains(p.Sku))
                    .Select(p => new { p.Id, p.MerchantId, p.Sku, p.Name }).ToListAsync(cancellationToken))
                .ToDictionary(p => (p.MerchantId, p.Sku), p => (p.Id, p.Name));
            return (input, etagOk) =>
            {
                var errors = new Errors();
                var orderNo = errors.Code("orderNo", input.OrderNo, 32);
                var merchantCode = errors.Code("merchant", input.Merchant, 32);
                var buyerCode = errors.Code("buyer", input.Buyer, 32);
                var currency = errors.Currency("currency", input.Currency);
                var shippingFee = errors.Amount("shippingFeeMinor", input.ShippingFeeMinor, required: false) ?? 0;
                var placedAt = errors.Time("placedAt", input.PlacedAt, now);
                var lines = errors.Lines(input.Lines);
                var payment = input.Payment is null ? null : errors.Payment(input.Payment, now);
                var shipment = input.Shipment is null ? null : errors.Shipment(input.Shipment, now);
                var deliveredAt = input.DeliveredAt is null ? null : errors.Time("deliveredAt", input.DeliveredAt, now);
                var completedAt = input.CompletedAt is null ? null : errors.Time("completedAt", input.CompletedAt, now);
                errors.InOrder(("placedAt", placedAt), ("payment.paidAt", payment?.PaidAt), ("shipment.shippedAt", shipment?.ShippedAt),
                    ("deliveredAt", deliveredAt), ("completedAt", completedAt));
                if (errors.Any)
                {
                    return errors.Reject(orderNo);
                }

                if (!merchants.TryGetValue(merchantCode!, out var merchantId) || !caller.Sees(merchantId))
                {
                    return Item.Missing(orderNo, $"There is no merchant {merchantCode}.");
                }

                if (!buyers.TryGetValue(buyerCode!, out var buyerId))
                {
                    return Item.Missing(orderNo, $"There is no buyer {buyerCode}: upsert the buyer first.");
                }

                var unknownSkus = lines!.Where(l => !products.ContainsKey((merchantId, l.Sku))).Select(l => l.Sku).Distinct().ToList();
                if (unknownSkus.Count > 0)
                {
                    return Item.Missing(orderNo, $"Merchant {merchantCode} has no product {string.Join(", ", unknownSkus)}: upsert the products first.");
                }

                var placed = lines!.Select(l => new NewOrderLine(products[(merchantId, l.Sku)].Id, l.Sku, products[(merchantId, l.Sku)].Name, l.Quantity,
                    new Money(l.UnitPriceMinor, currency), new Money(l.DiscountMinor, currency))).ToList();
                var isNew = !orders.TryGetValue(orderNo!, out var order);
                if (!isNew && !caller.Sees(order!.MerchantId))
                {
                    return Item.Missing(orderNo, $"There is no order {orderNo}.");
                }

                if (etagOk(isNew ? null : ETagOf(ViewOf(order!, merchantCodesById[order!.MerchantId], buyerCodesById[order.CustomerId]))) is { } stale)
                {
                    return stale with { Id = orderNo };
                }

                try
                {
                    if (isNew)
                    {
                        order = Order.Place(orderNo!, merchantId, buyerId, new Money(shippingFee, currency), placed, placedAt!.Value);
                    }
                    else if (Placement(order!) != Placement(merchantId, buyerId, currency, shippingFee, placed))
                    {
                        return Item.Conflict(orderNo, $"Order {orderNo} was placed with another store, buyer, currency, shipping fee or lines; what was placed cannot change.");
                    }

                    if (payment is { } paying && order!.Payments.Count == 0 && paidWith.TryGetValue(paying.TransactionNo, out var paidOrder) && paidOrder != orderNo)
                    {
                        // Only the order system (platform-wide) records payments, so naming the other order leaks nothing.
                        return Item.Conflict(orderNo, $"Payment transaction {paying.TransactionNo} already paid order {paidOrder}; a transaction pays one order.");
                    }

                    var steps = OrderSteps.Plan(order!, payment, shipment, deliveredAt, completedAt);
                    if (steps.Refusal is { } refusal)
                    {
                        return Item.Conflict(orderNo, refusal);
                    }

                    if (!isNew && steps.Count == 0)
                    {
                        return Item.Unchanged(orderNo!);
                    }

                    steps.Apply(order!);
                    if (payment is { } paid)
                    {
                        paidWith.TryAdd(paid.TransactionNo, orderNo!);
                    }
                }
                catch (DomainException ex)
                {
                    if (!isNew)
                    {
                        // Plan checks every step before the first is taken; a refusal after a change would leave it half-done.
                        throw new InvalidOperationException($"Order {orderNo} refused a step its plan allowed: {ex.Message}", ex);
                    }

                    return Item.Invalid(orderNo, ex.Message);
                }

                if (isNew)
                {
                    db.Orders.Add(order!);
                    orders[orderNo!] = order!;
                    buyerCodesById.TryAdd(buyerId, buyerCode!);
                    merchantCodesById.TryAdd(merchantId, merchantCode!);
                    return Item.Created(orderNo!);
                }

                return Item.Updated(orderNo!);
            };
        }, cancellationToken);

    public async Task<(OrderView View, string ETag)?> GetOrderAsync(ApiCaller caller, string origin, string orderNo, CancellationToken cancellationToken, bool audited = true)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.Orders.AsNoTracking().Include(o => o.Lines).Include(o => o.Payments).Include(o => o.Shipments).Include(o => o.Merchant).Include(o => o.Customer)
            .AsSplitQuery().SingleOrDefaultAsync(o => o.OrderNo == orderNo, cancellationToken);
        var visible = found is not null && caller.Sees(found.MerchantId);
        await ReadAuditAsync(caller, origin, "api.order.read", "Order", orderNo, visible, cancellationToken, audited);
        if (!visible)
        {
            return null;
        }

        return WithETag(ViewOf(found!, found!.Merchant!.Code, found.Customer!.Code));
    }

    /// <summary>Orders oldest first, after the cursor; a merchant system's client gets its own store's only.</summary>
    public async Task<Page<OrderView>> ListOrdersAsync(ApiCaller caller, string origin, string? merchantCode, long afterId, int limit, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Orders.AsNoTracking().Where(o => o.Id > afterId);
        if (caller.MerchantId is { } own)
        {
            query = query.Where(o => o.MerchantId == own);
        }

        if (!string.IsNullOrEmpty(merchantCode))
        {
            query = query.Where(o => o.Merchant!.Code == merchantCode);
        }

        var page = await query.OrderBy(o => o.Id).Take(limit + 1)
            .Include(o => o.Lines).Include(o => o.Payments).Include(o => o.Shipments).Include(o => o.Merchant).Include(o => o.Customer)
            .AsSplitQuery().ToListAsync(cancellationToken);
        var more = page.Count > limit;
        page = page.Take(limit).ToList();
        await ReadAuditAsync(caller, origin, "api.order.list", "Order", null, true, cancellationToken);
        return new Page<OrderView>(
            page.Select(o => ViewOf(o, o.Merchant!.Code, o.Customer!.Code)).ToList(),
            more ? ApiCursor.Encode(page[^1].Id) : null);
    }

    // ---------------------------------------------------------------- shared

    /// <summary>
    /// One call: the items in order against what the database holds, in one transaction, audited with the client as
    /// the actor (the changes, and one summary entry that also names each refused item).
    /// </summary>
    private async Task<BatchResult> RunAsync<TInput>(
        ApiCaller caller, string origin, string action, string entityType, IReadOnlyList<TInput> items, string? ifMatch,
        Func<AppDbContext, DateTimeOffset, Task<Func<TInput, Func<string?, Item?>, Item>>> prepare, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var actor = caller.Actor(origin);
        db.AuditAs(actor, action, clock);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var apply = await prepare(db, now);
        var results = new List<BatchItemResult>(items.Count);
        for (var index = 0; index < items.Count; index++)
        {
            var item = items[index] is { } input ? apply(input, current => Precondition(ifMatch, current)) : Item.Invalid(null, "The item is empty.");
            results.Add(new BatchItemResult(index, item.Id, item.Status, item.Outcome, item.Problem));
        }

        var result = new BatchResult(
            results.Count(r => r.Outcome == Item.CreatedOutcome), results.Count(r => r.Outcome == Item.UpdatedOutcome),
            results.Count(r => r.Outcome == Item.UnchangedOutcome), results.Count(r => r.Outcome == Item.RejectedOutcome), results);
        var refused = string.Join("; ", results.Where(r => r.Problem is not null).Take(20).Select(r => $"#{r.Index} {r.Id}: {r.Problem!.Detail ?? r.Problem.Title}"));
        db.RecordAudit(entityType, items.Count == 1 ? results[0].Id : null, result.Rejected == items.Count ? AuditOutcome.Failed : AuditOutcome.Succeeded,
            string.Create(CultureInfo.InvariantCulture, $"{items.Count} item(s): {result.Created} created, {result.Updated} updated, {result.Unchanged} unchanged, {result.Rejected} refused")
                + (refused.Length > 0 ? ". Refused: " + refused[..Math.Min(refused.Length, 2000)] : ""));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>If-Match on a single upsert: <c>*</c> needs the resource to exist, an ETag needs it unchanged since read.</summary>
    private static Item? Precondition(string? ifMatch, string? currentETag)
    {
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return null;
        }

        var matches = ifMatch.Trim() == "*"
            ? currentETag is not null
            : currentETag is not null && ifMatch.Split(',').Select(t => t.Trim()).Contains(currentETag, StringComparer.Ordinal);
        return matches ? null : Item.PreconditionFailed(currentETag is null
            ? "If-Match names a version, but there is nothing here yet."
            : "It was changed since the version named in If-Match was read; read it again and decide.");
    }

    /// <summary>A read is audited like any call; <paramref name="audited"/> is false when the read is the answer of an audited upsert.</summary>
    private async Task ReadAuditAsync(ApiCaller caller, string origin, string action, string entityType, string? id, bool found, CancellationToken cancellationToken, bool audited = true)
    {
        if (audited)
        {
            await audit.RecordAsync(caller.Actor(origin), action, entityType, id, found ? AuditOutcome.Succeeded : AuditOutcome.Failed, found ? null : "Not found (or not this client's).", cancellationToken);
        }
    }

    private static (int, long, string, long, string) Placement(Order order) =>
        (order.MerchantId, order.CustomerId, order.Currency, order.ShippingFeeMinor,
            string.Join('|', order.Lines.Select(l => FormattableString.Invariant($"{l.ProductId}:{l.Quantity}:{l.UnitPriceMinor}:{l.DiscountMinor}")).Order(StringComparer.Ordinal)));

    private static (int, long, string, long, string) Placement(int merchantId, long buyerId, string currency, long shippingFee, IReadOnlyList<NewOrderLine> lines) =>
        (merchantId, buyerId, currency, shippingFee,
            string.Join('|', lines.Select(l => FormattableString.Invariant($"{l.ProductId}:{l.Quantity}:{l.UnitPrice.Minor}:{l.Discount.Minor}")).Order(StringComparer.Ordinal)));

    private static (T View, string ETag) WithETag<T>(T view) => (view, ETagOf(view));

    public static string ETagOf<T>(T view) =>
        "\"" + Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(view, EtagJson)))[..32] + "\"";

    private static MerchantView ViewOf(Merchant merchant) => new(merchant.Code, merchant.Name, merchant.CreatedAt);

    private static ProductView ViewOf(Product product, string merchantCode) =>
        new(merchantCode, product.Sku, product.Name, product.Category, product.PriceMinor, product.Currency, product.WarrantyMonths, product.CreatedAt);

    private static BuyerView ViewOf(Customer buyer) => new(buyer.Code, buyer.Name, buyer.Phone, buyer.City, buyer.CreatedAt, buyer.Address);

    private static OrderView ViewOf(Order order, string merchantCode, string buyerCode) => new(
        order.OrderNo, merchantCode, buyerCode, order.Status, order.Currency, order.ShippingFeeMinor, order.AmountDue.Minor, order.RefundCommittedMinor, order.CreatedAt,
        order.Lines.OrderBy(l => l.Id).Select(l => new OrderLineView(l.Id, l.Sku, l.ProductName, l.Quantity, l.UnitPriceMinor, l.DiscountMinor, l.PaidAmount(order.Currency).Minor)).ToList(),
        order.Payments.FirstOrDefault() is { } p ? new PaymentView(p.AmountMinor, p.Method, p.TransactionNo, p.PaidAt) : null,
        order.Shipments.FirstOrDefault() is { } s ? new ShipmentView(s.Carrier, s.TrackingNo, s.ShippedAt) : null,
        order.DeliveredAt, order.CompletedAt);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    internal static partial Regex CodePattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    internal static partial Regex SkuPattern();

    [GeneratedRegex("^[A-Z]{3}$")]
    internal static partial Regex CurrencyPattern();
}
