using System.Text.Json;
using System.Text.Json.Serialization;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Complaints;
using AfterSalesDesk.Data.Feedback;
using AfterSalesDesk.Data.Refunds;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace AfterSalesDesk.Data.Integration;

/// <summary>
/// Turns a save's tracked changes into webhook messages, written in the same transaction as the changes (decision 0026):
/// a change that commits has its messages in the outbox, and one that rolls back has none. <see cref="Raise"/> looks at
/// the changes before they are saved (while the original status is known); <see cref="WriteAsync"/> writes the messages
/// after the first save (when new rows have their ids), one per enabled subscription that wants the event and may see
/// the store. Payloads carry only what the buyer or the store may see: never internal notes, never another store's data.
/// </summary>
internal static class WebhookOutbox
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public sealed record Raised(string Type, object Entity, string? From);

    public static List<Raised> Raise(IEnumerable<EntityEntry> changed)
    {
        var raised = new List<Raised>();
        foreach (var entry in changed)
        {
            switch (entry.Entity)
            {
                case AfterSalesCase when entry.State == EntityState.Added:
                    raised.Add(new Raised(WebhookEvents.CaseOpened, entry.Entity, null));
                    break;
                case AfterSalesCase when StatusChanged(entry) is { } from:
                    raised.Add(new Raised(WebhookEvents.CaseStatusChanged, entry.Entity, from));
                    break;
                case CaseMessage { Visibility: MessageVisibility.ToBuyer } when entry.State == EntityState.Added:
                    raised.Add(new Raised(WebhookEvents.MessageToBuyer, entry.Entity, null));
                    break;
                case Refund { Status: RefundStatus.Succeeded } when StatusChanged(entry) is not null:
                    raised.Add(new Raised(WebhookEvents.RefundPaid, entry.Entity, null));
                    break;
                case Refund { Status: RefundStatus.Failed } when StatusChanged(entry) is not null:
                    raised.Add(new Raised(WebhookEvents.RefundFailed, entry.Entity, null));
                    break;
                case Complaint { Status: ComplaintStatus.Decided } when StatusChanged(entry) is not null:
                    raised.Add(new Raised(WebhookEvents.ComplaintDecided, entry.Entity, null));
                    break;
                case FollowUp { Status: FollowUpStatus.Done } when StatusChanged(entry) is not null:
                    raised.Add(new Raised(WebhookEvents.FollowUpDone, entry.Entity, null));
                    break;
            }
        }

        // In a save that opens a case and adds its first message, the opening goes first.
        return [.. raised.OrderBy(r => r.Type == WebhookEvents.CaseOpened ? 0 : 1)]; // a stable sort
    }

    public static async Task WriteAsync(AppDbContext db, IReadOnlyList<Raised> raised, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (raised.Count == 0)
        {
            return;
        }

        var wanted = raised.Select(r => r.Type).ToHashSet(StringComparer.Ordinal);
        var subscriptions = (await db.WebhookSubscriptions.AsNoTracking()
                .Where(s => s.Enabled)
                .Join(db.ApiClients.Where(c => c.RevokedAt == null), s => s.ClientId, c => c.Id, (s, c) => new { s.Id, s.Events, c.MerchantId })
                .ToListAsync(cancellationToken))
            .Select(s => (s.Id, Events: s.Events.Split(' '), s.MerchantId))
            .Where(s => s.Events.Any(wanted.Contains))
            .ToList();
        if (subscriptions.Count == 0)
        {
            return;
        }

        var caseIds = raised.Select(r => CaseIdOf(r.Entity)).OfType<long>().Distinct().ToList();
        var cases = await db.Cases.AsNoTracking().Where(c => caseIds.Contains(c.Id))
            .Select(c => new CaseRef(c.Id, c.CaseNo, c.OrderId, c.CustomerId, c.MerchantId, c.Kind, c.Status))
            .ToDictionaryAsync(c => c.Id, cancellationToken);
        var orderIds = cases.Values.Select(c => c.OrderId).Concat(raised.Select(r => r.Entity).OfType<Complaint>().Select(c => c.OrderId)).Distinct().ToList();
        var customerIds = cases.Values.Select(c => c.CustomerId).Concat(raised.Select(r => r.Entity).OfType<Complaint>().Select(c => c.CustomerId)).Distinct().ToList();
        var merchantIds = cases.Values.Select(c => c.MerchantId).Concat(raised.Select(r => r.Entity).OfType<Complaint>().Select(c => c.MerchantId)).Distinct().ToList();
        var orders = await db.Orders.AsNoTracking().Where(o => orderIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.OrderNo, cancellationToken);
        var buyers = await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Code, cancellationToken);
        var merchants = await db.Merchants.AsNoTracking().Where(m => merchantIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Code, cancellationToken);

        foreach (var (type, entity, from) in raised)
        {
            var caseRef = CaseIdOf(entity) is { } caseId ? cases.GetValueOrDefault(caseId) : null;
            var complaint = entity as Complaint;
            var merchantId = caseRef?.MerchantId ?? complaint!.MerchantId;
            var orderingKey = caseRef?.CaseNo ?? complaint!.ComplaintNo;
            var data = new Dictionary<string, object?>
            {
                ["caseNo"] = caseRef?.CaseNo,
                ["orderNo"] = orders.GetValueOrDefault(caseRef?.OrderId ?? complaint!.OrderId),
                ["buyer"] = buyers.GetValueOrDefault(caseRef?.CustomerId ?? complaint!.CustomerId),
                ["merchant"] = merchants.GetValueOrDefault(merchantId),
            };
            switch (entity)
            {
                case AfterSalesCase opened when type == WebhookEvents.CaseOpened:
                    data["kind"] = opened.Kind;
                    data["status"] = opened.Status;
                    data["reason"] = opened.Reason;
                    data["openedAt"] = opened.CreatedAt;
                    break;
                case AfterSalesCase changed:
                    data["kind"] = changed.Kind;
                    data["from"] = Enum.Parse<CaseStatus>(from!);
                    data["to"] = changed.Status;
                    data["at"] = changed.UpdatedAt;
                    break;
                case CaseMessage message:
                    data["messageId"] = message.Id;
                    data["body"] = message.Body;
                    data["at"] = message.At;
                    break;
                case Refund refund:
                    data["refundId"] = refund.Id;
                    data["amountMinor"] = refund.AmountMinor;
                    data["currency"] = refund.Currency;
                    data["status"] = refund.Status == RefundStatus.Succeeded ? "paid" : "failed";
                    data["at"] = refund.ExecutedAt ?? now;
                    break;
                case Complaint decided:
                    data["complaintNo"] = decided.ComplaintNo;
                    data["outcome"] = decided.Outcome;
                    data["awardBasisPoints"] = decided.AwardBasisPoints;
                    data["at"] = decided.DecidedAt;
                    break;
                case FollowUp followUp:
                    data["at"] = followUp.DoneAt;
                    break;
            }

            var payload = JsonSerializer.Serialize(new { type, timestamp = now, data }, Json);
            foreach (var subscription in subscriptions.Where(s => s.Events.Contains(type) && (s.MerchantId is null || s.MerchantId == merchantId)))
            {
                db.WebhookDeliveries.Add(new WebhookDelivery(subscription.Id, type, orderingKey, payload, now));
            }
        }
    }

    private static long? CaseIdOf(object entity) => entity switch
    {
        AfterSalesCase c => c.Id,
        CaseMessage m => m.CaseId,
        Refund r => r.CaseId,
        Complaint c => c.CaseId,
        FollowUp f => f.CaseId,
        _ => null,
    };

    private static string? StatusChanged(EntityEntry entry)
    {
        if (entry.State != EntityState.Modified)
        {
            return null;
        }

        var status = entry.Property("Status");
        return status.IsModified && !Equals(status.OriginalValue, status.CurrentValue) ? status.OriginalValue?.ToString() : null;
    }

    private sealed record CaseRef(long Id, string CaseNo, long OrderId, long CustomerId, int MerchantId, CaseKind Kind, CaseStatus Status);
}
