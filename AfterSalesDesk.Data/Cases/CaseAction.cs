using AfterSalesDesk.Data.Identity;

namespace AfterSalesDesk.Data.Cases;

/// <summary>What a person can do to a case. Each action leads to one state and is open to some roles.</summary>
public enum CaseAction
{
    RequestMerchantResponse,
    MerchantAgree,
    MerchantReject,
    MerchantCounterOffer,
    AcceptCounterOffer,
    ResubmitToMerchant,
    RequestReturn,
    RecordReturnShipment,
    ConfirmReturnReceived,
    RecordInspection,
    RequestRefund,
    ConfirmRefunded,
    ShipReplacement,
    StartRepair,
    ShipRepairedItem,
    Escalate,
    Resolve,
    Close,
    CancelForBuyer,
}

/// <summary>The target state, the roles allowed and whether a written reason is required, per action.</summary>
public static class CaseActions
{
    /// <param name="From">When set, the action applies only from these states (several actions share a target).</param>
    public sealed record Rule(CaseStatus Target, string[] Roles, bool NeedsReason, CaseStatus[]? From = null);

    private static readonly string[] Staff = [Identity.Roles.Agent, Identity.Roles.Supervisor];
    private static readonly string[] MerchantSide = [Identity.Roles.Merchant, Identity.Roles.Supervisor];
    private static readonly string[] Handling = [Identity.Roles.Merchant, Identity.Roles.Agent, Identity.Roles.Supervisor];

    public static readonly IReadOnlyDictionary<CaseAction, Rule> Rules = new Dictionary<CaseAction, Rule>
    {
        [CaseAction.RequestMerchantResponse] = new(CaseStatus.AwaitingMerchant, Staff, false, [CaseStatus.Submitted]),
        [CaseAction.MerchantAgree] = new(CaseStatus.MerchantAgreed, MerchantSide, false, [CaseStatus.AwaitingMerchant]),
        [CaseAction.MerchantReject] = new(CaseStatus.MerchantRejected, MerchantSide, true),
        [CaseAction.MerchantCounterOffer] = new(CaseStatus.MerchantCounterOffered, MerchantSide, true),
        [CaseAction.AcceptCounterOffer] = new(CaseStatus.MerchantAgreed, Staff, false, [CaseStatus.MerchantCounterOffered]),
        [CaseAction.ResubmitToMerchant] = new(CaseStatus.AwaitingMerchant, Staff, true, [CaseStatus.MerchantRejected]),
        [CaseAction.RequestReturn] = new(CaseStatus.AwaitingReturnShipment, Handling, false),
        [CaseAction.RecordReturnShipment] = new(CaseStatus.ReturnInTransit, Staff, true),
        [CaseAction.ConfirmReturnReceived] = new(CaseStatus.ReturnReceived, Handling, false),
        [CaseAction.RecordInspection] = new(CaseStatus.Inspected, Handling, true),
        [CaseAction.RequestRefund] = new(CaseStatus.AwaitingRefund, Staff, false),
        [CaseAction.ConfirmRefunded] = new(CaseStatus.Refunded, [Identity.Roles.Supervisor], true),
        [CaseAction.ShipReplacement] = new(CaseStatus.ReplacementShipped, Handling, true),
        [CaseAction.StartRepair] = new(CaseStatus.Repairing, Handling, false),
        [CaseAction.ShipRepairedItem] = new(CaseStatus.RepairedAndShippedBack, Handling, true),
        [CaseAction.Escalate] = new(CaseStatus.Escalated, Staff, true),
        [CaseAction.Resolve] = new(CaseStatus.Resolved, Staff, false),
        [CaseAction.Close] = new(CaseStatus.Closed, Staff, true),
        [CaseAction.CancelForBuyer] = new(CaseStatus.CancelledByBuyer, Staff, true),
    };

    public static CaseStatus TargetOf(CaseAction action) => Rules[action].Target;
}
