using System.Globalization;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Knowledge;

namespace AfterSalesDesk.Tests.Knowledge;

/// <summary>Filling a macro's placeholders, and refusing placeholders nobody can fill.</summary>
public class MacroTemplateTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.CreateCustomTimeZone("UTC+8", TimeSpan.FromHours(8), "UTC+8", "UTC+8");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");
    private static readonly MacroContext Case = new("李娜 Li Na", "PO20261101000007", "AS2026110200000042", new DateTimeOffset(2026, 11, 24, 10, 30, 0, TimeSpan.Zero));

    [Fact]
    public void Render_WhenAllPlaceholdersUsed_FillsEachFromTheCase()
    {
        var text = MacroTemplate.Render("Dear {buyer_name}, order {order_no}, case {case_no}, answer by {deadline}.", Case, English, Shanghai);

        // ICU puts a narrow no-break space before "PM"; what matters is the date, the zone's hour and the order.
        Assert.Equal("Dear 李娜 Li Na, order PO20261101000007, case AS2026110200000042, answer by 11/24/2026 6:30 PM.", text.Replace('\u202F', ' '));
    }

    [Fact]
    public void Render_WhenPlaceholderRepeated_FillsEveryOccurrence()
    {
        var text = MacroTemplate.Render("{case_no}/{case_no} {order_no}{order_no}", Case, English, Shanghai);

        Assert.Equal("AS2026110200000042/AS2026110200000042 PO20261101000007PO20261101000007", text);
    }

    [Fact]
    public void Render_WhenDeadlineMissing_SaysSoInTheCulturesLanguage()
    {
        var open = Case with { Deadline = null };

        Assert.Equal("Deadline: no open deadline", MacroTemplate.Render("Deadline: {deadline}", open, English, Shanghai));
        Assert.Equal("时限：暂无未到期的处理时限", MacroTemplate.Render("时限：{deadline}", open, Chinese, Shanghai));
    }

    [Fact]
    public void Render_WhenChinese_UsesTheChineseDateFormatInTheGivenZone()
    {
        var text = MacroTemplate.Render("请在{deadline}前处理", Case, Chinese, Shanghai);

        Assert.Equal("请在2026/11/24 18:30前处理", text);
    }

    [Fact]
    public void Render_WithoutZone_UsesTheServersLocalTime()
    {
        var expected = Case.Deadline!.Value.ToLocalTime().ToString("g", English);

        Assert.Equal(expected, MacroTemplate.Render("{deadline}", Case, English));
    }

    [Theory]
    [InlineData("{")]
    [InlineData("}")]
    [InlineData("{}")]
    [InlineData("{ buyer_name }")]
    [InlineData("{{")]
    [InlineData("{\"refund\": 12.5}")]
    [InlineData("{中文}")]
    [InlineData("{buyer-name}")]
    [InlineData("{1abc}")]
    [InlineData("price {in CNY}")]
    public void Render_WhenBracesAreNoPlaceholder_KeepsThemAsWritten(string body)
    {
        Assert.Equal(body, MacroTemplate.Render(body, Case, English, Shanghai));
        Assert.Empty(MacroTemplate.UnknownPlaceholders(body));
    }

    [Fact]
    public void Render_WhenPlaceholderNextToOtherBraces_FillsOnlyThePlaceholder()
    {
        Assert.Equal("{AS2026110200000042}", MacroTemplate.Render("{{case_no}}", Case, English, Shanghai));
        Assert.Equal("{ PO20261101000007 }", MacroTemplate.Render("{ {order_no} }", Case, English, Shanghai));
    }

    [Fact]
    public void Render_WhenValueLooksLikeAPlaceholder_DoesNotExpandItAgain()
    {
        var sly = Case with { BuyerName = "{case_no}" };

        Assert.Equal("Hi {case_no}, re AS2026110200000042", MacroTemplate.Render("Hi {buyer_name}, re {case_no}", sly, English, Shanghai));
    }

    [Fact]
    public void Render_WhenPlaceholderUnknown_LeavesItAndTheRestIsFilled()
    {
        Assert.Equal("{refund_amount} for PO20261101000007", MacroTemplate.Render("{refund_amount} for {order_no}", Case, English, Shanghai));
    }

    [Fact]
    public void Render_IsCaseSensitive_SoAMistypedNameIsUnknown()
    {
        Assert.Equal("{Order_No}", MacroTemplate.Render("{Order_No}", Case, English, Shanghai));
        Assert.Equal(["Order_No"], MacroTemplate.UnknownPlaceholders("{Order_No}"));
    }

    [Fact]
    public void UnknownPlaceholders_NamesEachUnknownOnceInOrder()
    {
        var unknown = MacroTemplate.UnknownPlaceholders("{refund} {buyer_name} {tracking_no} {refund} {deadline}");

        Assert.Equal(["refund", "tracking_no"], unknown);
    }

    [Fact]
    public void MacroCreate_WhenBodyHasUnknownPlaceholder_IsRefusedNamingIt()
    {
        var ex = Assert.Throws<DomainException>(() =>
            Macro.Create("Refund sent", "We refunded {refund_amount} for {order_no}.", MessageVisibility.ToBuyer, "sup", DateTimeOffset.UnixEpoch));

        Assert.Contains("{refund_amount}", ex.Message);
        Assert.Contains("{order_no}", ex.Message); // the message lists what may be used
    }

    [Theory]
    [InlineData("", "body")]
    [InlineData("   ", "body")]
    [InlineData("title", "")]
    public void MacroCreate_WhenTitleOrBodyEmpty_IsRefused(string title, string body)
    {
        Assert.Throws<DomainException>(() => Macro.Create(title, body, MessageVisibility.ToBuyer, "sup", DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void MacroCreate_WhenTooLong_IsRefused_AndAtTheLimitIsAccepted()
    {
        Assert.Throws<DomainException>(() => Macro.Create(new string('t', 101), "b", MessageVisibility.ToBuyer, "sup", DateTimeOffset.UnixEpoch));
        Assert.Throws<DomainException>(() => Macro.Create("t", new string('b', 4001), MessageVisibility.ToBuyer, "sup", DateTimeOffset.UnixEpoch));
        var macro = Macro.Create(new string('t', 100), new string('b', 4000), MessageVisibility.Internal, "sup", DateTimeOffset.UnixEpoch);
        Assert.True(macro.IsActive);
        Assert.NotEqual(Guid.Empty, macro.Version);
    }
}
