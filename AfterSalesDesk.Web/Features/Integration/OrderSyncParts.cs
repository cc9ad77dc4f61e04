using System.Buffers.Text;
using System.Globalization;
using System.Text;
using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Orders;

namespace AfterSalesDesk.Web.Features.Integration;

/// <summary>What became of one item: the status a single call would have answered, and why it was refused.</summary>
internal sealed record Item(string? Id, int Status, string Outcome, ItemProblem? Problem)
{
    public const string CreatedOutcome = "created";
    public const string UpdatedOutcome = "updated";
    public const string UnchangedOutcome = "unchanged";
    public const string RejectedOutcome = "rejected";

    public static Item Created(string id) => new(id, StatusCodes.Status201Created, CreatedOutcome, null);

    public static Item Updated(string id) => new(id, StatusCodes.Status200OK, UpdatedOutcome, null);

    public static Item Unchanged(string id) => new(id, StatusCodes.Status200OK, UnchangedOutcome, null);

    public static Item Missing(string? id, string detail) => Refused(id, StatusCodes.Status404NotFound, "Not found", detail);

    public static Item Conflict(string? id, string detail) => Refused(id, StatusCodes.Status409Conflict, "Conflict with what is recorded", detail);

    public static Item Invalid(string? id, string detail) => Refused(id, StatusCodes.Status422UnprocessableEntity, "Not accepted", detail);

    public static Item PreconditionFailed(string detail) => Refused(null, StatusCodes.Status412PreconditionFailed, "Precondition failed", detail);

    private static Item Refused(string? id, int status, string title, string detail) => new(id, status, RejectedOutcome, new ItemProblem(title, detail, null));
}

/// <summary>Field errors of one item, named by their JSON path (<c>lines[2].quantity</c>).</summary>
internal sealed class Errors
{
    private readonly Dictionary<string, string[]> errors = [];

    public bool Any => errors.Count > 0;

    public Item Reject(string? id) => new(id, StatusCodes.Status422UnprocessableEntity, Item.RejectedOutcome,
        new ItemProblem("The item has invalid fields.", string.Join(" ", errors.Select(e => $"{e.Key}: {e.Value[0]}")), errors));

