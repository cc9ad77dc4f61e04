using System.Security.Cryptography;
using AfterSalesDesk.Data.Common;

namespace AfterSalesDesk.Data.Integration;

/// <summary>The events a webhook subscription may ask for (issue 18, decision 0026).</summary>
public static class WebhookEvents
{
    public const string CaseOpened = "case.opened";
    public const string CaseStatusChanged = "case.status_changed";
    public const string MessageToBuyer = "case.message_to_buyer";
    public const string RefundPaid = "refund.paid";
    public const string RefundFailed = "refund.failed";
    public const string ComplaintDecided = "complaint.decided";
    public const string FollowUpDone = "rating.follow_up_done";

    public static readonly IReadOnlyList<string> All = [CaseOpened, CaseStatusChanged, MessageToBuyer, RefundPaid, RefundFailed, ComplaintDecided, FollowUpDone];
}

/// <summary>
/// Where a client wants to hear about events, and which. Its signing secret (<c>whsec_</c> + base64 of 32 random bytes, as
/// Standard Webhooks has it) must be readable to sign with, so unlike an API secret it cannot be kept as a hash: it is kept
/// encrypted by ASP.NET Data Protection (<see cref="ProtectedSecret"/>, never copied into the audit trail) and shown once.
/// A subscription is disabled by an administrator, or by the worker when a delivery failed for good or the receiver
/// answered 410 Gone; a disabled subscription gets no new deliveries and its pending ones wait.
/// </summary>
public class WebhookSubscription
{
    public const int UrlLength = 2000;
    public const string SecretPrefix = "whsec_";

    private WebhookSubscription()
    {
    }

    public int Id { get; private set; }

    public int ClientId { get; private set; }

    public string Url { get; private set; } = "";

    /// <summary>Event types separated by spaces.</summary>
    public string Events { get; private set; } = "";

    /// <summary>The signing secret, encrypted by the app's Data Protection keys.</summary>
    public string ProtectedSecret { get; private set; } = "";

    public bool Enabled { get; private set; }

    public string? DisabledReason { get; private set; }

    public DateTimeOffset? DisabledAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string CreatedBy { get; private set; } = "";

    public Guid Version { get; private set; }

    public IReadOnlyList<string> EventList => Events.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public bool Wants(string eventType) => EventList.Contains(eventType, StringComparer.Ordinal);

