using System.Globalization;
using System.Security.Claims;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Integration;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Features.Webhooks;

/// <summary>
/// Administration → Integrations → a client's webhooks: its subscriptions and the delivery log (decision 0026).
/// Administrators only; every command is one audited transaction; a signing secret is in the answer of the command that
/// made it and nowhere else (stored encrypted, to sign with).
/// </summary>
public sealed class WebhookService(
    IDbContextFactory<AppDbContext> contextFactory, AuditActors actors, AuditWriter audit, WebhookSecrets secrets, IOptions<WebhookOptions> options, TimeProvider clock)
{
    private const string Entity = "WebhookSubscription";
    private const string OnlyAdmins = "Only administrators manage webhooks.";

    /// <summary>The client and its subscriptions; null when not allowed or no such client.</summary>
    public async Task<WebhookClientView?> GetAsync(ClaimsPrincipal user, int clientId, CancellationToken cancellationToken = default)
    {
        if (!user.IsInRole(Roles.Admin))
        {
            await audit.RecordAsync(actors.For(user), "webhook.list", Entity, null, AuditOutcome.Denied, OnlyAdmins, cancellationToken);
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var client = await db.ApiClients.AsNoTracking().Where(c => c.Id == clientId).Select(c => new { c.Id, c.Name, c.Kind, c.RevokedAt }).SingleOrDefaultAsync(cancellationToken);
        if (client is null)
        {
            return null;
        }

        var subscriptions = await db.WebhookSubscriptions.AsNoTracking().Where(s => s.ClientId == clientId).OrderBy(s => s.Id).ToListAsync(cancellationToken);
        var ids = subscriptions.Select(s => s.Id).ToList();
        var counts = await db.WebhookDeliveries.AsNoTracking().Where(d => ids.Contains(d.SubscriptionId))
            .GroupBy(d => new { d.SubscriptionId, d.Status }).Select(g => new { g.Key.SubscriptionId, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return new WebhookClientView(client.Id, client.Name, client.Kind, client.RevokedAt is not null, subscriptions.Select(s => new SubscriptionRow(
            s.Id, s.Url, s.EventList, s.Enabled, s.DisabledReason, s.DisabledAt, s.CreatedAt, s.CreatedBy, s.Version,
            counts.Where(c => c.SubscriptionId == s.Id && c.Status == WebhookDeliveryStatus.Pending).Sum(c => c.Count),
            counts.Where(c => c.SubscriptionId == s.Id && c.Status == WebhookDeliveryStatus.Failed).Sum(c => c.Count))).ToList());
    }

    public async Task<IssuedSigningSecret> CreateAsync(ClaimsPrincipal user, int clientId, NewSubscription input, CancellationToken cancellationToken = default)
    {
        if (!user.IsInRole(Roles.Admin))
        {
            return new IssuedSigningSecret(await audit.DenyAsync(actors.For(user), "webhook.create", Entity, null, OnlyAdmins), null, null);
        }

        var allowPrivate = options.Value.AllowPrivateAddresses;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.AuditAs(actors.For(user), "webhook.create", clock);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var client = await db.ApiClients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == clientId, cancellationToken);
        if (client is null || client.IsRevoked)
        {
            return await RefuseAsync(transaction, user, "webhook.create", null,
                client is null ? Result.NotFound("That API client does not exist.") : Result.Invalid($"Client {client.Name} was revoked."), cancellationToken);
        }

        try
        {
            var url = WebhookSubscription.CheckUrl(input.Url, allowHttp: allowPrivate);
            if (AddressGuard.RefusalOf(url, allowPrivate) is { } refusal)
            {
                throw new DomainException(refusal);
            }

            var secret = WebhookSubscription.NewSecret();
            var subscription = WebhookSubscription.Create(clientId, input.Url, input.Events, secrets.Protect(secret), allowPrivate, user.Identity?.Name ?? "", clock.GetUtcNow());
            db.WebhookSubscriptions.Add(subscription);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new IssuedSigningSecret(Result.Ok, subscription.Id, secret);
        }
        catch (DomainException ex)
        {
            return await RefuseAsync(transaction, user, "webhook.create", null, Result.Invalid(ex.Message), cancellationToken);
        }
    }

    public Task<Result> SetEnabledAsync(ClaimsPrincipal user, int subscriptionId, bool enabled, Guid seenVersion, CancellationToken cancellationToken = default) =>
        CommandAsync(user, subscriptionId, enabled ? "webhook.enable" : "webhook.disable", seenVersion, (db, subscription) =>
        {
            if (enabled)
            {
                subscription.Enable();
            }
            else
            {
                subscription.Disable($"Disabled by {user.Identity?.Name}.", clock.GetUtcNow());
            }
        }, cancellationToken);

    /// <summary>Deletes the subscription with its outbox and log.</summary>
    public Task<Result> DeleteAsync(ClaimsPrincipal user, int subscriptionId, Guid seenVersion, CancellationToken cancellationToken = default) =>
        CommandAsync(user, subscriptionId, "webhook.delete", seenVersion, (db, subscription) => db.WebhookSubscriptions.Remove(subscription), cancellationToken);

    /// <summary>A page of a client's deliveries, newest first, each with its attempts.</summary>
    public async Task<PagedRows<DeliveryRow>?> DeliveriesAsync(ClaimsPrincipal user, int clientId, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        if (!user.IsInRole(Roles.Admin))
        {
            await audit.RecordAsync(actors.For(user), "webhook.deliveries", Entity, null, AuditOutcome.Denied, OnlyAdmins, cancellationToken);
            return null;
        }

        pageSize = Math.Clamp(pageSize, 1, 100);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var query = db.WebhookDeliveries.AsNoTracking()
            .Join(db.WebhookSubscriptions.Where(s => s.ClientId == clientId), d => d.SubscriptionId, s => s.Id, (d, s) => new { d, s.Url });
        var total = await query.CountAsync(cancellationToken);
        var deliveries = await query.OrderByDescending(x => x.d.Id).Skip(Math.Max(0, page) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        var ids = deliveries.Select(x => x.d.Id).ToList();
        var attempts = (await db.WebhookAttempts.AsNoTracking().Where(a => ids.Contains(a.DeliveryId)).OrderBy(a => a.Id).ToListAsync(cancellationToken))
            .ToLookup(a => a.DeliveryId);
        return new PagedRows<DeliveryRow>(deliveries.Select(x => new DeliveryRow(
            x.d.Id, x.d.MessageId, x.d.EventType, x.d.OrderingKey, x.Url, x.d.Status, x.d.Attempts, x.d.CreatedAt, x.d.NextAttemptAt, x.d.DeliveredAt,
            x.d.LastStatusCode, x.d.LastError, x.d.Payload,
            attempts[x.d.Id].Select(a => new AttemptRow(a.Number, a.At, a.StatusCode, a.DurationMs, a.Error, a.ResponseExcerpt)).ToList())).ToList(), total);
    }

    /// <summary>Queues a delivered or failed message again: the same id and body, from the start of the retry schedule.</summary>
    public async Task<Result> ReplayAsync(ClaimsPrincipal user, long deliveryId, CancellationToken cancellationToken = default)
    {
        var id = deliveryId.ToString(CultureInfo.InvariantCulture);
        if (!user.IsInRole(Roles.Admin))
        {
            return await audit.DenyAsync(actors.For(user), "webhook.replay", "WebhookDelivery", id, OnlyAdmins);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.AuditAs(actors.For(user), "webhook.replay", clock);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var delivery = await db.WebhookDeliveries.SingleOrDefaultAsync(d => d.Id == deliveryId, cancellationToken);
        if (delivery is null)
        {
            return (await RefuseAsync(transaction, user, "webhook.replay", id, Result.NotFound("That delivery does not exist."), cancellationToken)).Result;
        }

        try
        {
            delivery.Replay(clock.GetUtcNow());
            // The outbox row is not audited as a change; the replay is, in the same transaction.
            db.RecordAudit("WebhookDelivery", id, AuditOutcome.Succeeded, $"replay of {delivery.MessageId} ({delivery.EventType}, {delivery.OrderingKey})");
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return Result.Ok;
        }
        catch (DomainException ex)
        {
            return (await RefuseAsync(transaction, user, "webhook.replay", id, Result.Invalid(ex.Message), cancellationToken)).Result;
        }
    }

    private async Task<Result> CommandAsync(
        ClaimsPrincipal user, int subscriptionId, string action, Guid seenVersion, Action<AppDbContext, WebhookSubscription> change, CancellationToken cancellationToken)
    {
        var id = subscriptionId.ToString(CultureInfo.InvariantCulture);
        if (!user.IsInRole(Roles.Admin))
        {
            return await audit.DenyAsync(actors.For(user), action, Entity, id, OnlyAdmins);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.AuditAs(actors.For(user), action, clock);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var subscription = await db.WebhookSubscriptions.SingleOrDefaultAsync(s => s.Id == subscriptionId, cancellationToken);
        if (subscription is null)
        {
            return (await RefuseAsync(transaction, user, action, id, Result.NotFound("That subscription does not exist."), cancellationToken)).Result;
        }

        if (subscription.Version != seenVersion)
        {
            return (await RefuseAsync(transaction, user, action, id, Result.Conflict("The subscription was changed since you loaded it; reload and try again."), cancellationToken)).Result;
        }

        try
        {
            change(db, subscription);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return Result.Ok;
        }
        catch (DomainException ex)
        {
            return (await RefuseAsync(transaction, user, action, id, Result.Invalid(ex.Message), cancellationToken)).Result;
        }
    }

    /// <summary>A refusal is audited after the transaction ends (it holds the write lock the audit entry would wait for).</summary>
    private async Task<IssuedSigningSecret> RefuseAsync(IDbContextTransaction transaction, ClaimsPrincipal user, string action, string? id, Result refusal, CancellationToken cancellationToken)
    {
        await transaction.RollbackAsync(cancellationToken);
        await audit.RecordAsync(actors.For(user), action, Entity, id, AuditOutcome.Failed, refusal.Error, cancellationToken);
        return new IssuedSigningSecret(refusal, null, null);
    }
}

public sealed class NewSubscription
{
    public string Url { get; set; } = "";

    public IReadOnlyCollection<string> Events { get; set; } = [];
}

/// <summary>The outcome of creating a subscription; <see cref="Secret"/> is the signing secret, shown once.</summary>
public sealed record IssuedSigningSecret(Result Result, int? SubscriptionId, string? Secret);

public sealed record WebhookClientView(int ClientId, string Name, ApiClientKind Kind, bool Revoked, IReadOnlyList<SubscriptionRow> Subscriptions);

public sealed record SubscriptionRow(
    int Id, string Url, IReadOnlyList<string> Events, bool Enabled, string? DisabledReason, DateTimeOffset? DisabledAt, DateTimeOffset CreatedAt, string CreatedBy,
    Guid Version, int Pending, int Failed);

public sealed record DeliveryRow(
    long Id, string MessageId, string EventType, string OrderingKey, string Url, WebhookDeliveryStatus Status, int Attempts, DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt, DateTimeOffset? DeliveredAt, int? LastStatusCode, string? LastError, string Payload, IReadOnlyList<AttemptRow> AttemptLog);

public sealed record AttemptRow(int Number, DateTimeOffset At, int? StatusCode, int DurationMs, string? Error, string? ResponseExcerpt);
