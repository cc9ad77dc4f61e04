using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Sla;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Features.Queues;

/// <summary>
/// Applies the outcome of every clock that ran out, with minute precision. Each firing is its own
/// IMMEDIATE transaction that re-reads the clock under the database's write lock, applies the outcome
/// and clears the clock's fire time before committing; a second scheduler (another instance on the same
/// database, or this one after a restart) that looks at the same clock finds nothing left to do. A crash
/// before the commit leaves the clock due, so it fires on the next pass: exactly once.
/// </summary>
public sealed class DeadlineScheduler(
    IDbContextFactory<AppDbContext> contextFactory,
    IOptions<SlaPolicy> sla,
    TimeProvider clock,
    CaseFeed feed,
    ILogger<DeadlineScheduler> logger)
{
    public const string AuditAction = "sla.deadline";
    private const int Batch = 200;

    public static readonly AuditActor Actor = new(null, "system", "System", "scheduler");

    /// <summary>Fires every clock due by now; returns how many this scheduler fired.</summary>
    public async Task<int> FireDueAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var fired = 0;
        var seen = new HashSet<long>();
        while (true)
        {
            List<DueClock> due;
            await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
            {
                due = await db.CaseDeadlines.AsNoTracking()
                    .Where(d => d.FireAt != null && d.FireAt <= now)
                    .OrderBy(d => d.FireAt)
                    .Select(d => new DueClock(d.Id, d.CaseId))
                    .Take(Batch)
                    .ToListAsync(cancellationToken);
            }

            due.RemoveAll(d => !seen.Add(d.DeadlineId));
            if (due.Count == 0)
            {
                if (fired > 0)
                {
                    feed.Poke();
                }

                return fired;
            }

            foreach (var item in due)
            {
                if (await FireAsync(item, now, cancellationToken))
                {
                    fired++;
                }
            }
        }
    }

    private async Task<bool> FireAsync(DueClock due, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.AuditAs(Actor, AuditAction, clock);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var afterSalesCase = await db.Cases.Include(c => c.Deadlines).Include(c => c.History)
            .AsSplitQuery().SingleOrDefaultAsync(c => c.Id == due.CaseId, cancellationToken);
        var deadline = afterSalesCase?.Deadlines.SingleOrDefault(d => d.Id == due.DeadlineId);
        if (afterSalesCase is null || deadline?.FireAt is null || deadline.FireAt > now)
        {
            // Another scheduler fired it first, or the party acted meanwhile.
            return false;
        }

        try
        {
            var done = afterSalesCase.FireDeadline(due.DeadlineId, sla.Value, now);
            db.AuditAs(Actor, AuditAction, clock, $"{afterSalesCase.CaseNo}: {done}");
        }
        catch (DomainException ex)
        {
            // The outcome no longer fits (configuration changed): record the breach once and leave it to a person.
            await transaction.RollbackAsync(cancellationToken);
            logger.LogWarning("Deadline {DeadlineId} of case {CaseId} could not apply its outcome: {Reason}", due.DeadlineId, due.CaseId, ex.Message);
            return await AbandonAsync(due, ex.Message, now, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private async Task<bool> AbandonAsync(DueClock due, string why, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var afterSalesCase = await db.Cases.Include(c => c.Deadlines).Include(c => c.History)
            .AsSplitQuery().SingleAsync(c => c.Id == due.CaseId, cancellationToken);
        if (afterSalesCase.Deadlines.Single(d => d.Id == due.DeadlineId).FireAt is null)
        {
            return false;
        }

        afterSalesCase.AbandonDeadline(due.DeadlineId, why, now);
        db.AuditAs(Actor, AuditAction, clock, $"{afterSalesCase.CaseNo}: outcome failed: {why}");
        db.RecordAudit("AfterSalesCase", due.CaseId.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditOutcome.Failed, why);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private sealed record DueClock(long DeadlineId, long CaseId);
}

/// <summary>Runs the scheduler every few seconds (Sla:SchedulerIntervalSeconds) while the app runs.</summary>
public sealed class DeadlineSchedulerService(
    DeadlineScheduler scheduler,
    IOptions<SlaPolicy> sla,
    IOptions<SchedulerOptions> options,
    ILogger<DeadlineSchedulerService> logger) : PeriodicWork(options, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(sla.Value.SchedulerIntervalSeconds);

    protected override string Name => "Deadline scheduler";

    protected override Task<int> RunOnceAsync(CancellationToken cancellationToken) => scheduler.FireDueAsync(cancellationToken);
}

public sealed class SchedulerOptions
{
    public const string Section = "Scheduler";

    /// <summary>Background work (deadline firing) on; tests switch it off and drive it themselves.</summary>
    public bool Enabled { get; set; } = true;
}
