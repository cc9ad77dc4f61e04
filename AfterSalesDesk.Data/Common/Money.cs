using System.Globalization;

namespace AfterSalesDesk.Data.Common;

/// <summary>
/// An exact amount of money: whole minor units (fen for CNY) and a currency code. Never a double.
/// Arithmetic across currencies is refused rather than silently mixed. Entities store the minor units
/// in a <c>long</c> column next to the currency of their order (docs/decisions/0006-money.md).
/// </summary>
public readonly record struct Money(long Minor, string Currency) : IComparable<Money>
{
    public const string DefaultCurrency = "CNY";

    public static Money Zero(string currency = DefaultCurrency) => new(0, currency);

    public static Money Cny(long minor) => new(minor, DefaultCurrency);

    /// <summary>From a decimal amount in major units; refuses amounts that do not fit in minor units exactly.</summary>
    public static Money FromMajor(decimal amount, string currency = DefaultCurrency)
    {
        // Beyond this the minor units do not fit in a long: a readable refusal, not an OverflowException.
        if (decimal.Abs(amount) > long.MaxValue / 100)
        {
            throw new DomainException($"{amount} {currency} is too large an amount.");
        }

        var minor = amount * 100m;
        if (minor != decimal.Truncate(minor))
        {
            throw new DomainException($"{amount} {currency} has more than two decimal places.");
        }

        return new Money((long)minor, currency);
    }

    public decimal Major => Minor / 100m;

    public bool IsNegative => Minor < 0;

    public static Money operator +(Money a, Money b) => new(checked(a.Minor + SameCurrency(a, b).Minor), a.Currency);

    public static Money operator -(Money a, Money b) => new(checked(a.Minor - SameCurrency(a, b).Minor), a.Currency);

    public static Money operator *(Money a, int factor) => new(checked(a.Minor * factor), a.Currency);

    public static bool operator <(Money a, Money b) => a.CompareTo(b) < 0;

    public static bool operator >(Money a, Money b) => a.CompareTo(b) > 0;

    public static bool operator <=(Money a, Money b) => a.CompareTo(b) <= 0;

    public static bool operator >=(Money a, Money b) => a.CompareTo(b) >= 0;

    public int CompareTo(Money other) => Minor.CompareTo(SameCurrency(this, other).Minor);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Currency} {Major:0.00}");

    private static Money SameCurrency(Money a, Money b) =>
        string.Equals(a.Currency, b.Currency, StringComparison.Ordinal)
            ? b
            : throw new DomainException($"Cannot combine {a.Currency} and {b.Currency} amounts.");
}
