using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Orders;
using AfterSalesDesk.Tests.Orders;

namespace AfterSalesDesk.Tests.Cases;

/// <summary>The limits on opening a case: quantities, cases per line, stage and windows.</summary>
public class CasePolicyTests
{
    private static readonly CaseLimits Limits = new();
    private static readonly DateTimeOffset Delivered = OrderBuilder.Placed.AddDays(3);

    // The default order: line 0 is 2 × earbuds, line 0 too for the charger (ids are 0 until saved),
    // so these tests use an order with one line of quantity 3.
    private static Order Order(OrderStatus status = OrderStatus.Delivered) =>
        new OrderBuilder().WithLine(3, 5000).WithShipping(0).BuildIn(status);

    private static void Check(Order order, CaseKind kind, ProblemStage stage, int quantity, DateTimeOffset now, params EarlierCaseLine[] earlier) =>
        CasePolicy.Check(order, kind, "Quality problem", stage, [(0, quantity)], earlier, Limits, now);

    [Fact]
    public void Check_WhenQuantityWithinWhatWasBought_Passes()
    {
        Check(Order(), CaseKind.ReturnAndRefund, ProblemStage.AfterDelivery, 3, Delivered.AddDays(1));
    }

    [Fact]
    public void Check_WhenQuantityExceedsWhatIsLeftAfterEarlierCases_ExplainsHowManyAreLeft()
    {
        var earlier = new EarlierCaseLine(1, 0, 2, CaseKind.ReturnAndRefund, CaseStatus.AwaitingReturnShipment, false);

        var error = Assert.Throws<DomainException>(() => Check(Order(), CaseKind.ReturnAndRefund, ProblemStage.AfterDelivery, 2, Delivered, earlier));

        Assert.Equal("Only 1 of 3 Product 0 are left for a new case; earlier cases cover 2.", error.Message);
    }

    [Theory]
    [InlineData(CaseStatus.CancelledByBuyer, false, true)]
    [InlineData(CaseStatus.Closed, false, true)]
    [InlineData(CaseStatus.Closed, true, false)]
    [InlineData(CaseStatus.Refunded, true, false)]
    [InlineData(CaseStatus.Escalated, false, false)]
    public void Check_WhenEarlierCaseEnded_GivesItsQuantityBackUnlessRefunded(CaseStatus status, bool refunded, bool passes)
    {
        var earlier = new EarlierCaseLine(1, 0, 3, CaseKind.RefundOnly, status, refunded);

        var error = Record.Exception(() => Check(Order(), CaseKind.RefundOnly, ProblemStage.AfterDelivery, 1, Delivered, earlier));

        Assert.Equal(passes, error is null);
    }

    [Fact]
    public void Check_WhenTheLineHasFiveCasesAlready_RefusesASixth()
    {
        var earlier = Enumerable.Range(1, 5).Select(id => new EarlierCaseLine(id, 0, 1, CaseKind.RefundOnly, CaseStatus.CancelledByBuyer, false)).ToArray();

        var error = Assert.Throws<DomainException>(() => Check(Order(), CaseKind.RefundOnly, ProblemStage.AfterDelivery, 1, Delivered, earlier));

        Assert.Equal("Product 0 already has 5 after-sales cases; at most 5 are allowed per order line.", error.Message);
    }

    [Theory]
    [InlineData(CaseKind.RefundOnly, 15)]
    [InlineData(CaseKind.ReturnAndRefund, 7)]
    [InlineData(CaseKind.Exchange, 15)]
    [InlineData(CaseKind.Repair, 365)]
    public void Check_AtTheEdgeOfTheWindow_PassesAndADayLaterIsRefused(CaseKind kind, int days)
    {
        Check(Order(), kind, ProblemStage.AfterDelivery, 1, Delivered.AddDays(days));

        var error = Assert.Throws<DomainException>(() => Check(Order(), kind, ProblemStage.AfterDelivery, 1, Delivered.AddDays(days).AddMinutes(1)));

        Assert.Contains($"up to {days} days after delivery", error.Message);
    }

    [Fact]
    public void Check_WhenOrderNotPaid_Refuses()
    {
        var error = Assert.Throws<DomainException>(() => Check(Order(OrderStatus.Created), CaseKind.RefundOnly, ProblemStage.BeforeShipment, 1, Delivered));

        Assert.Contains("is not paid yet", error.Message);
    }

    [Theory]
    [InlineData(OrderStatus.Paid, ProblemStage.AfterDelivery)]
    [InlineData(OrderStatus.Shipped, ProblemStage.BeforeShipment)]
    [InlineData(OrderStatus.Delivered, ProblemStage.InTransit)]
    public void Check_WhenStageDoesNotMatchTheOrder_Refuses(OrderStatus status, ProblemStage stage)
    {
        var error = Assert.Throws<DomainException>(() => Check(Order(status), CaseKind.RefundOnly, stage, 1, Delivered));

        Assert.Contains("so the problem arose", error.Message);
    }

    [Theory]
    [InlineData(CaseKind.ReturnAndRefund)]
    [InlineData(CaseKind.Exchange)]
    [InlineData(CaseKind.Repair)]
    public void Check_WhenGoodsHaveNotArrived_AllowsOnlyRefundOnly(CaseKind kind)
    {
        Check(Order(OrderStatus.Shipped), CaseKind.RefundOnly, ProblemStage.InTransit, 1, Delivered);

        var error = Assert.Throws<DomainException>(() => Check(Order(OrderStatus.Shipped), kind, ProblemStage.InTransit, 1, Delivered));

        Assert.Contains("needs the goods to have arrived", error.Message);
    }

    [Fact]
    public void Check_WhenReasonNotConfigured_Refuses()
    {
        var error = Assert.Throws<DomainException>(() =>
            CasePolicy.Check(Order(), CaseKind.RefundOnly, "Because", ProblemStage.AfterDelivery, [(0, 1)], [], Limits, Delivered));

        Assert.Equal("Choose one of the listed reasons.", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Check_WhenNothingRequested_Refuses(int quantity)
    {
        Assert.Throws<DomainException>(() => Check(Order(), CaseKind.RefundOnly, ProblemStage.AfterDelivery, quantity, Delivered));
    }

    [Fact]
    public void Check_WhenLineNotOnOrder_Refuses()
    {
        var error = Assert.Throws<DomainException>(() =>
            CasePolicy.Check(Order(), CaseKind.RefundOnly, "Quality problem", ProblemStage.AfterDelivery, [(999, 1)], [], Limits, Delivered));

        Assert.Equal("That line is not on this order.", error.Message);
    }
}
