using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Orders;

namespace AfterSalesDesk.Web.Features.Cases;

/// <summary>English display text of the case and order vocabulary; pages pass it through the localizer.</summary>
public static class CaseLabels
{
    public static string Of(CaseKind kind) => kind switch
    {
        CaseKind.RefundOnly => "Refund only",
        CaseKind.ReturnAndRefund => "Return and refund",
        CaseKind.Exchange => "Exchange",
        _ => "Repair",
    };

    public static string Of(CaseStatus status) => status switch
    {
        CaseStatus.Submitted => "Submitted",
        CaseStatus.AwaitingMerchant => "Awaiting merchant",
        CaseStatus.MerchantAgreed => "Merchant agreed",
        CaseStatus.MerchantRejected => "Merchant rejected",
        CaseStatus.MerchantCounterOffered => "Merchant counter-offered",
        CaseStatus.AwaitingReturnShipment => "Awaiting return shipment",
        CaseStatus.ReturnInTransit => "Return in transit",
        CaseStatus.ReturnReceived => "Return received",
        CaseStatus.Inspected => "Inspected",
        CaseStatus.AwaitingRefund => "Awaiting refund",
        CaseStatus.Refunded => "Refunded",
        CaseStatus.ReplacementShipped => "Replacement shipped",
        CaseStatus.Repairing => "Repairing",
        CaseStatus.RepairedAndShippedBack => "Shipped back to buyer",
        CaseStatus.Resolved => "Resolved",
        CaseStatus.Closed => "Closed",
        CaseStatus.CancelledByBuyer => "Cancelled by buyer",
        _ => "Escalated",
    };

    public static string Of(CaseAction action) => action switch
    {
        CaseAction.RequestMerchantResponse => "Send to merchant",
        CaseAction.MerchantAgree => "Agree",
        CaseAction.MerchantReject => "Reject",
        CaseAction.MerchantCounterOffer => "Counter-offer",
        CaseAction.AcceptCounterOffer => "Buyer accepts counter-offer",
        CaseAction.ResubmitToMerchant => "Resubmit to merchant",
        CaseAction.RequestReturn => "Ask buyer to ship the goods back",
        CaseAction.RecordReturnShipment => "Record buyer's return waybill",
        CaseAction.ConfirmReturnReceived => "Confirm return received",
        CaseAction.RecordInspection => "Record inspection",
        CaseAction.RequestRefund => "Request refund",
        CaseAction.ConfirmRefunded => "Confirm refunded",
        CaseAction.ShipReplacement => "Ship replacement",
        CaseAction.StartRepair => "Start repair",
        CaseAction.ShipRepairedItem => "Ship repaired item back",
        CaseAction.Escalate => "Escalate",
        CaseAction.Resolve => "Resolve",
        CaseAction.Close => "Close",
        CaseAction.CancelForBuyer => "Cancel for buyer",
        CaseAction.ConfirmDelivery => "Confirm buyer received it",
        _ => "Ship back unrepaired",
    };

    public static string Of(ShipmentLeg leg) => leg switch
    {
        ShipmentLeg.Return => "Return to merchant",
        ShipmentLeg.Replacement => "Replacement to buyer",
        _ => "Repaired item to buyer",
    };

    public static string Of(InspectionResult result) => result switch
    {
        InspectionResult.Accepted => "Accepted as described",
        InspectionResult.AcceptedWithDeduction => "Accepted with deduction",
        _ => "Rejected",
    };

    public static string Of(DeductionKind kind) => kind switch
    {
        DeductionKind.Damage => "Damage",
        DeductionKind.MissingParts => "Missing parts",
        DeductionKind.SignsOfUse => "Signs of use",
        _ => "Restocking",
    };

    public static string Of(RepairCoverage coverage) => coverage == RepairCoverage.Free ? "Free repair (warranty)" : "Charged repair";

    public static string Of(QuoteState state) => state switch
    {
        QuoteState.None => "No quote yet",
        QuoteState.Pending => "Quote awaiting buyer",
        QuoteState.Accepted => "Quote accepted",
        _ => "Quote declined",
    };

    public static string Of(RepairStage stage) => stage switch
    {
        RepairStage.Diagnosing => "Diagnosing",
        RepairStage.AwaitingParts => "Awaiting parts",
        RepairStage.Repairing => "Repairing",
        RepairStage.Testing => "Testing",
        _ => "Done",
    };

    public static string Of(ProblemStage stage) => stage switch
    {
        ProblemStage.BeforeShipment => "Before shipment",
        ProblemStage.InTransit => "In transit",
        _ => "After delivery",
    };

    public static string Of(MessageVisibility visibility) => visibility switch
    {
        MessageVisibility.ToBuyer => "Reply to buyer",
        MessageVisibility.ToMerchant => "Message to merchant",
        _ => "Internal note",
    };

    /// <summary>The resource key of an order state (shared with the home page).</summary>
    public static string Of(OrderStatus status) => "Order" + status;

    public static string StatusBadge(CaseStatus status) => status switch
    {
        CaseStatus.Closed or CaseStatus.CancelledByBuyer => "base",
        CaseStatus.Resolved or CaseStatus.Refunded => "success",
        CaseStatus.Escalated or CaseStatus.MerchantRejected => "danger",
        CaseStatus.AwaitingMerchant or CaseStatus.MerchantCounterOffered => "warning",
        _ => "info",
    };
}
