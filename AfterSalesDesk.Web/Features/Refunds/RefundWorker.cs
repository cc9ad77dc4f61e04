using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Refunds;
using AfterSalesDesk.Data.Sla;
using AfterSalesDesk.Web.Features.Queues;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Features.Refunds;

/// <summary>
/// Carries out granted refunds (the outbox). Per refund: (1) in a short IMMEDIATE transaction, count the
/// attempt and lease the refund so no other worker starts one meanwhile; (2) call the gateway with the
/// refund's idempotency key, outside any transaction; (3) in another transaction record the outcome and
/// move the case on. A crash between (2) and (3) leaves the lease to expire and the refund to be tried
/// again under the same key, which the gateway answers with its first result: nothing is lost or paid
/// twice. A timeout is checked against the gateway's own record before it counts as a failure.
/// </summary>
public sealed class RefundWorker(
    IDbContextFactory<AppDbContext> contextFactory,
    IPaymentGateway gateway,
    IOptions<RefundLimits> limits,
    IOptions<SlaPolicy> sla,
    TimeProvider clock,
    CaseFeed feed,
    ILogger<RefundWorker> logger)
{
    public const string AuditAction = "refund.execute";

    /// <summary>How long an attempt holds the refund; a worker that died mid-call gives it up after this.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    public static readonly AuditActor Actor = new(null, "system", "System", "refund-worker");

    /// <summary>Executes every refund due now; returns how many were paid.</summary>
    public async Task<int> ExecuteDueAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        List<long> due;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            due = await db.Refunds.AsNoTracking().Where(r => r.Status == RefundStatus.Granted && r.NextAttemptAt <= now)
                .OrderBy(r => r.NextAttemptAt).Select(r => r.Id).Take(100).ToListAsync(cancellationToken);
        }

        var paid = 0;
        foreach (var id in due)
        {
            if (await ExecuteAsync(id, cancellationToken))
            {
                paid++;
            }
        }

        if (due.Count > 0)
        {
            feed.Poke();
        }

        return paid;
    }

    private async Task<bool> ExecuteAsync(long refundId, CancellationToken cancellationToken)
    {
        string key, orderNo, currency;
        long amount;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            db.AuditAs(Actor, AuditAction, clock);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var refund = await db.Refunds.SingleAsync(r => r.Id == refundId, cancellationToken);
            if (refund.Status != RefundStatus.Granted || refund.NextAttemptAt > clock.GetUtcNow())
            {
                return false;
            }

            refund.StartAttempt(clock.GetUtcNow(), Lease);
            db.AuditAs(Actor, AuditAction, clock, $"attempt {refund.Attempts} under key {refund.IdempotencyKey}");
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            (key, amount, currency) = (refund.IdempotencyKey, refund.AmountMinor, refund.Currency);
            orderNo = await db.Orders.Where(o => o.Id == refund.OrderId).Select(o => o.OrderNo).SingleAsync(cancellationToken);
        }

        GatewayReceipt? receipt = null;
        string? error = null;
        var final = false;
        try
        {
            receipt = await gateway.RefundAsync(key, orderNo, amount, currency, cancellationToken);
        }
        catch (GatewayRejectedException ex)
        {
            (error, final) = ($"Refused by the gateway: {ex.Message}", true);
        }
        catch (Exception ex) when (ex is GatewayTransientException or TimeoutException or HttpRequestException)
        {
            error = $"Attempt failed: {ex.Message}";

            // The gateway may have paid before the answer was lost: its own record decides.
            try
            {
                receipt = await gateway.FindAsync(key, cancellationToken);
            }
            catch (Exception lookup) when (lookup is GatewayTransientException or TimeoutException or HttpRequestException)
            {
                logger.LogWarning("Refund {RefundId}: gateway lookup failed too: {Message}", refundId, lookup.Message);
            }
        }

        await using var save = await contextFactory.CreateDbContextAsync(cancellationToken);
        save.AuditAs(Actor, AuditAction, clock);
        await using var outcome = await save.Database.BeginTransactionAsync(cancellationToken);
        var current = await save.Refunds.SingleAsync(r => r.Id == refundId, cancellationToken);
        if (receipt is not null)
        {
            current.Succeed(receipt.GatewayReference, clock.GetUtcNow());
            var afterSalesCase = await save.Cases.Include(c => c.Deadlines).Include(c => c.History).AsSplitQuery()
                .SingleAsync(c => c.Id == current.CaseId, cancellationToken);
            afterSalesCase.ConfirmRefundPaid(receipt.GatewayReference, clock.GetUtcNow(), sla.Value);
            save.AuditAs(Actor, AuditAction, clock, $"paid {current.Amount}, gateway reference {receipt.GatewayReference}");
        }
        else
        {
            current.AttemptFailed(error ?? "unknown failure", final, limits.Value, clock.GetUtcNow());
            save.AuditAs(Actor, AuditAction, clock, current.Status == RefundStatus.Failed ? $"failed for good: {error}" : $"will retry: {error}");
            save.RecordAudit("Refund", refundId.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditOutcome.Failed, error);
        }

        await save.SaveChangesAsync(cancellationToken);
        await outcome.CommitAsync(cancellationToken);
        return receipt is not null;
    }
}

/// <summary>Runs the refund worker every few seconds (Refunds:WorkerIntervalSeconds) while the app runs.</summary>
public sealed class RefundWorkerService(
    RefundWorker worker,
    IOptions<RefundLimits> limits,
    IOptions<SchedulerOptions> options,
    ILogger<RefundWorkerService> logger) : PeriodicWork(options, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(limits.Value.WorkerIntervalSeconds);

    protected override string Name => "Refund worker";

    protected override Task<int> RunOnceAsync(CancellationToken cancellationToken) => worker.ExecuteDueAsync(cancellationToken);
}
