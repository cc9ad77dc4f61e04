namespace AfterSalesDesk.Data.Sla;

/// <summary>
/// The clocks a case can carry. The first three are the parties' deadlines from the WeChat Shop /
/// Taobao rules, each with an automatic outcome when it runs out; the last two are the platform's own
/// service targets, whose breach is recorded and shown but changes nothing by itself.
/// </summary>
public enum DeadlineKind
{
    /// <summary>The merchant answers a request (agree, reject, counter-offer). Runs while AwaitingMerchant.</summary>
    MerchantResponse,

    /// <summary>The buyer ships the goods back. Runs while AwaitingReturnShipment.</summary>
    BuyerReturnShipment,

    /// <summary>The merchant confirms the returned goods arrived. Runs while ReturnInTransit.</summary>
    MerchantReceipt,

    /// <summary>An agent or supervisor first answers the buyer or acts on the case.</summary>
    AgentFirstResponse,

    /// <summary>The case is resolved, closed or cancelled. Paused while the case waits on the buyer.</summary>
    Resolution,
}

/// <summary>Who the clock is waiting on.</summary>
public enum DeadlineParty
{
    Merchant,
    Buyer,
    Platform,
}

public enum DeadlineState
{
    /// <summary>Counting down; <c>DueAt</c> is set.</summary>
    Running,

    /// <summary>Stopped while the case waits on the buyer; the time left is kept.</summary>
    Paused,

    /// <summary>The party did what was due (possibly late: see <c>BreachedAt</c>).</summary>
    Met,

    /// <summary>Time ran out and the automatic outcome was applied.</summary>
    Fired,

    /// <summary>No longer relevant: the case moved on another way, or ended.</summary>
    Cancelled,
}

/// <summary>On track, at risk (most of the time used), breached (past due), or no running clock.</summary>
public enum SlaStatus
{
    None,
    OnTrack,
    AtRisk,
    Breached,
}
