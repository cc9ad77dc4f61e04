using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Orders;

namespace AfterSalesDesk.Tests.Orders;

/// <summary>Builds orders for tests: by default two lines (2 × 19.90 and 1 × 99.00 less 10.00) and 6.00 shipping.</summary>
public sealed class OrderBuilder
{
    public static readonly DateTimeOffset Placed = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly List<NewOrderLine> lines = [];
    private string orderNo = "SO-TEST-1";
    private int merchantId = 1;
    private long customerId = 1;
    private Money shipping = Money.Cny(600);

    public OrderBuilder WithNumber(string number)
    {
        orderNo = number;
        return this;
    }

    public OrderBuilder For(int merchant, long customer, int productId)
    {
        merchantId = merchant;
        customerId = customer;
        lines.Clear();
        lines.Add(new NewOrderLine(productId, "SKU-A", "Earbuds", 2, Money.Cny(1990), Money.Zero()));
        return this;
    }

    public OrderBuilder WithLine(int quantity, long unitPriceMinor, long discountMinor = 0, int productId = 1)
    {
        lines.Add(new NewOrderLine(productId, $"SKU-{lines.Count}", $"Product {lines.Count}", quantity, Money.Cny(unitPriceMinor), Money.Cny(discountMinor)));
        return this;
    }

    public OrderBuilder WithShipping(long minor)
    {
        shipping = Money.Cny(minor);
        return this;
    }

    public Order Build()
    {
        var orderLines = lines.Count > 0
            ? lines
            : [
                new NewOrderLine(1, "SKU-A", "Earbuds", 2, Money.Cny(1990), Money.Zero()),
                new NewOrderLine(2, "SKU-B", "Charger", 1, Money.Cny(9900), Money.Cny(1000)),
            ];
        return Order.Place(orderNo, merchantId, customerId, shipping, orderLines, Placed);
    }

    /// <summary>An order moved along its life cycle up to the given state.</summary>
    public Order BuildIn(OrderStatus status)
    {
        var order = Build();
        if (status >= OrderStatus.Paid)
        {
            order.Pay(order.AmountDue, PaymentMethod.Alipay, "TXN-" + orderNo, Placed.AddMinutes(5));
        }

        if (status >= OrderStatus.Shipped)
        {
            order.Ship("SF Express", "SF123", Placed.AddHours(20));
        }

        if (status >= OrderStatus.Delivered)
        {
            order.ConfirmDelivery(Placed.AddDays(3));
        }

        if (status >= OrderStatus.Completed)
        {
            order.Complete(Placed.AddDays(10));
        }

        return order;
    }
}
