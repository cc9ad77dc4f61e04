namespace AfterSalesDesk.Data.Cases;

/// <summary>What the buyer asks for (售后类型).</summary>
public enum CaseKind
{
    /// <summary>仅退款: money back, goods stay with the buyer or never arrived.</summary>
    RefundOnly,

    /// <summary>退货退款: goods go back, money comes back.</summary>
    ReturnAndRefund,

    /// <summary>换货: goods go back, a replacement comes.</summary>
    Exchange,

    /// <summary>维修: goods go back, are repaired and come back; free inside warranty.</summary>
    Repair,
}

/// <summary>Where in the order's life the problem arose.</summary>
public enum ProblemStage
{
    BeforeShipment,
    InTransit,
    AfterDelivery,
}

/// <summary>Who a message is for. Internal notes are seen by platform staff only, never by merchants.</summary>
public enum MessageVisibility
{
    ToBuyer,
    ToMerchant,
    Internal,
}