    public void Add(string field, string message) => errors[field] = errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];

    public string? Code(string field, string? value, int maxLength)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            Add(field, "Required.");
            return null;
        }

        if (text.Length > maxLength || !OrderSyncService.CodePattern().IsMatch(text))
        {
            Add(field, $"Letters, digits, '-' and '_', starting with a letter or digit, at most {maxLength} characters.");
            return null;
        }

        return text;
    }

    public string? Sku(string field, string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            Add(field, "Required.");
            return null;
        }

        if (text.Length > 64 || !OrderSyncService.SkuPattern().IsMatch(text))
        {
            Add(field, "Letters, digits, '-', '_' and '.', starting with a letter or digit, at most 64 characters.");
            return null;
        }

        return text;
    }

    public string? Text(string field, string? value, int maxLength, bool required = true)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (required)
            {
                Add(field, "Required.");
            }

            return null;
        }

        if (text.Length > maxLength)
        {
            Add(field, string.Create(CultureInfo.InvariantCulture, $"At most {maxLength} characters; this has {text.Length}."));
            return null;
        }

        if (text.Any(char.IsControl))
        {
            Add(field, "Control characters (line breaks, tabs) are not allowed.");
            return null;
        }

        return text;
    }

    public long? Amount(string field, long? value, bool required = true)
    {
        if (value is not { } amount)
        {
            if (required)
            {
                Add(field, "Required.");
            }

            return null;
        }

        if (amount is < 0 or > OrderSyncService.MaxAmountMinor)
        {
            Add(field, string.Create(CultureInfo.InvariantCulture, $"Whole minor units (fen) from 0 to {OrderSyncService.MaxAmountMinor}."));
            return null;
        }

        return amount;
    }

    public string Currency(string field, string? value)
    {
        if (value is null)
        {
            return Money.DefaultCurrency;
        }

        if (!OrderSyncService.CurrencyPattern().IsMatch(value))
        {
            Add(field, "An ISO 4217 code in capitals, such as CNY.");
        }

        return value;
    }

    public int? Range(string field, int? value, int min, int max)
    {
        if (value is not { } number)
        {
            Add(field, "Required.");
            return null;
        }

        if (number < min || number > max)
        {
            Add(field, string.Create(CultureInfo.InvariantCulture, $"From {min} to {max}."));
            return null;
        }

        return number;
    }

    public DateTimeOffset? Time(string field, DateTimeOffset? value, DateTimeOffset now)
    {
        if (value is not { } time)
        {
            Add(field, "Required: a time with its offset, such as 2026-12-03T10:15:00+08:00.");
            return null;
        }

        if (time > now + OrderSyncService.ClockSkew)
        {
            Add(field, "Lies in the future.");
            return null;
        }

        if (time.Year < 2000)
        {
            Add(field, "Before the year 2000.");
            return null;
        }

        return time.ToUniversalTime();
    }

    public List<(string Sku, int Quantity, long UnitPriceMinor, long DiscountMinor)>? Lines(IReadOnlyList<OrderLineInput>? lines)
    {
        if (lines is null || lines.Count == 0)
        {
            Add("lines", "An order needs at least one line.");
            return null;
        }

        if (lines.Count > OrderSyncService.MaxLinesPerOrder)
        {
            Add("lines", string.Create(CultureInfo.InvariantCulture, $"At most {OrderSyncService.MaxLinesPerOrder} lines."));
            return null;
        }

        var result = new List<(string, int, long, long)>();
        for (var i = 0; i < lines.Count; i++)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"lines[{i}]");
            if (lines[i] is not { } line)
            {
                Add(path, "Required.");
                continue;
            }

            var sku = Sku(path + ".sku", line.Sku);
            var quantity = Range(path + ".quantity", line.Quantity, 1, OrderSyncService.MaxQuantity);
            var price = Amount(path + ".unitPriceMinor", line.UnitPriceMinor);
            var discount = Amount(path + ".discountMinor", line.DiscountMinor, required: false) ?? 0;
            if (quantity is { } q && price is { } p && discount > p * q)
            {
                Add(path + ".discountMinor", "Larger than the line's price.");
                continue;
            }

            if (sku is not null && quantity is not null && price is not null)
            {
                result.Add((sku, quantity.Value, price.Value, discount));
            }
        }

        var repeated = result.GroupBy(l => l.Item1, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (repeated.Count > 0)
        {
            Add("lines", $"Each product once per order; repeated: {string.Join(", ", repeated)}.");
        }

        return Any ? null : result;
    }

    public (long AmountMinor, PaymentMethod Method, string TransactionNo, DateTimeOffset PaidAt)? Payment(PaymentInput payment, DateTimeOffset now)
    {
        var amount = Amount("payment.amountMinor", payment.AmountMinor);
        if (payment.Method is not { } method || !Enum.IsDefined(method))
        {
            Add("payment.method", $"One of {string.Join(", ", Enum.GetNames<PaymentMethod>())}.");
        }

        var transactionNo = Text("payment.transactionNo", payment.TransactionNo, 64);
        var paidAt = Time("payment.paidAt", payment.PaidAt, now);
        return amount is null || transactionNo is null || paidAt is null || payment.Method is null ? null
            : (amount.Value, payment.Method.Value, transactionNo, paidAt.Value);
    }

    public (string Carrier, string TrackingNo, DateTimeOffset ShippedAt)? Shipment(ShipmentInput shipment, DateTimeOffset now)
    {
        var carrier = Text("shipment.carrier", shipment.Carrier, 32);
        var trackingNo = Text("shipment.trackingNo", shipment.TrackingNo, 64);
        var shippedAt = Time("shipment.shippedAt", shipment.ShippedAt, now);
        return carrier is null || trackingNo is null || shippedAt is null ? null : (carrier, trackingNo, shippedAt.Value);
    }

    /// <summary>Each step's time not before the one before it.</summary>
    public void InOrder(params (string Field, DateTimeOffset? At)[] steps)
    {
        var known = steps.Where(s => s.At is not null).ToList();
        for (var i = 1; i < known.Count; i++)
        {
            if (known[i].At < known[i - 1].At)
            {
                Add(known[i].Field, $"Before {known[i - 1].Field}.");
            }
        }
    }
}

/// <summary>
/// The steps an order upsert takes (pay, ship, deliver, complete), each checked against the order's life cycle before
/// the first is taken, so that an upsert is applied whole or refused whole. What was recorded is never taken back or
/// replaced: a document without it, or with another, is a conflict.
/// </summary>
internal sealed class OrderSteps
{
    private readonly List<Action<Order>> steps = [];

    public string? Refusal { get; private set; }

    public int Count => steps.Count;