    /// <summary>A new signing secret, to be shown once and stored protected.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The key bytes a secret stands for (the base64 after the prefix), as Standard Webhooks defines it.</summary>
    public static byte[] KeyOf(string secret) =>
        Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);

    /// <summary>
    /// A new, enabled subscription. The address must be absolute, https (http only when <paramref name="allowHttp"/>, for tests
    /// on loopback), with no user name or password in it; whether it may be reached is the sender's check (decision 0026).
    /// </summary>
    public static WebhookSubscription Create(int clientId, string url, IEnumerable<string> events, string protectedSecret, bool allowHttp, string createdBy, DateTimeOffset now)
    {
        var chosen = events.Select(e => e.Trim()).Where(e => e.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (chosen.Count == 0)
        {
            throw new DomainException("Choose at least one event.");
        }

        var unknown = chosen.Where(e => !WebhookEvents.All.Contains(e, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            throw new DomainException($"Unknown events: {string.Join(", ", unknown)}; the events are {string.Join(", ", WebhookEvents.All)}.");
        }

        return new WebhookSubscription
        {
            ClientId = clientId,
            Url = CheckUrl(url, allowHttp).ToString(),
            Events = string.Join(' ', WebhookEvents.All.Where(chosen.Contains)),
            ProtectedSecret = protectedSecret,
            Enabled = true,
            CreatedAt = now,
            CreatedBy = createdBy,
            Version = Guid.NewGuid(),
        };
    }

    public static Uri CheckUrl(string url, bool allowHttp)
    {
        var text = (url ?? "").Trim();
        if (text.Length == 0 || text.Length > UrlLength || !Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            throw new DomainException($"Give an absolute address of at most {UrlLength} characters, such as https://example.com/webhooks.");
        }

        if (uri.Scheme != Uri.UriSchemeHttps && !(allowHttp && uri.Scheme == Uri.UriSchemeHttp))
        {
            throw new DomainException("The address must start with https://.");
        }

        if (uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new DomainException("The address may not carry a user name, password or #fragment.");
        }

        return uri;
    }

    public void Disable(string reason, DateTimeOffset now)
    {
        if (!Enabled)
        {
            return;
        }

        Enabled = false;
        DisabledReason = reason.Length > 500 ? reason[..500] : reason;
        DisabledAt = now;
        Version = Guid.NewGuid();
    }

    public void Enable()
    {
        if (Enabled)
        {
            throw new DomainException("The subscription is already enabled.");
        }

        Enabled = true;
        DisabledReason = null;
        DisabledAt = null;
        Version = Guid.NewGuid();
    }
}

public enum WebhookDeliveryStatus
{
    Pending,
    Delivered,
    Failed,
}

/// <summary>
/// One message to one subscription: the outbox row, written in the transaction of the change it reports (decision 0026).
/// Sent in order per <see cref="OrderingKey"/> (the case number) and subscription: a message waits while an older one of
/// the same case is pending. Retried on <see cref="WebhookRetries"/>' schedule; failed for good after its last attempt.
/// Not audited itself (it reports changes that are); a replay by an administrator is.
/// </summary>
public class WebhookDelivery
{
    public const int ErrorLength = 500;

    private WebhookDelivery()
    {
    }

    public WebhookDelivery(int subscriptionId, string eventType, string orderingKey, string payload, DateTimeOffset now)
    {
        MessageId = "msg_" + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(18));
        SubscriptionId = subscriptionId;
        EventType = eventType;
        OrderingKey = orderingKey;
        Payload = payload;
        CreatedAt = now;
        NextAttemptAt = now;
        Status = WebhookDeliveryStatus.Pending;
    }

    public long Id { get; private set; }

    /// <summary>The <c>webhook-id</c> header: the same on every attempt and replay, so a receiver can drop duplicates.</summary>
    public string MessageId { get; private set; } = "";

    public int SubscriptionId { get; private set; }

    public string EventType { get; private set; } = "";

    /// <summary>The case (or complaint) number the message is about: messages of one key go out in order.</summary>
    public string OrderingKey { get; private set; } = "";

    /// <summary>The JSON body, exactly as signed and sent.</summary>
    public string Payload { get; private set; } = "";

    public WebhookDeliveryStatus Status { get; private set; }

    /// <summary>Every attempt ever, replays included (numbers the log).</summary>
    public int Attempts { get; private set; }

    /// <summary>Failed attempts since it was last queued: the step of the retry schedule.</summary>
    public int Failures { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    /// <summary>While an attempt runs; a worker that died mid-attempt gives the delivery up after this (a concurrency token).</summary>
    public DateTimeOffset? LockedUntil { get; private set; }

    public int? LastStatusCode { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }

    /// <summary>Claims the next attempt; returns its number.</summary>
    public int StartAttempt(DateTimeOffset now, TimeSpan lease)
    {
        if (Status != WebhookDeliveryStatus.Pending)
        {
            throw new DomainException($"Message {MessageId} is {Status}, not pending.");
        }

        LockedUntil = now + lease;
        return ++Attempts;
    }

    public void Delivered(int statusCode, DateTimeOffset now)
    {
        Status = WebhookDeliveryStatus.Delivered;
        LastStatusCode = statusCode;
        LastError = null;
        DeliveredAt = now;
        LockedUntil = null;
    }

    /// <summary>Records a failed attempt: the next one is due after <paramref name="retryAfter"/>, or none (failed for good) when null.</summary>
    public void AttemptFailed(int? statusCode, string error, TimeSpan? retryAfter, DateTimeOffset now)
    {
        Failures++;
        LastStatusCode = statusCode;
        LastError = error.Length > ErrorLength ? error[..ErrorLength] : error;
        LockedUntil = null;
        if (retryAfter is { } delay)
        {
            NextAttemptAt = now + delay;
        }
        else
        {
            Status = WebhookDeliveryStatus.Failed;
        }
    }

    /// <summary>An administrator sends the same message (same id and body) again, from the start of the schedule.</summary>
    public void Replay(DateTimeOffset now)
    {
        if (Status == WebhookDeliveryStatus.Pending)
        {
            throw new DomainException($"Message {MessageId} is still pending; it will be sent anyway.");
        }

        Status = WebhookDeliveryStatus.Pending;
        Failures = 0;
        NextAttemptAt = now;
        LockedUntil = null;
    }
}

/// <summary>One attempt to send a delivery: the log an administrator reads. Not audited.</summary>
public class WebhookAttempt
{
    public const int ExcerptLength = 500;

    private WebhookAttempt()
    {
    }

    public WebhookAttempt(long deliveryId, int number, DateTimeOffset at, int? statusCode, TimeSpan duration, string? error, string? responseExcerpt)
    {
        DeliveryId = deliveryId;
        Number = number;
        At = at;
        StatusCode = statusCode;
        DurationMs = (int)Math.Min(int.MaxValue, Math.Max(0, duration.TotalMilliseconds));
        Error = error is { Length: > WebhookDelivery.ErrorLength } ? error[..WebhookDelivery.ErrorLength] : error;
        ResponseExcerpt = responseExcerpt is { Length: > ExcerptLength } ? responseExcerpt[..ExcerptLength] : responseExcerpt;
    }

    public long Id { get; private set; }

    public long DeliveryId { get; private set; }

    public int Number { get; private set; }

    public DateTimeOffset At { get; private set; }

    public int? StatusCode { get; private set; }

    public int DurationMs { get; private set; }

    public string? Error { get; private set; }

    public string? ResponseExcerpt { get; private set; }
}

/// <summary>
/// When a failed delivery is tried again: 5 s, 5 min, 30 min, 2 h, 5 h, then every 10 h, about three days in all (Svix's
/// schedule, stretched), each delay ±20 % at random so that receivers back from an outage are not hit all at once.
/// </summary>
public static class WebhookRetries
{
    public static readonly IReadOnlyList<TimeSpan> Schedule =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5),
        TimeSpan.FromHours(10), TimeSpan.FromHours(10), TimeSpan.FromHours(10), TimeSpan.FromHours(10), TimeSpan.FromHours(10), TimeSpan.FromHours(10),
    ];

    /// <summary>The delay before the next attempt after <paramref name="failures"/> failed ones, or null when there is none left.</summary>
    public static TimeSpan? After(int failures, double scale, Random random)
    {
        if (failures < 1 || failures > Schedule.Count)
        {
            return null;
        }

        var jitter = 0.8 + (random.NextDouble() * 0.4);
        return TimeSpan.FromTicks((long)(Schedule[failures - 1].Ticks * scale * jitter));
    }
}
