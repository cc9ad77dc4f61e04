using AfterSalesDesk.Web.Features.Reports;

namespace AfterSalesDesk.Tests.Reports;

public class SpreadsheetTextTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\",\"click\")")]
    [InlineData("+1+2")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1:A2)")]
    [InlineData("\t=1+2")]
    [InlineData("\r=1+2")]
    [InlineData("\n=1+2")]
    public void NeutraliseFormula_WhenTextStartsLikeAFormula_PrefixesAnApostrophe(string text)
    {
        Assert.Equal("'" + text, SpreadsheetText.NeutraliseFormula(text));
    }

    [Theory]
    [InlineData("Screen cracked on arrival")]
    [InlineData("1+1=2, said the buyer")]
    [InlineData("屏幕碎了 =1+2")]
    [InlineData(" =1+2")]
    [InlineData("'already quoted")]
    [InlineData("")]
    public void NeutraliseFormula_WhenTextDoesNotStartLikeAFormula_LeavesItAlone(string text)
    {
        Assert.Equal(text, SpreadsheetText.NeutraliseFormula(text));
    }

    [Fact]
    public void Clean_WithCharactersXmlCannotCarry_DropsThemAndKeepsTheRest()
    {
        Assert.Equal("beforeafter\ttab\nline 😀", SpreadsheetText.Clean("before\u0001\u001Fafter\ttab\nline \uD83D\uDE00\uD800"));
    }

    [Fact]
    public void Clean_WithTextLookingLikeExcelsEscape_EscapesItsUnderscore()
    {
        Assert.Equal("code _x005F_x0041_ stays, _x41_ and snake_case too", SpreadsheetText.Clean("code _x0041_ stays, _x41_ and snake_case too"));
    }

    [Fact]
    public void NeutraliseFormula_WithTextLongerThanACellHolds_CutsItWithAnEllipsis()
    {
        var cut = SpreadsheetText.NeutraliseFormula("=" + new string('a', 40_000));

        Assert.Equal(SpreadsheetText.MaxCellLength, cut.Length);
        Assert.StartsWith("'=aaa", cut);
        Assert.EndsWith("a…", cut);
    }
}
