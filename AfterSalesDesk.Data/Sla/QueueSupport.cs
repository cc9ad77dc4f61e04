namespace AfterSalesDesk.Data.Sla;

/// <summary>
/// How many cases sit in one (merchant, assignee, status) bucket. Kept by triggers on the cases table
/// in the same transaction as every change, so queue counts are a sum over a few small rows instead
/// of a count over a million cases.
/// </summary>
public class CaseCount
{
    public int MerchantId { get; private set; }

    /// <summary>The assignee's user id, or "" for unassigned cases.</summary>
    public string AssigneeId { get; private set; } = "";

    public string Status { get; private set; } = "";

    public long Count { get; private set; }
}

/// <summary>
/// A case was inserted or updated, by any writer: this app, another instance, the scheduler. Written
/// by a trigger; open pages follow this feed to refresh within a second or two.
/// </summary>
public class CaseChange
{
    public long Id { get; private set; }

    public long CaseId { get; private set; }

    public DateTimeOffset At { get; private set; }
}
