namespace AfterSalesDesk.Data.Cases;

/// <summary>
/// The states of an after-sales case, after the WeChat Shop / Taobao flows. Which moves are allowed
/// depends on the case's kind: see <see cref="CaseTransitions"/>.
/// </summary>
public enum CaseStatus
{
    Submitted,
    AwaitingMerchant,
    MerchantAgreed,
    MerchantRejected,
    MerchantCounterOffered,
    AwaitingReturnShipment,
    ReturnInTransit,
    ReturnReceived,
    Inspected,
    AwaitingRefund,
    Refunded,
    ReplacementShipped,
    Repairing,
    RepairedAndShippedBack,
    Resolved,
    Closed,
    CancelledByBuyer,
    Escalated,
}
