namespace AfterSalesDesk.Web.Features.Webhooks;

/// <summary>Outbound webhooks (configuration section "Webhooks", decision 0026).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>How long one attempt may take, connection and answer included.</summary>
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// Whether receivers on loopback, private, link-local or unique-local addresses may be called (and over plain http).
    /// Off in production: an administrator's URL must not reach the app's own network (SSRF). The tests turn it on.
    /// </summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>Multiplies the retry schedule (1: 5 s, 5 min, … about three days); tests run it in milliseconds.</summary>
    public double RetryScale { get; set; } = 1;

    /// <summary>How often the worker looks for messages due.</summary>
    public double PollSeconds { get; set; } = 2;

    /// <summary>The worker sends; off, messages only collect in the outbox (a test of a crash before sending).</summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>Messages sent at once, each to a different case or subscription.</summary>
    public int Parallelism { get; set; } = 4;

    /// <summary>
    /// Days a delivered or failed message and its attempts are kept after the last thing that happened to it (written,
    /// attempted, replayed); then the clean-up deletes them. Pending messages are kept however old.
    /// </summary>
    public int RetentionDays { get; set; } = 30;

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (TimeoutSeconds is <= 0 or > 60)
        {
            problems.Add("Webhooks:TimeoutSeconds must be more than 0 and at most 60.");
        }

        if (RetryScale is <= 0 or > 10)
        {
            problems.Add("Webhooks:RetryScale must be more than 0 and at most 10.");
        }

        if (PollSeconds is < 0.01 or > 3600)
        {
            problems.Add("Webhooks:PollSeconds must be from 0.01 to 3600.");
        }

        if (Parallelism is < 1 or > 64)
        {
            problems.Add("Webhooks:Parallelism must be from 1 to 64.");
        }

        // Counted from a message's last attempt, so even one day cuts no retry short (pending messages are never deleted).
        if (RetentionDays is < 1 or > 3650)
        {
            problems.Add("Webhooks:RetentionDays must be from 1 to 3650.");
        }

        return problems;
    }
}
