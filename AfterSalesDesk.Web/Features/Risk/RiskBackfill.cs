using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Risk;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Features.Risk;

/// <summary>
/// Scores the open cases that have no score: those opened before risk control existed (after the upgrade) and the demo's
/// generated ones. Each is scored as of its own opening, from what the app knew then, so the panel says what the score
/// would have said when the case came in; a batch is one short transaction. Finished cases stay unscored.
/// </summary>
public static class RiskBackfill
{
    public const int BatchSize = 200;

    public static async Task<int> RunAsync(IDbContextFactory<AppDbContext> contextFactory, RiskRules rules, TimeProvider clock, CancellationToken cancellationToken)
    {
        var scored = 0;
        while (true)
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            db.AuditAs(AuditActor.System, "risk.backfill", clock);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var open = true;
            var batch = await db.Cases.Where(c => c.IsOpen == open && c.RiskScore == null).OrderBy(c => c.Id).Take(BatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return scored;
            }

            foreach (var afterSalesCase in batch)
            {
                var facts = await RiskFactsQuery.ReadAsync(db, rules, afterSalesCase.CustomerId, afterSalesCase.OrderId, afterSalesCase.Id,
                    afterSalesCase.Kind, afterSalesCase.Reason, afterSalesCase.CreatedAt, cancellationToken);
                RiskService.Record(db, afterSalesCase, RiskScorer.Score(facts, rules), RiskTrigger.Backfilled, null, afterSalesCase.CreatedAt);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            scored += batch.Count;
        }
    }
}

/// <summary>Runs <see cref="RiskBackfill"/> once, shortly after start-up, unless Risk:Backfill is off.</summary>
public sealed class RiskBackfillService(
    IDbContextFactory<AppDbContext> contextFactory, IOptions<RiskRules> rules, TimeProvider clock, ILogger<RiskBackfillService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!rules.Value.Backfill)
        {
            return;
        }

        try
        {
            await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
            var scored = await RiskBackfill.RunAsync(contextFactory, rules.Value, clock, stoppingToken);
            if (scored > 0)
            {
                logger.LogInformation("Risk: scored {Count} open cases that had no score, each as of its opening.", scored);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Risk: scoring the open cases without a score failed; they stay unscored until scored again on their page.");
        }
    }
}
