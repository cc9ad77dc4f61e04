using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Integration;
using AfterSalesDesk.Web.Features.Queues;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Features.Webhooks;

/// <summary>
/// Deletes finished webhook messages (delivered, or failed for good) with their attempts once nothing has happened to them
/// for <see cref="WebhookOptions.RetentionDays"/>: written before the cutoff and no attempt since (a message replayed
/// yesterday stays, with its whole log), a thousand at a time. A pending message is never deleted, however old: it has
/// still to be sent (a disabled subscription's messages wait for it to be enabled, or go when it is deleted).
/// </summary>
public sealed class WebhookCleanup(IDbContextFactory<AppDbContext> contextFactory, IOptions<WebhookOptions> options, TimeProvider clock)
{
    public const int BatchSize = BatchDelete.BatchSize;

    /// <summary>Deletes what is past the retention; returns how many messages went (their attempts with them).</summary>
    public Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow().AddDays(-options.Value.RetentionDays);
        return BatchDelete.RunAsync(
            contextFactory,
            db => Expired(db, before).OrderBy(d => d.Id).Select(d => d.Id).Take(BatchSize).ToListAsync(cancellationToken),
            // The conditions again in the delete itself: a message replayed between the two statements stays. Its attempts
            // go with it in the same statement, by the foreign key's ON DELETE CASCADE (in every provider's migration).
            (db, ids) => Expired(db, before).Where(d => ids.Contains(d.Id)).ExecuteDeleteAsync(cancellationToken),
            cancellationToken);
    }

    private static IQueryable<WebhookDelivery> Expired(AppDbContext db, DateTimeOffset before) =>
        db.WebhookDeliveries.Where(d => d.Status != WebhookDeliveryStatus.Pending && d.CreatedAt < before
            && !db.WebhookAttempts.Any(a => a.DeliveryId == d.Id && a.At >= before));
}

/// <summary>Runs the clean-up of old webhook messages every hour while the app runs.</summary>
public sealed class WebhookCleanupService(WebhookCleanup cleanup, IOptions<SchedulerOptions> options, ILogger<WebhookCleanupService> logger)
    : PeriodicWork(options, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override string Name => "Webhook message clean-up";

    protected override Task<int> RunOnceAsync(CancellationToken cancellationToken) => cleanup.PurgeAsync(cancellationToken);
}
