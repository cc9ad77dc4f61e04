namespace AfterSalesDesk.Data;

/// <summary>
/// The database rules a service answers with its own message when a concurrent request runs into them (the
/// configurations declare them under these names; <see cref="Providers.DbFailure.Constraint"/> carries them).
/// </summary>
public static class ConstraintNames
{
    /// <summary>A supervisor approves a refund once (four eyes, decision 0011).</summary>
    public const string OneApprovalPerApprover = "IX_RefundApprovals_RefundId_ApproverId";

    /// <summary>A case has at most one refund awaiting approval or granted.</summary>
    public const string OneRefundInProgressPerCase = "IX_Refunds_CaseId_InProgress";

    /// <summary>An order's committed refunds stay between zero and what was paid.</summary>
    public const string RefundBalance = "CK_Orders_RefundBalance";

    /// <summary>A case has at most one dispute in progress.</summary>
    public const string OneActiveDisputePerCase = "IX_Complaints_CaseId_Active";

    /// <summary>A case is rated once.</summary>
    public const string OneRatingPerCase = "IX_CaseRatings_CaseId";

    /// <summary>A parcel (carrier and waybill number) belongs to one case.</summary>
    public const string OneCasePerParcel = "IX_CaseShipments_Carrier_TrackingNo";
}
