using System.Security.Claims;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Orders;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Web.Features.Orders;

/// <summary>Finds orders and shows one with its lines and cases, within the user's scope.</summary>
public sealed class OrderService(IDbContextFactory<AppDbContext> contextFactory, AuditActors actors, AuditWriter audit)
{
    public const int MaxPageSize = 100;

    /// <summary>
    /// One keyset page of the orders the query finds within the user's scope, newest placed first by (CreatedAt, Id),
    /// with the matches counted up to <see cref="Keyset.CountCap"/>; null when the user may not read orders.
    /// </summary>
    public async Task<OrderListPage?> SearchAsync(ClaimsPrincipal user, OrderQuery query, CancellationToken cancellationToken = default)
    {
        var access = CaseAccess.For(user);
        if (!access.CanRead)
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var orders = Matching(db, access, query);
        var (matches, capped) = await Keyset.CountAsync(orders, cancellationToken);
        var slice = await Keyset.ReadAsync(
            (cursor, backwards) => Keyset.NewestFirst(orders, o => o.CreatedAt, o => o.Id, cursor, backwards), query, MaxPageSize,
            o => new OrderRow(o.Id, o.OrderNo, o.Merchant!.Name, o.Customer!.Name, o.Customer.Code, o.Status, o.CreatedAt,
                o.Lines.Sum(l => l.UnitPriceMinor * l.Quantity - l.DiscountMinor) + o.ShippingFeeMinor, o.Currency),
            o => new KeysetCursor(o.CreatedAt, o.Id), cancellationToken);
        return new OrderListPage(slice.Rows, slice.First, slice.LastRow, slice.HasNext, slice.HasPrevious, matches, capped);
    }

    /// <summary>
    /// Exactly how many orders the query finds for this user (no cap): the dashboard's "orders placed" for the same
    /// period and store, which the list shows beside its pages when the dashboard sent the person there.
    /// </summary>
    public async Task<long?> CountAsync(ClaimsPrincipal user, OrderQuery query, CancellationToken cancellationToken = default)
    {
        var access = CaseAccess.For(user);
        if (!access.CanRead)
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await Matching(db, access, query).LongCountAsync(cancellationToken);
    }

    /// <summary>The query's orders within the user's scope.</summary>
    private static IQueryable<Order> Matching(AppDbContext db, CaseAccess access, OrderQuery query)
    {
        var orders = access.Scope(db.Orders.AsNoTracking(), o => o.MerchantId);
        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var text = query.Text.Trim().ToUpperInvariant();
            // Index range instead of LIKE, so a prefix search stays fast at a million orders.
            var end = text + "\uffff";
            orders = text.StartsWith('C')
                ? orders.Where(o => o.Customer!.Code.CompareTo(text) >= 0 && o.Customer.Code.CompareTo(end) < 0)
                : orders.Where(o => o.OrderNo.CompareTo(text) >= 0 && o.OrderNo.CompareTo(end) < 0);
        }

        if (query.Status is { } status)
        {
            orders = orders.Where(o => o.Status == status);
        }

        // Placed in these UTC days, of this store: the dashboard's "orders placed" (decision 0017), a range of
        // the (MerchantId, CreatedAt) or CreatedAt index.
        if (query.PlacedFrom is { } from)
        {
            var start = UtcDays.Start(from);
            orders = orders.Where(o => o.CreatedAt >= start);
        }

        if (query.PlacedTo is { } to)
        {
            var end = UtcDays.EndOf(to);
            orders = orders.Where(o => o.CreatedAt < end);
        }

        if (query.MerchantId is { } merchantId)
        {
            orders = orders.Where(o => o.MerchantId == merchantId);
        }

