using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Customers;
using AfterSalesDesk.Data.Merchants;

namespace AfterSalesDesk.Data.Orders;

/// <summary>
/// A buyer's order at one merchant, the thing every after-sales case hangs on. Its life cycle moves
/// only through the intention-named methods below, each guarded by one transition table; an illegal
/// move throws a <see cref="DomainException"/> that says why.
/// </summary>
public class Order
{
    private static readonly Dictionary<OrderStatus, OrderStatus[]> Transitions = new()
    {
        [OrderStatus.Created] = [OrderStatus.Paid],
        [OrderStatus.Paid] = [OrderStatus.Shipped],
        [OrderStatus.Shipped] = [OrderStatus.Delivered],
        [OrderStatus.Delivered] = [OrderStatus.Completed],
        [OrderStatus.Completed] = [],
    };

    private readonly List<OrderLine> lines = [];
    private readonly List<Payment> payments = [];
    private readonly List<Shipment> shipments = [];

    private Order()
    {
    }

    public long Id { get; private set; }

    /// <summary>The number buyers and merchants quote, e.g. "SO20261122000042".</summary>
    public string OrderNo { get; private set; } = "";

    public int MerchantId { get; private set; }

    public Merchant? Merchant { get; private set; }

    public long CustomerId { get; private set; }

    public Customer? Customer { get; private set; }

    public OrderStatus Status { get; private set; }

    public string Currency { get; private set; } = Money.DefaultCurrency;

    public long ShippingFeeMinor { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? PaidAt { get; private set; }

    public DateTimeOffset? ShippedAt { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>Optimistic concurrency token, renewed on every change (SQLite has no row versions).</summary>
    public Guid Version { get; private set; }

    /// <summary>What the buyer paid (goods and shipping), set with the payment.</summary>
    public long PaidMinor { get; private set; }

    /// <summary>
    /// Refunds promised or paid out: those awaiting approval, granted and succeeded. Never above
    /// <see cref="PaidMinor"/>: the entity refuses it and a CHECK constraint in the database too.
    /// </summary>
    public long RefundCommittedMinor { get; private set; }

    public Money Paid => new(PaidMinor, Currency);

    /// <summary>The refundable balance: paid minus refunded and pending.</summary>
    public Money Refundable => new(PaidMinor - RefundCommittedMinor, Currency);

    public IReadOnlyList<OrderLine> Lines => lines;

    public IReadOnlyList<Payment> Payments => payments;

    public IReadOnlyList<Shipment> Shipments => shipments;

    public Money ShippingFee => new(ShippingFeeMinor, Currency);

    /// <summary>What the buyer owes: the lines' paid amounts plus shipping.</summary>
    public Money AmountDue => lines.Aggregate(ShippingFee, (sum, line) => sum + line.PaidAmount(Currency));

    public static Order Place(
        string orderNo, int merchantId, long customerId, Money shippingFee, IEnumerable<NewOrderLine> newLines, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderNo);
        if (shippingFee.IsNegative)
        {
            throw new DomainException("The shipping fee cannot be negative.");
        }

        var order = new Order
        {
            OrderNo = orderNo.Trim(),
            MerchantId = merchantId,
            CustomerId = customerId,
            Currency = shippingFee.Currency,
            ShippingFeeMinor = shippingFee.Minor,
            Status = OrderStatus.Created,
            CreatedAt = at,
            Version = Guid.NewGuid(),
        };
        foreach (var line in newLines)
        {
            if (line.UnitPrice.Currency != order.Currency || line.Discount.Currency != order.Currency)
            {
                throw new DomainException($"All amounts of order {orderNo} must be in {order.Currency}.");
            }

            order.lines.Add(new OrderLine(line.ProductId, line.Sku, line.ProductName, line.Quantity, line.UnitPrice, line.Discount));
        }

        if (order.lines.Count == 0)
        {
            throw new DomainException("An order needs at least one line.");
        }

        return order;
    }

    /// <summary>Sets money aside for a refund; refused when it would take the balance below zero.</summary>
    public void CommitRefund(Money amount)
    {
        if (amount.Currency != Currency || amount.Minor <= 0)
        {
            throw new DomainException($"A refund on order {OrderNo} must be a positive amount in {Currency}.");
        }

        if (amount > Refundable)
        {
            throw new DomainException($"Order {OrderNo} has {Refundable} left to refund (paid {Paid}); a refund of {amount} is more than that.");
        }

        RefundCommittedMinor += amount.Minor;
        Version = Guid.NewGuid();
    }

    /// <summary>Gives back what a rejected or cancelled refund had set aside.</summary>
    public void ReleaseRefund(Money amount)
    {
        if (amount.Currency != Currency || amount.Minor <= 0 || amount.Minor > RefundCommittedMinor)
        {
            throw new DomainException($"Order {OrderNo} has only {new Money(RefundCommittedMinor, Currency)} set aside for refunds; {amount} cannot be released.");
        }

        RefundCommittedMinor -= amount.Minor;
        Version = Guid.NewGuid();
    }

    public bool CanTransitionTo(OrderStatus next) => Transitions[Status].Contains(next);

    /// <summary>Records the buyer's payment, which must cover exactly what is due.</summary>
    public void Pay(Money amount, PaymentMethod method, string transactionNo, DateTimeOffset at)
    {
        EnsureCanMoveTo(OrderStatus.Paid);
        if (amount != AmountDue)
        {
            throw new DomainException($"Order {OrderNo} is due {AmountDue}; a payment of {amount} does not settle it.");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(transactionNo);
        MoveTo(OrderStatus.Paid);
        payments.Add(new Payment(amount, method, transactionNo, at));
        PaidAt = at;
        PaidMinor = amount.Minor;
    }

    public void Ship(string carrier, string trackingNo, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(carrier);
        ArgumentException.ThrowIfNullOrWhiteSpace(trackingNo);
        MoveTo(OrderStatus.Shipped);
        shipments.Add(new Shipment(carrier.Trim(), trackingNo.Trim(), at));
        ShippedAt = at;
    }

    public void ConfirmDelivery(DateTimeOffset at)
    {
        MoveTo(OrderStatus.Delivered);
        foreach (var shipment in shipments.Where(s => s.DeliveredAt is null))
        {
            shipment.MarkDelivered(at);
        }

        DeliveredAt = at;
    }

    public void Complete(DateTimeOffset at)
    {
        MoveTo(OrderStatus.Completed);
        CompletedAt = at;
    }

    private void EnsureCanMoveTo(OrderStatus next)
    {
        if (!CanTransitionTo(next))
        {
            throw new DomainException($"Order {OrderNo} is {Status}; it cannot become {next}.");
        }
    }

    private void MoveTo(OrderStatus next)
    {
        EnsureCanMoveTo(next);
        Status = next;
        Version = Guid.NewGuid();
    }
}

public sealed record NewOrderLine(int ProductId, string Sku, string ProductName, int Quantity, Money UnitPrice, Money Discount);
