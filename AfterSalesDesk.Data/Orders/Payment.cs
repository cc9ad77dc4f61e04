using AfterSalesDesk.Data.Common;

namespace AfterSalesDesk.Data.Orders;

/// <summary>What the buyer paid for an order: amount, method and the payment provider's transaction number.</summary>
public class Payment
{
    private Payment()
    {
    }

    internal Payment(Money amount, PaymentMethod method, string transactionNo, DateTimeOffset paidAt)
    {
        AmountMinor = amount.Minor;
        Currency = amount.Currency;
        Method = method;
        TransactionNo = transactionNo;
        PaidAt = paidAt;
    }

    public long Id { get; private set; }

    public long OrderId { get; private set; }

    public long AmountMinor { get; private set; }

    public string Currency { get; private set; } = Money.DefaultCurrency;

    public Money Amount => new(AmountMinor, Currency);

    public PaymentMethod Method { get; private set; }

    public string TransactionNo { get; private set; } = "";

    public DateTimeOffset PaidAt { get; private set; }
}
