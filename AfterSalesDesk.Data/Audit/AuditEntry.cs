namespace AfterSalesDesk.Data.Audit;

public enum AuditOutcome
{
    Succeeded,
    Failed,
    Denied,
}

/// <summary>
/// Who acts: the signed-in user (id, name, role) and where from (IP address), or the system.
/// Services build it from the request; entities never see it.
/// </summary>
public sealed record AuditActor(string? UserId, string UserName, string Role, string Origin)
{
    public static readonly AuditActor System = new(null, "system", "System", "system");

    public static AuditActor Cli(string command) => new(null, "cli:" + command, "System", "system");
}

/// <summary>
/// One line of the audit trail. Append-only: nothing in the code updates or deletes entries, the
/// database refuses UPDATE and DELETE (triggers), and each entry's hash covers the previous entry's
/// hash, so any later change or removal breaks the chain where it happened.
/// </summary>
public class AuditEntry
{
    private AuditEntry()
    {
    }

    public AuditEntry(
        AuditActor actor, DateTimeOffset occurredAt, string action, string entityType, string? entityId,
        AuditOutcome outcome, string? changes, string? detail)
    {
        UserId = actor.UserId;
        UserName = actor.UserName;
        Role = actor.Role;
        Origin = actor.Origin;
        OccurredAt = occurredAt;
        Action = action;
        EntityType = entityType;
        EntityId = entityId;
        Outcome = outcome;
        Changes = changes;
        Detail = detail;
    }

    /// <summary>Position in the chain, 1, 2, 3, … without gaps; assigned when the entry is saved.</summary>
    public long Sequence { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }

    public string? UserId { get; private set; }

    public string UserName { get; private set; } = "";

    public string Role { get; private set; } = "";

    /// <summary>IP address of the request, or "system".</summary>
    public string Origin { get; private set; } = "";

    /// <summary>What was done, e.g. "user.disable", "login", "order.ship".</summary>
    public string Action { get; private set; } = "";

    public string EntityType { get; private set; } = "";

    public string? EntityId { get; private set; }

    public AuditOutcome Outcome { get; private set; }

    /// <summary>JSON object: field → { "before": …, "after": … } for the fields that changed.</summary>
    public string? Changes { get; private set; }

    /// <summary>Free text: a reason, an error, a summary.</summary>
    public string? Detail { get; private set; }

    public string PreviousHash { get; private set; } = "";

    public string Hash { get; private set; } = "";

    internal void Seal(long sequence, string previousHash)
    {
        Sequence = sequence;
        PreviousHash = previousHash;
        Hash = AuditChain.ComputeHash(this);
    }
}
