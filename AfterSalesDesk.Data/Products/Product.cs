using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Merchants;

namespace AfterSalesDesk.Data.Products;

/// <summary>A product a merchant sells. Order lines copy its name and price at the time of sale.</summary>
public class Product
{
    private Product()
    {
    }

    public Product(int merchantId, string sku, string name, string category, Money price, int warrantyMonths, DateTimeOffset createdAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sku);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (price.IsNegative)
        {
            throw new DomainException($"The price of {name} cannot be negative.");
        }

        if (warrantyMonths is < 0 or > 120)
        {
            throw new DomainException("A warranty lasts from 0 to 120 months.");
        }

        MerchantId = merchantId;
        Sku = sku.Trim();
        Name = name.Trim();
        Category = category.Trim();
        PriceMinor = price.Minor;
        Currency = price.Currency;
        WarrantyMonths = warrantyMonths;
        CreatedAt = createdAt;
    }

    public int Id { get; private set; }

    public int MerchantId { get; private set; }

    public Merchant? Merchant { get; private set; }

    public string Sku { get; private set; } = "";

    public string Name { get; private set; } = "";

    public string Category { get; private set; } = "";

    public long PriceMinor { get; private set; }

    public string Currency { get; private set; } = Money.DefaultCurrency;

    public Money Price => new(PriceMinor, Currency);

    /// <summary>Months of free repair after delivery (repairs come with their own issue).</summary>
    public int WarrantyMonths { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>
    /// The product as the merchant now sells it. Order lines keep the name and price of their sale; the warranty applies
    /// to repairs asked for from now on.
    /// </summary>
    public void Update(string name, string category, Money price, int warrantyMonths)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (price.IsNegative)
        {
            throw new DomainException($"The price of {name} cannot be negative.");
        }

        if (price.Currency != Currency)
        {
            throw new DomainException($"{Sku} is priced in {Currency}; its price cannot change to {price.Currency}.");
        }

        if (warrantyMonths is < 0 or > 120)
        {
            throw new DomainException("A warranty lasts from 0 to 120 months.");
        }

        Name = name.Trim();
        Category = category.Trim();
        PriceMinor = price.Minor;
        WarrantyMonths = warrantyMonths;
    }
}