        return orders;
    }

    /// <summary>The stores platform staff may narrow the orders to; none for a merchant, who sees its own store's only.</summary>
    public async Task<IReadOnlyList<(int Id, string Name)>> MerchantsAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var access = CaseAccess.For(user);
        if (!access.CanRead || access.IsMerchant)
        {
            return [];
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return (await db.Merchants.AsNoTracking().OrderBy(m => m.Name).Select(m => new { m.Id, m.Name }).ToListAsync(cancellationToken))
            .Select(m => (m.Id, m.Name)).ToList();
    }

    /// <summary>One order with lines, payment, shipment and its cases; null when missing or not the user's to see.</summary>
    public async Task<OrderDetails?> GetAsync(ClaimsPrincipal user, long orderId, CancellationToken cancellationToken = default)
    {
        var access = CaseAccess.For(user);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var order = await db.Orders.AsNoTracking()
            .Include(o => o.Lines).Include(o => o.Payments).Include(o => o.Shipments)
            .Include(o => o.Merchant).Include(o => o.Customer)
            .AsSplitQuery()
            .SingleOrDefaultAsync(o => o.Id == orderId, cancellationToken);
        if (order is null || !access.Sees(order.MerchantId))
        {
            if (order is not null)
            {
                // Same answer as a missing order, so ids cannot be probed; the attempt is recorded.
                await audit.RecordAsync(actors.For(user), "order.view", "Order", orderId.ToString(), AuditOutcome.Denied,
                    "Not this user's order.", cancellationToken);
            }

            return null;
        }

        var cases = await db.Cases.AsNoTracking().Where(c => c.OrderId == orderId).OrderBy(c => c.CreatedAt)
            .Select(c => new OrderCaseRow(c.Id, c.CaseNo, c.Kind, c.Status, c.CreatedAt))
            .ToListAsync(cancellationToken);
        var taken = await db.CaseLines.AsNoTracking()
            .Where(l => db.Cases.Any(c => c.Id == l.CaseId && c.OrderId == orderId))
            .Select(l => new { l.OrderLineId, l.CaseId })
            .ToListAsync(cancellationToken);
        var lines = order.Lines.Select(l => new OrderLineRow(l.Id, l.ProductName, l.Sku, l.Quantity,
            l.UnitPrice(order.Currency), new Data.Common.Money(l.DiscountMinor, order.Currency), l.PaidAmount(order.Currency),
            taken.Where(t => t.OrderLineId == l.Id).Select(t => t.CaseId).Distinct().Count())).ToList();
        var payment = order.Payments.FirstOrDefault();
        var shipment = order.Shipments.FirstOrDefault();
        return new OrderDetails(order.Id, order.OrderNo, order.MerchantId, order.Merchant!.Name, order.Customer!.Name, order.Customer.Code,
            order.Customer.Phone, order.Customer.City, order.Status, order.CreatedAt, order.PaidAt, order.ShippedAt, order.DeliveredAt,
            order.CompletedAt, order.ShippingFee, order.AmountDue, payment?.Method, payment?.TransactionNo, shipment?.Carrier,
            shipment?.TrackingNo, lines, cases);
    }
}

/// <param name="PlacedFrom">Orders placed from this UTC day on (both ends included).</param>
/// <param name="MerchantId">One store's orders; a merchant's scope still applies (another store's id finds nothing).</param>
/// <remarks>Its keyset position names the page: after or before an order (placed at, id), the last (oldest), else the first.</remarks>
public sealed record OrderQuery(
    string? Text = null, OrderStatus? Status = null, DateOnly? PlacedFrom = null, DateOnly? PlacedTo = null, int? MerchantId = null) : KeysetPosition;

/// <param name="Matches">How many orders match, counted up to <see cref="Keyset.CountCap"/>.</param>
/// <param name="MatchesCapped">True when there are more than the cap.</param>
public sealed record OrderListPage(
    IReadOnlyList<OrderRow> Rows, KeysetCursor? First, KeysetCursor? LastRow, bool HasNext, bool HasPrevious, int Matches, bool MatchesCapped);

public sealed record OrderRow(long Id, string OrderNo, string Merchant, string Buyer, string BuyerCode, OrderStatus Status, DateTimeOffset CreatedAt, long TotalMinor, string Currency)
{
    public Data.Common.Money Total => new(TotalMinor, Currency);
}

public sealed record OrderLineRow(long Id, string ProductName, string Sku, int Quantity, Data.Common.Money UnitPrice, Data.Common.Money Discount, Data.Common.Money Paid, int CaseCount);

public sealed record OrderCaseRow(long Id, string CaseNo, CaseKind Kind, CaseStatus Status, DateTimeOffset CreatedAt);

public sealed record OrderDetails(
    long Id, string OrderNo, int MerchantId, string Merchant, string Buyer, string BuyerCode, string BuyerPhone, string BuyerCity,
    OrderStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? PaidAt, DateTimeOffset? ShippedAt, DateTimeOffset? DeliveredAt,
    DateTimeOffset? CompletedAt, Data.Common.Money ShippingFee, Data.Common.Money AmountDue, PaymentMethod? PaymentMethod,
    string? TransactionNo, string? Carrier, string? TrackingNo, IReadOnlyList<OrderLineRow> Lines, IReadOnlyList<OrderCaseRow> Cases);
