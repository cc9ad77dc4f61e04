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
    ConfirmDelivery,
    ReturnUnrepaired,
}

/// <summary>The target state, the roles allowed and whether a written reason is required, per action.</summary>
public static class CaseActions
{
    /// <param name="From">When set, the action applies only from these states (several actions share a target).</param>
    /// <param name="Needs">What the move needs besides a reason (a waybill, an inspection result).</param>
    public sealed record Rule(CaseStatus Target, string[] Roles, bool NeedsReason, CaseStatus[]? From = null, StepNeeds Needs = StepNeeds.None);

    private static readonly string[] Staff = [Identity.Roles.Agent, Identity.Roles.Supervisor];
    private static readonly string[] MerchantSide = [Identity.Roles.Merchant, Identity.Roles.Supervisor];
    private static readonly string[] Handling = [Identity.Roles.Merchant, Identity.Roles.Agent, Identity.Roles.Supervisor];

    /// <summary>What the buyer decides, themselves through the storefront or as an agent records it for them.</summary>
    private static readonly string[] BuyerSide = [Identity.Roles.Agent, Identity.Roles.Supervisor, Identity.Roles.Buyer];

    public static readonly IReadOnlyDictionary<CaseAction, Rule> Rules = new Dictionary<CaseAction, Rule>
    {
        [CaseAction.RequestMerchantResponse] = new(CaseStatus.AwaitingMerchant, Staff, false, [CaseStatus.Submitted]),
        [CaseAction.MerchantAgree] = new(CaseStatus.MerchantAgreed, MerchantSide, false, [CaseStatus.AwaitingMerchant]),
        [CaseAction.MerchantReject] = new(CaseStatus.MerchantRejected, MerchantSide, true),
        [CaseAction.MerchantCounterOffer] = new(CaseStatus.MerchantCounterOffered, MerchantSide, true, Needs: StepNeeds.Offer),
        [CaseAction.AcceptCounterOffer] = new(CaseStatus.MerchantAgreed, BuyerSide, false, [CaseStatus.MerchantCounterOffered]),
        [CaseAction.ResubmitToMerchant] = new(CaseStatus.AwaitingMerchant, Staff, true, [CaseStatus.MerchantRejected]),
        [CaseAction.RequestReturn] = new(CaseStatus.AwaitingReturnShipment, Handling, false),
        [CaseAction.RecordReturnShipment] = new(CaseStatus.ReturnInTransit, BuyerSide, false, Needs: StepNeeds.Waybill),
        [CaseAction.ConfirmReturnReceived] = new(CaseStatus.ReturnReceived, Handling, false),
        [CaseAction.RecordInspection] = new(CaseStatus.Inspected, Handling, false, Needs: StepNeeds.Inspection),
        [CaseAction.RequestRefund] = new(CaseStatus.AwaitingRefund, Staff, false),
        [CaseAction.ConfirmRefunded] = new(CaseStatus.Refunded, [Identity.Roles.Supervisor], true),
        [CaseAction.ShipReplacement] = new(CaseStatus.ReplacementShipped, Handling, false, Needs: StepNeeds.Waybill),
        [CaseAction.StartRepair] = new(CaseStatus.Repairing, Handling, false),
        [CaseAction.ShipRepairedItem] = new(CaseStatus.RepairedAndShippedBack, Handling, false, [CaseStatus.Repairing], StepNeeds.Waybill),
        [CaseAction.Escalate] = new(CaseStatus.Escalated, BuyerSide, true),
        [CaseAction.Resolve] = new(CaseStatus.Resolved, Staff, false, [CaseStatus.Refunded]),
        [CaseAction.Close] = new(CaseStatus.Closed, Staff, true),
        [CaseAction.CancelForBuyer] = new(CaseStatus.CancelledByBuyer, BuyerSide, true),
        [CaseAction.ConfirmDelivery] = new(CaseStatus.Resolved, Handling, false, [CaseStatus.ReplacementShipped, CaseStatus.RepairedAndShippedBack]),
        [CaseAction.ReturnUnrepaired] = new(CaseStatus.RepairedAndShippedBack, Handling, true, [CaseStatus.Inspected], StepNeeds.Waybill),
    };

    public static CaseStatus TargetOf(CaseAction action) => Rules[action].Target;
}
