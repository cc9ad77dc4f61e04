namespace AfterSalesDesk.Data.Cases;

/// <summary>How urgent a case is; agent response and resolution targets depend on it.</summary>
public enum CasePriority
{
    Low,
    Normal,
    High,
    Urgent,
}
