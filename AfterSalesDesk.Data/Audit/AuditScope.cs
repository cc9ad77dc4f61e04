namespace AfterSalesDesk.Data.Audit;

/// <summary>
/// Who is changing data, as what command, by which clock. A context must be given one before it
/// saves any change; every saved change then lands in the audit trail in the same transaction.
/// </summary>
public sealed record AuditScope(AuditActor Actor, string Action, TimeProvider Clock, string? Detail = null);
