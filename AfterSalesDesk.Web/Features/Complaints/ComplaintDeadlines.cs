using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Complaints;
using AfterSalesDesk.Web.Features.Queues;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Features.Complaints;

/// <summary>
/// Hands the turn on when a side stays silent past its evidence deadline (the merchant's turn passes to
/// the buyer, the buyer's to arbitration), as the system. Each complaint is its own transaction that
/// re-reads it under the write lock; its version token makes a concurrent change (or a second instance)
/// lose cleanly, so each deadline passes once.
/// </summary>
public sealed class ComplaintDeadlines(
    IDbContextFactory<AppDbContext> contextFactory,
    IOptions<ComplaintRules> rules,
    TimeProvider clock,
    ILogger<ComplaintDeadlines> logger)
{
    public static readonly AuditActor Actor = new(null, "system", "System", "scheduler");

    public async Task<int> PassDueAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        List<long> due;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            due = await db.Complaints.AsNoTracking().Where(c => c.EvidenceDueAt != null && c.EvidenceDueAt <= now)
                .OrderBy(c => c.EvidenceDueAt).Select(c => c.Id).Take(500).ToListAsync(cancellationToken);
        }

        var passed = 0;
        foreach (var id in due)
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            db.AuditAs(Actor, "complaint.deadline", clock);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var complaint = await db.Complaints.Include(c => c.History).SingleAsync(c => c.Id == id, cancellationToken);
            if (!complaint.PassDeadline(rules.Value, now))
            {
                continue;
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                passed++;
            }
            catch (DbUpdateConcurrencyException)
            {
                logger.LogInformation("Complaint {Id} changed while its deadline passed; the next pass looks again", id);
            }
        }

        return passed;
    }
}

/// <summary>Runs <see cref="ComplaintDeadlines"/> every Complaints:DeadlineIntervalSeconds while the app runs.</summary>
public sealed class ComplaintDeadlineService(
    ComplaintDeadlines deadlines,
    IOptions<ComplaintRules> rules,
    IOptions<SchedulerOptions> options,
    ILogger<ComplaintDeadlineService> logger) : PeriodicWork(options, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(rules.Value.DeadlineIntervalSeconds);

    protected override string Name => "Complaint deadlines";

    protected override Task<int> RunOnceAsync(CancellationToken cancellationToken) => deadlines.PassDueAsync(cancellationToken);
}