    public static OrderSteps Plan(
        Order order,
        (long AmountMinor, PaymentMethod Method, string TransactionNo, DateTimeOffset PaidAt)? payment,
        (string Carrier, string TrackingNo, DateTimeOffset ShippedAt)? shipment,
        DateTimeOffset? deliveredAt,
        DateTimeOffset? completedAt)
    {
        var plan = new OrderSteps();
        var status = order.Status;
        var no = order.OrderNo;
        if (order.Payments.FirstOrDefault() is { } paid)
        {
            if (payment is not { } p)
            {
                return plan.Refuse($"Order {no} is paid (transaction {paid.TransactionNo}); an update cannot take the payment back.");
            }

            if (p.TransactionNo != paid.TransactionNo || p.AmountMinor != paid.AmountMinor || p.Method != paid.Method || p.PaidAt != paid.PaidAt)
            {
                return plan.Refuse($"Order {no} was paid with transaction {paid.TransactionNo}; another payment cannot replace it.");
            }
        }
        else if (payment is { } p)
        {
            if (status != OrderStatus.Created)
            {
                return plan.Refuse($"Order {no} is {status}; it cannot become {OrderStatus.Paid}.");
            }

            if (p.AmountMinor != order.AmountDue.Minor)
            {
                return plan.Refuse($"Order {no} is due {order.AmountDue}; a payment of {new Money(p.AmountMinor, order.Currency)} does not settle it.");
            }

            plan.steps.Add(o => o.Pay(new Money(p.AmountMinor, o.Currency), p.Method, p.TransactionNo, p.PaidAt));
            status = OrderStatus.Paid;
        }

        if (order.Shipments.FirstOrDefault() is { } shipped)
        {
            if (shipment is not { } s)
            {
                return plan.Refuse($"Order {no} was shipped ({shipped.Carrier} {shipped.TrackingNo}); an update cannot take the shipment back.");
            }

            if (s.Carrier != shipped.Carrier || s.TrackingNo != shipped.TrackingNo || s.ShippedAt != shipped.ShippedAt)
            {
                return plan.Refuse($"Order {no} was shipped as {shipped.Carrier} {shipped.TrackingNo}; another shipment cannot replace it.");
            }
        }
        else if (shipment is { } s)
        {
            if (status != OrderStatus.Paid)
            {
                return plan.Refuse($"Order {no} is {status}; it cannot become {OrderStatus.Shipped}.");
            }

            plan.steps.Add(o => o.Ship(s.Carrier, s.TrackingNo, s.ShippedAt));
            status = OrderStatus.Shipped;
        }

        _ = plan.Milestone(no, order.DeliveredAt, deliveredAt, "delivered", OrderStatus.Shipped, OrderStatus.Delivered, ref status, (o, at) => o.ConfirmDelivery(at))
            && plan.Milestone(no, order.CompletedAt, completedAt, "completed", OrderStatus.Delivered, OrderStatus.Completed, ref status, (o, at) => o.Complete(at));
        return plan;
    }

    public void Apply(Order order)
    {
        foreach (var step in steps)
        {
            step(order);
        }
    }

    private bool Milestone(
        string no, DateTimeOffset? recorded, DateTimeOffset? reported, string what, OrderStatus from, OrderStatus to, ref OrderStatus status,
        Action<Order, DateTimeOffset> step)
    {
        if (recorded is { } was)
        {
            if (reported is not { } now)
            {
                Refuse($"Order {no} was {what} at {was:O}; an update cannot take that back.");
                return false;
            }

            if (now != was)
            {
                Refuse($"Order {no} was {what} at {was:O}; it cannot be {what} again at {now:O}.");
                return false;
            }

            return true;
        }

        if (reported is { } at)
        {
            if (status != from)
            {
                Refuse($"Order {no} is {status}; it cannot become {to}.");
                return false;
            }

            steps.Add(o => step(o, at));
            status = to;
        }

        return true;
    }

    private OrderSteps Refuse(string reason)
    {
        Refusal = reason;
        steps.Clear();
        return this;
    }
}

/// <summary>Opaque cursors for lists: the position after the last item of a page.</summary>
public static class ApiCursor
{
    public static string Encode(long afterId) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes("after:" + afterId.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The id after which the page starts; 0 for no cursor; null for a cursor this API did not give.</summary>
    public static long? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return 0;
        }

        if (cursor.Length > 64)
        {
            return null;
        }

        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
            return text.StartsWith("after:", StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
