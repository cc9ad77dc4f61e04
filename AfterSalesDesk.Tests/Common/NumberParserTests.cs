using AfterSalesDesk.Web.Components.Shared;
using AfterSalesDesk.Web.Resources;
using Microsoft.Extensions.Localization;

namespace AfterSalesDesk.Tests.Common;

/// <summary>The one parser of typed numbers: plain numbers within the field's range, else a readable message, never an exception.</summary>
public class NumberParserTests
{
    private static readonly IStringLocalizer<SharedResource> English = new KeysAsTexts();

    [Theory]
    [InlineData("0", 0, 100, 2, 0)]
    [InlineData(" 12 ", 0, 100, 0, 12)]
    [InlineData("12.5", 0, 100, 2, 12.5)]
    [InlineData("12.50", 0, 100, 1, 12.5)]
    [InlineData("100", 0, 100, 2, 100)]
    [InlineData("0.01", 0, 100, 2, 0.01)]
    [InlineData(".5", 0, 1, 2, 0.5)]
    [InlineData("3", 0, 3, 0, 3)]
    public void Parse_APlainNumberInRange_GivesIt(string text, double min, double max, int decimals, double expected)
    {
        var parsed = NumberParser.Parse(text, (decimal)min, (decimal)max, decimals, English);

        Assert.Null(parsed.Message);
        Assert.Equal((decimal)expected, parsed.Value);
    }

    [Theory]
    [InlineData("1000000000000", 0, 100, 2, "Enter a number from {0} to {1}.")]
    [InlineData("999999999999", 0, 2, 0, "Enter a number from {0} to {1}.")]
    [InlineData("99999999999999999999999999999999999999", 0, 100, 2, "Enter a number from {0} to {1}.")]
    [InlineData("100.01", 0, 100, 2, "Enter a number from {0} to {1}.")]
    [InlineData("-1", 0, 100, 2, "Enter a number from {0} to {1}.")]
    [InlineData("3", 0, 2, 0, "Enter a number from {0} to {1}.")]
    [InlineData("", 0, 2, 0, "Enter a number from {0} to {1}.")]
    [InlineData("1e12", 0, 2, 0, "Enter a whole number, such as 2.")]
    [InlineData("1.5", 0, 2, 0, "Enter a whole number, such as 2.")]
    [InlineData("1e12", 0, 100, 2, "Enter a number, such as 12 or 12.5.")]
    [InlineData("1,000", 0, 10000, 2, "Enter a number, such as 12 or 12.5.")]
    [InlineData("ten", 0, 100, 2, "Enter a number, such as 12 or 12.5.")]
    [InlineData("12.345", 0, 100, 2, "Use at most {0} decimals.")]
    [InlineData("NaN", 0, 100, 2, "Enter a number, such as 12 or 12.5.")]
    [InlineData("-", 0, 100, 2, "Enter a number, such as 12 or 12.5.")]
    [InlineData(".", 0, 100, 2, "Enter a number, such as 12 or 12.5.")]
    [InlineData("1 000", 0, 10000, 0, "Enter a whole number, such as 2.")]
    public void Parse_AnythingElse_GivesAMessageAndNoValue(string text, double min, double max, int decimals, string message)
    {
        var parsed = NumberParser.Parse(text, (decimal)min, (decimal)max, decimals, English);

        Assert.Null(parsed.Value);
        Assert.False(parsed.Ok);
        Assert.Equal(message.Replace("{0}", message.Contains("decimals") ? decimals.ToString() : NumberParser.Show((decimal)min))
            .Replace("{1}", NumberParser.Show((decimal)max)), parsed.Message);
    }

    /// <summary>Answers every text with its key, as the English resources do.</summary>
    private sealed class KeysAsTexts : IStringLocalizer<SharedResource>
    {
        public LocalizedString this[string name] => new(name, name);

        public LocalizedString this[string name, params object[] arguments] => new(name, string.Format(name, arguments));

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }
}
