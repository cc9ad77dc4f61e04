using AfterSalesDesk.Data.Common;

namespace AfterSalesDesk.Data.Orders;

/// <summary>
/// One product on an order, with the price and discount at the time of sale. Its paid amount is
/// what refunds of this line are computed from (refund = paid amount × (1 − deduction ratio)).
/// </summary>
public class OrderLine
{
    private OrderLine()
    {
    }

    internal OrderLine(int productId, string sku, string productName, int quantity, Money unitPrice, Money discount)
    {
        if (quantity <= 0)
        {
            throw new DomainException($"The quantity of {productName} must be at least 1.");
        }

        if (unitPrice.IsNegative || discount.IsNegative)
        {
            throw new DomainException($"Price and discount of {productName} cannot be negative.");
        }

        if (discount > unitPrice * quantity)
        {
            throw new DomainException($"The discount on {productName} exceeds its price.");
        }

        ProductId = productId;
        Sku = sku;
        ProductName = productName;
        Quantity = quantity;
        UnitPriceMinor = unitPrice.Minor;
        DiscountMinor = discount.Minor;
    }

    public long Id { get; private set; }

    public long OrderId { get; private set; }

    public int ProductId { get; private set; }

    public string Sku { get; private set; } = "";

    public string ProductName { get; private set; } = "";

    public int Quantity { get; private set; }

    public long UnitPriceMinor { get; private set; }

    /// <summary>The part of the order's discounts allocated to this line.</summary>
    public long DiscountMinor { get; private set; }

    public Money UnitPrice(string currency) => new(UnitPriceMinor, currency);

    public Money PaidAmount(string currency) => new(UnitPriceMinor * Quantity - DiscountMinor, currency);
}
