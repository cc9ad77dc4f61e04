using System.Globalization;
using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Risk;
using Microsoft.Extensions.Localization;

namespace AfterSalesDesk.Web.Features.Risk;

/// <summary>
/// The risk vocabulary in words an agent understands. A factor is stored as its code and numbers; its sentence is
/// made here, in the reader's language, so a score given in English reads in Chinese too.
/// </summary>
public static class RiskLabels
{
    public static string Of(RiskLevel level) => level switch
    {
        RiskLevel.Low => "Low risk",
        RiskLevel.Medium => "Medium risk",
        _ => "High risk",
    };

    public static string Badge(RiskLevel level) => level switch
    {
        RiskLevel.Low => "success",
        RiskLevel.Medium => "warning",
        _ => "danger",
    };

    public static string Of(AbuseLabel label) => label == AbuseLabel.AbuseConfirmed ? "Abuse confirmed" : "Legitimate";

    public static string Of(BuyerListing listing) => listing == BuyerListing.Allowed ? "Allow list" : "Block list";

    public static string Of(RiskTrigger trigger) => trigger switch
    {
        RiskTrigger.CaseOpened => "when the case opened",
        RiskTrigger.RefundProposed => "for a refund proposal",
        RiskTrigger.Backfilled => "afterwards, as of the case's opening",
        _ => "on request",
    };

    /// <summary>The factor's sentence, e.g. "4 refunds in the last 7 days".</summary>
    public static string Describe(RiskFactor factor, IStringLocalizer L)
    {
        var v = factor.Values;
        long At(int i) => i < v.Count ? v[i] : 0;
        string N(int i) => At(i).ToString("N0", CultureInfo.CurrentCulture);
        string Days(int i) => At(i) == 1 ? L["1 day"] : string.Format(CultureInfo.CurrentCulture, L["{0} days"], N(i));
        string Amount(int i) => new Money(At(i), Money.DefaultCurrency).Major.ToString("N2", CultureInfo.CurrentCulture);
        return factor.Code switch
        {
            RiskFactorCode.RefundsLast7Days => string.Format(L["{0} refunds in the last 7 days"], N(0)),
            RiskFactorCode.RefundsLast90Days => string.Format(L["{0} refunds in the last 90 days"], N(0)),
            RiskFactorCode.RefundRate90Days => string.Format(L["Refunds on {0} of {1} orders in the last 90 days ({2} %)"], N(0), N(1), N(2)),
            RiskFactorCode.RefundOnlyShare => string.Format(L["{0} of {1} requests in the last 90 days are refund-only (goods not sent back)"], N(0), N(1)),
            RiskFactorCode.AmountAboveUsual => string.Format(L["This order ({0}) is {2}× the buyer's usual order ({1})"], Amount(0), Amount(1),
                (At(2) / 10m).ToString("0.#", CultureInfo.CurrentCulture)),
            RiskFactorCode.SoonAfterDelivery => At(0) == 0 ? L["Claimed on the day of delivery"] : string.Format(L["Claimed {0} after delivery"], Days(0)),
            RiskFactorCode.NotReceivedButDelivered => string.Format(L["Ordered {0} ago, claims not received, the carrier delivered {1} ago"], Days(0), Days(1)),
            RiskFactorCode.EarlierNotReceivedClaims => string.Format(L["{0} earlier \"not received\" claims on delivered parcels in the last 90 days"], N(0)),
            RiskFactorCode.NewAccount => string.Format(L["Account opened {0} ago"], Days(0)),
            RiskFactorCode.RejectedInspections => string.Format(L["{0} returned items failed inspection"], N(0)),
            RiskFactorCode.ComplaintsLost => string.Format(L["{0} disputes decided for the merchant"], N(0)),
            RiskFactorCode.LinkedBuyers => string.Format(L["Shares a phone or address with {0} other buyers, who had {1} refunds in the last 90 days"], N(0), N(1)),
            RiskFactorCode.QuickRefundOnlyClaims => string.Format(L["{0} refund-only requests in the last {1} days, each made within {2} days of delivery"], N(0), N(1), N(2)),
            RiskFactorCode.ConfirmedAbuse => string.Format(L["{0} earlier cases labelled abuse confirmed"], N(0)),
            RiskFactorCode.BlockListed => L["On the block list"],
            _ => L["On the allow list: the thresholds do not act"],
        };
    }
}
