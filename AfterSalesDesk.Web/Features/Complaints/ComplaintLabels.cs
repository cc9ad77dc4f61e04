using AfterSalesDesk.Data.Complaints;

namespace AfterSalesDesk.Web.Features.Complaints;

/// <summary>English display text of the complaint vocabulary; pages pass it through the localizer.</summary>
public static class ComplaintLabels
{
    public static string Of(ComplaintCategory category) => category switch
    {
        ComplaintCategory.AfterSalesDispute => "After-sales dispute",
        ComplaintCategory.ServiceAttitude => "Service attitude",
        ComplaintCategory.Counterfeit => "Counterfeit goods",
        ComplaintCategory.Logistics => "Logistics",
        _ => "Fraud",
    };

    public static string Of(ComplaintSeverity severity) => severity switch
    {
        ComplaintSeverity.Low => "Low",
        ComplaintSeverity.Medium => "Medium",
        ComplaintSeverity.High => "High",
        _ => "Critical",
    };

    public static string Of(ComplaintChannel channel) => channel switch
    {
        ComplaintChannel.Escalation => "Case escalation",
        ComplaintChannel.Phone => "Phone",
        ComplaintChannel.OnlineChat => "Online chat",
        ComplaintChannel.Email => "Email",
        _ => "App",
    };

    public static string Of(ComplaintStatus status) => status switch
    {
        ComplaintStatus.Open => "Open",
        ComplaintStatus.AwaitingMerchantEvidence => "Awaiting merchant evidence",
        ComplaintStatus.AwaitingBuyerEvidence => "Awaiting buyer evidence",
        ComplaintStatus.UnderArbitration => "Under arbitration",
        ComplaintStatus.Decided => "Decided",
        _ => "Closed",
    };

    public static string Of(ComplaintParty party) => party switch
    {
        ComplaintParty.Buyer => "Buyer",
        ComplaintParty.Merchant => "Merchant",
        _ => "Platform",
    };

    public static string Of(ArbitrationOutcome outcome) => outcome switch
    {
        ArbitrationOutcome.ForBuyer => "For the buyer",
        ArbitrationOutcome.ForMerchant => "For the merchant",
        _ => "Partly for the buyer",
    };

    public static string Badge(ComplaintStatus status) => status switch
    {
        ComplaintStatus.UnderArbitration => "warning",
        ComplaintStatus.Decided or ComplaintStatus.Closed => "base",
        _ => "info",
    };
}
