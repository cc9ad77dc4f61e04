using AfterSalesDesk.Data.Common;

namespace AfterSalesDesk.Tests.Common;

public class MoneyTests
{
    [Fact]
    public void Add_WhenSameCurrency_AddsMinorUnitsExactly()
    {
        var sum = Money.Cny(10) + Money.Cny(20);

        Assert.Equal(Money.Cny(30), sum);
        Assert.Equal(0.30m, sum.Major);
    }

    [Fact]
    public void Add_WhenCurrenciesDiffer_Throws()
    {
        var error = Assert.Throws<DomainException>(() => Money.Cny(100) + new Money(100, "USD"));

        Assert.Equal("Cannot combine CNY and USD amounts.", error.Message);
    }

    [Fact]
    public void Compare_WhenCurrenciesDiffer_Throws()
    {
        Assert.Throws<DomainException>(() => Money.Cny(1) < new Money(2, "USD"));
    }

    [Theory]
    [InlineData("0.1", 10)]
    [InlineData("19.99", 1999)]
    [InlineData("1234567.00", 123456700)]
    public void FromMajor_WhenTwoDecimals_IsExact(string amount, long minor)
    {
        Assert.Equal(Money.Cny(minor), Money.FromMajor(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void FromMajor_WhenMoreThanTwoDecimals_IsRefused()
    {
        Assert.Throws<DomainException>(() => Money.FromMajor(0.005m));
    }

    [Fact]
    public void Multiply_WhenOverflowing_Throws()
    {
        Assert.Throws<OverflowException>(() => Money.Cny(long.MaxValue / 2) * 3);
    }

    [Fact]
    public void ToString_ShowsCurrencyAndTwoDecimals()
    {
        Assert.Equal("CNY 12.50", Money.Cny(1250).ToString());
        Assert.Equal("CNY -0.05", Money.Cny(-5).ToString());
    }
}
