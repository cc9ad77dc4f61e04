using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Orders;

namespace AfterSalesDesk.Tests.Orders;

public class OrderLifecycleTests
{
    private static readonly OrderStatus[] All = Enum.GetValues<OrderStatus>();

    public static TheoryData<OrderStatus, OrderStatus> EveryPair()
    {
        var data = new TheoryData<OrderStatus, OrderStatus>();
        foreach (var from in All)
        {
            foreach (var to in All)
            {
                data.Add(from, to);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Transition_ForEveryPair_IsAllowedOnlyOneStepForward(OrderStatus from, OrderStatus to)
    {
        var order = new OrderBuilder().BuildIn(from);
        var allowed = (int)to == (int)from + 1;

        Assert.Equal(allowed, order.CanTransitionTo(to));
        if (to == OrderStatus.Created)
        {
            return; // no method leads back to Created: the table above is the whole rule
        }

        var attempt = Record.Exception(() => Move(order, to));
        if (allowed)
        {
            Assert.Null(attempt);
            Assert.Equal(to, order.Status);
        }
        else
        {
            var error = Assert.IsType<DomainException>(attempt);
            Assert.Equal($"Order SO-TEST-1 is {from}; it cannot become {to}.", error.Message);
            Assert.Equal(from, order.Status);
        }
    }

    [Fact]
    public void AmountDue_IsLinesPaidAmountsPlusShipping()
    {
        var order = new OrderBuilder().Build();

        // 2 × 19.90 + (99.00 − 10.00) + 6.00
        Assert.Equal(Money.Cny(3980 + 8900 + 600), order.AmountDue);
    }

    [Fact]
    public void Pay_WhenAmountDiffersFromDue_IsRefusedAndNothingChanges()
    {
        var order = new OrderBuilder().Build();
        var version = order.Version;

        var error = Assert.Throws<DomainException>(() => order.Pay(Money.Cny(100), PaymentMethod.WeChatPay, "TXN-1", OrderBuilder.Placed));

        Assert.Contains("does not settle it", error.Message);
        Assert.Equal(OrderStatus.Created, order.Status);
        Assert.Empty(order.Payments);
        Assert.Equal(version, order.Version);
    }

    [Fact]
    public void EveryStep_RenewsTheVersionAndRecordsItsTime()
    {
        var order = new OrderBuilder().Build();
        var versions = new HashSet<Guid> { order.Version };

        order.Pay(order.AmountDue, PaymentMethod.UnionPay, "TXN-2", OrderBuilder.Placed.AddMinutes(1));
        versions.Add(order.Version);
        order.Ship("ZTO", "ZT1", OrderBuilder.Placed.AddHours(3));
        versions.Add(order.Version);
        order.ConfirmDelivery(OrderBuilder.Placed.AddDays(2));
        versions.Add(order.Version);

        Assert.Equal(4, versions.Count);
        Assert.Equal(OrderBuilder.Placed.AddDays(2), order.DeliveredAt);
        Assert.Equal(OrderBuilder.Placed.AddDays(2), Assert.Single(order.Shipments).DeliveredAt);
    }

    [Theory]
    [InlineData(0, 1000, 0, "must be at least 1")]
    [InlineData(1, -5, 0, "cannot be negative")]
    [InlineData(2, 1000, 2001, "exceeds its price")]
    public void Place_WhenLineInvalid_IsRefused(int quantity, long price, long discount, string message)
    {
        var error = Assert.Throws<DomainException>(() => new OrderBuilder().WithLine(quantity, price, discount).Build());

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Place_WhenNoLines_IsRefused()
    {
        var error = Assert.Throws<DomainException>(() =>
            Order.Place("SO-X", 1, 1, Money.Zero(), [], OrderBuilder.Placed));

        Assert.Equal("An order needs at least one line.", error.Message);
    }

    [Fact]
    public void Place_WhenLineInAnotherCurrency_IsRefused()
    {
        var line = new NewOrderLine(1, "S", "P", 1, new Money(100, "USD"), new Money(0, "USD"));

        Assert.Throws<DomainException>(() => Order.Place("SO-X", 1, 1, Money.Zero(), [line], OrderBuilder.Placed));
    }

    private static void Move(Order order, OrderStatus to)
    {
        var at = OrderBuilder.Placed.AddDays(20);
        switch (to)
        {
            case OrderStatus.Paid:
                order.Pay(order.AmountDue, PaymentMethod.Alipay, "TXN-X", at);
                break;
            case OrderStatus.Shipped:
                order.Ship("EMS", "E1", at);
                break;
            case OrderStatus.Delivered:
                order.ConfirmDelivery(at);
                break;
            case OrderStatus.Completed:
                order.Complete(at);
                break;
        }
    }
}
