using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Audit;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Web.Infrastructure;

/// <summary>
/// Writes audit entries that are not data changes (denied attempts, logins, summaries) in their own
/// short transaction. Data changes are audited by the context itself when they are saved.
/// </summary>
public sealed class AuditWriter(IDbContextFactory<AppDbContext> contextFactory, TimeProvider clock)
{
    public async Task RecordAsync(
        AuditActor actor, string action, string entityType, string? entityId, AuditOutcome outcome, string? detail,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.AuditAs(actor, action, clock).RecordAudit(entityType, entityId, outcome, detail);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Records a refused attempt and returns the refusal, so a service can do both in one line.</summary>
    public async Task<Result> DenyAsync(AuditActor actor, string action, string entityType, string? entityId, string message)
    {
        await RecordAsync(actor, action, entityType, entityId, AuditOutcome.Denied, message);
        return Result.Forbidden(message);
    }
}
