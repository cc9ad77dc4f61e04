using AfterSalesDesk.Data.Orders;

namespace AfterSalesDesk.Web.Features.Integration;

// What the order system sends and reads back (issue 18). Every field is nullable so that a missing one is a field
// error in the problem, not an unreadable body. Amounts are whole minor units of the currency (fen for CNY), as in
// Stripe's API: never a floating-point number.

/// <summary>A store. <c>code</c> comes from the path of a single upsert and from the item in a batch.</summary>
public sealed record MerchantInput(string? Code, string? Name);

public sealed record MerchantView(string Code, string Name, DateTimeOffset CreatedAt);

/// <summary>A product of one store, found by the store's code and the SKU.</summary>
public sealed record ProductInput(string? Merchant, string? Sku, string? Name, string? Category, long? PriceMinor, string? Currency, int? WarrantyMonths);

public sealed record ProductView(string Merchant, string Sku, string Name, string Category, long PriceMinor, string Currency, int WarrantyMonths, DateTimeOffset CreatedAt);

/// <summary>A buyer, found by the platform's account number.</summary>
/// <param name="Address">The delivery address (optional; omitted keeps the one known, empty clears it). Buyers who share a phone or an
/// address are linked in the refund-risk score.</param>
public sealed record BuyerInput(string? Code, string? Name, string? Phone, string? City, string? Address = null);

public sealed record BuyerView(string Code, string Name, string Phone, string City, DateTimeOffset CreatedAt, string? Address = null);

/// <summary>
/// An order as the order system knows it now. The first upsert places it; later ones may add, in the order's own legal
/// steps, the payment, the shipment, the delivery and the completion. What was placed (store, buyer, currency, shipping
/// fee, lines) never changes, and nothing recorded is taken back.
/// </summary>
public sealed record OrderInput(
    string? OrderNo,
    string? Merchant,
    string? Buyer,
    string? Currency,
    long? ShippingFeeMinor,
    DateTimeOffset? PlacedAt,
    IReadOnlyList<OrderLineInput>? Lines,
    PaymentInput? Payment,
    ShipmentInput? Shipment,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? CompletedAt);

public sealed record OrderLineInput(string? Sku, int? Quantity, long? UnitPriceMinor, long? DiscountMinor);

public sealed record PaymentInput(long? AmountMinor, PaymentMethod? Method, string? TransactionNo, DateTimeOffset? PaidAt);

public sealed record ShipmentInput(string? Carrier, string? TrackingNo, DateTimeOffset? ShippedAt);

public sealed record OrderView(
    string OrderNo,
    string Merchant,
    string Buyer,
    OrderStatus Status,
    string Currency,
    long ShippingFeeMinor,
    long AmountDueMinor,
    long RefundedOrPendingMinor,
    DateTimeOffset PlacedAt,
    IReadOnlyList<OrderLineView> Lines,
    PaymentView? Payment,
    ShipmentView? Shipment,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? CompletedAt);

/// <param name="Id">The line's id, which the storefront names when it opens a case on this line.</param>
public sealed record OrderLineView(long Id, string Sku, string Name, int Quantity, long UnitPriceMinor, long DiscountMinor, long PaidMinor);

public sealed record PaymentView(long AmountMinor, PaymentMethod Method, string TransactionNo, DateTimeOffset PaidAt);

public sealed record ShipmentView(string Carrier, string TrackingNo, DateTimeOffset ShippedAt);

/// <summary>A batch of up to 500 items of one kind.</summary>
public sealed record Batch<T>(IReadOnlyList<T>? Items);

/// <summary>
/// What became of each item of a batch, in the order sent: items are applied one by one, all the accepted ones in
/// one transaction, and a refused item changes nothing and does not stop the others (decision 0025).
/// </summary>
public sealed record BatchResult(int Created, int Updated, int Unchanged, int Rejected, IReadOnlyList<BatchItemResult> Items);

/// <param name="Status">The status a single upsert of this item would have had: 201, 200, 404, 409 or 422.</param>
/// <param name="Outcome">created, updated, unchanged or rejected.</param>
/// <param name="Problem">Why it was refused (RFC 9457 fields), for a rejected item.</param>
public sealed record BatchItemResult(int Index, string? Id, int Status, string Outcome, ItemProblem? Problem);

public sealed record ItemProblem(string Title, string? Detail, IDictionary<string, string[]>? Errors);

/// <summary>A page of a list; <c>next</c> is the cursor of the following page, null on the last.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);
