using System.Globalization;
using AfterSalesDesk.Data.Risk;
using AfterSalesDesk.Web.Features.Risk;
using AfterSalesDesk.Web.Resources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace AfterSalesDesk.Tests.Risk;

/// <summary>Every factor reads as a sentence with its numbers, in English and in Chinese.</summary>
public sealed class RiskLabelsTests
{
    [Theory]
    [InlineData("en")]
    [InlineData("zh-CN")]
    public void EveryFactor_HasASentence_WithItsNumbers_InTheReadersLanguage(string culture)
    {
        using var provider = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider();
        var localizer = provider.GetRequiredService<IStringLocalizer<SharedResource>>();
        var previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            var sentences = Enum.GetValues<RiskFactorCode>().ToDictionary(code => code, code => RiskLabels.Describe(new RiskFactor(code, 10, [7, 14, 3]), localizer));

            Assert.All(sentences.Values, s => Assert.DoesNotContain("{", s, StringComparison.Ordinal));
            Assert.Equal(sentences.Count, sentences.Values.Distinct().Count());
            Assert.All(sentences.Values, s => Assert.Equal(culture != "en", s.Any(c => c is >= '\u4e00' and <= '\u9fff')));
            var quick = sentences[RiskFactorCode.QuickRefundOnlyClaims];
            Assert.Equal(
                culture == "en" ? "7 refund-only requests in the last 14 days, each made within 3 days of delivery" : "近14天内有7笔仅退款申请，均在签收后3天内提出",
                quick);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;
        }
    }
}
