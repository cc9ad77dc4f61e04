using System.Globalization;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Integration;
using AfterSalesDesk.Web.Features.Queues;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Features.Webhooks;

/// <summary>
/// Sends the webhook outbox (decision 0026). A message is due when it is pending, its next attempt has come, no attempt holds
/// it, its subscription is enabled, and no older message of the same case is pending for that subscription (order per
/// case). Per message: (1) claim the attempt in a short transaction (the lease is a concurrency token, so two workers,
/// in this process or another, cannot both claim it); (2) send, outside any transaction, with the timeout; (3) record
/// the attempt and the outcome. A crash between (1) and (3) leaves the lease to run out and the message to be sent again,
/// with the same <c>webhook-id</c>, so a receiver that got it drops the copy: delivery is at least once.
/// </summary>
public sealed class WebhookWorker(
    IDbContextFactory<AppDbContext> contextFactory,
    WebhookSender sender,
    WebhookSecrets secrets,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookWorker> logger)
{
    public const string AuditAction = "webhook.deliver";

    public static readonly AuditActor Actor = new(null, "system", "System", "webhook-worker");

    /// <summary>Sends every message due now, and the ones that become due by it (the next of a case); returns how many were delivered.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken = default)
    {
        var delivered = 0;
        for (var pass = 0; pass < 100; pass++)
        {
            var due = await DueAsync(cancellationToken);
            if (due.Count == 0)
            {
                break;
            }

            var succeeded = 0;
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = options.Value.Parallelism, CancellationToken = cancellationToken }, async (id, token) =>
            {
                if (await DeliverAsync(id, token))
                {
                    Interlocked.Increment(ref succeeded);
                }
            });
            delivered += succeeded;
            if (succeeded == 0)
            {
                break; // the rest wait for their next attempt
            }
        }

        return delivered;
    }

    private async Task<List<long>> DueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAt <= now && (d.LockedUntil == null || d.LockedUntil <= now))
            .Where(d => db.WebhookSubscriptions.Any(s => s.Id == d.SubscriptionId && s.Enabled))
            .Where(d => !db.WebhookDeliveries.Any(e => e.SubscriptionId == d.SubscriptionId && e.OrderingKey == d.OrderingKey
                && e.Status == WebhookDeliveryStatus.Pending && e.Id < d.Id))
            .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id)
            .Select(d => d.Id)
            .Take(100)
            .ToListAsync(cancellationToken);
    }

    private async Task<bool> DeliverAsync(long deliveryId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        int attempt;
        string messageId, payload, url, protectedSecret;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            var now = clock.GetUtcNow();
            var delivery = await db.WebhookDeliveries.SingleAsync(d => d.Id == deliveryId, cancellationToken);
            if (delivery.Status != WebhookDeliveryStatus.Pending || delivery.NextAttemptAt > now || delivery.LockedUntil > now)
            {
                return false;
            }

            var subscription = await db.WebhookSubscriptions.AsNoTracking().SingleAsync(s => s.Id == delivery.SubscriptionId, cancellationToken);
            attempt = delivery.StartAttempt(now, settings.Timeout + TimeSpan.FromSeconds(30));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return false; // another worker claimed it
            }

            (messageId, payload, url, protectedSecret) = (delivery.MessageId, delivery.Payload, subscription.Url, subscription.ProtectedSecret);
        }

        SendOutcome outcome;
        try
        {
            outcome = await sender.SendAsync(new Uri(url), secrets.Unprotect(protectedSecret), messageId, clock.GetUtcNow(), payload, cancellationToken);
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            outcome = new SendOutcome(null, TimeSpan.Zero, $"The signing secret cannot be read with this app's keys: {ex.Message}", null);
        }

        await using var save = await contextFactory.CreateDbContextAsync(cancellationToken);
        save.AuditAs(Actor, AuditAction, clock);
        await using var transaction = await save.Database.BeginTransactionAsync(cancellationToken);
        var current = await save.WebhookDeliveries.SingleAsync(d => d.Id == deliveryId, cancellationToken);
        var at = clock.GetUtcNow();
        save.WebhookAttempts.Add(new WebhookAttempt(deliveryId, attempt, at, outcome.StatusCode, outcome.Duration, outcome.Error, outcome.ResponseExcerpt));
        string? disable = null;
        if (outcome.Succeeded)
        {
            current.Delivered(outcome.StatusCode!.Value, at);
        }
        else if (outcome.StatusCode == 410)
        {
            current.AttemptFailed(410, outcome.Error!, null, at);
            disable = $"The receiver answered 410 Gone to {messageId}.";
        }
        else
        {
            var retry = WebhookRetries.After(current.Failures + 1, settings.RetryScale, Random.Shared);
            current.AttemptFailed(outcome.StatusCode, outcome.Error ?? "failed", retry, at);
            if (retry is null)
            {
                disable = string.Create(CultureInfo.InvariantCulture, $"{messageId} failed {current.Failures} times since {current.CreatedAt:u}: {outcome.Error}");
            }
        }

        if (disable is not null)
        {
            var subscription = await save.WebhookSubscriptions.SingleAsync(s => s.Id == current.SubscriptionId, cancellationToken);
            subscription.Disable(disable, at);
            save.AuditAs(Actor, AuditAction, clock, "disabled: " + disable);
            logger.LogWarning("Webhook subscription {SubscriptionId} disabled: {Reason}", subscription.Id, disable);
        }

        await save.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return outcome.Succeeded;
    }
}

/// <summary>Runs the webhook worker every <see cref="WebhookOptions.PollSeconds"/> while the app runs (unless <see cref="WebhookOptions.WorkerEnabled"/> is off).</summary>
public sealed class WebhookWorkerService(
    WebhookWorker worker,
    IOptions<WebhookOptions> webhooks,
    IOptions<SchedulerOptions> options,
    ILogger<WebhookWorkerService> logger) : PeriodicWork(options, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(webhooks.Value.PollSeconds);

    protected override string Name => "Webhook worker";

    protected override Task<int> RunOnceAsync(CancellationToken cancellationToken) =>
        webhooks.Value.WorkerEnabled ? worker.DeliverDueAsync(cancellationToken) : Task.FromResult(0);
}

/// <summary>Signing secrets at rest: encrypted with the app's Data Protection keys (the data directory's key ring).</summary>
public sealed class WebhookSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector protector = provider.CreateProtector("AfterSalesDesk.Webhooks.SigningSecret.v1");

    public string Protect(string secret) => protector.Protect(secret);

    public string Unprotect(string protectedSecret) => protector.Unprotect(protectedSecret);
}
