namespace AfterSalesDesk.Web.Features.Integration;

/// <summary>The API's limits (configuration section "Api").</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Requests a client may make per second, on average (a token bucket per client).</summary>
    public int RequestsPerSecond { get; set; } = 200;

    /// <summary>How many requests a client may make at once above the average before it is told to wait.</summary>
    public int Burst { get; set; } = 400;

    /// <summary>How long a stored response to an Idempotency-Key is replayed; at least 24 hours.</summary>
    public int IdempotencyKeepHours { get; set; } = 24;

    /// <summary>How long a retry waits for the first request with its key to finish before it is told 409.</summary>
    public int IdempotencyWaitSeconds { get; set; } = 10;

    /// <summary>After this, a first request with no stored response is taken to have died and the key may run again.</summary>
    public int IdempotencyLeaseSeconds { get; set; } = 120;

    /// <summary>Items in one batch request.</summary>
    public int MaxBatchItems { get; set; } = 500;

    public IReadOnlyList<string> Validate() => Problems().ToList();

    private IEnumerable<string> Problems()
    {
        if (RequestsPerSecond is < 1 or > 1_000_000)
        {
            yield return "Api:RequestsPerSecond must be from 1 to 1,000,000.";
        }

        if (Burst < RequestsPerSecond || Burst > 10_000_000)
        {
            yield return "Api:Burst must be at least Api:RequestsPerSecond and at most 10,000,000.";
        }

        if (IdempotencyKeepHours is < 24 or > 24 * 30)
        {
            yield return "Api:IdempotencyKeepHours must be from 24 to 720: clients retry for a day.";
        }

        if (IdempotencyWaitSeconds is < 0 or > 60)
        {
            yield return "Api:IdempotencyWaitSeconds must be from 0 to 60.";
        }

        if (IdempotencyLeaseSeconds < IdempotencyWaitSeconds || IdempotencyLeaseSeconds > 3600)
        {
            yield return "Api:IdempotencyLeaseSeconds must be at least Api:IdempotencyWaitSeconds and at most 3,600.";
        }

        if (MaxBatchItems is < 1 or > 500)
        {
            yield return "Api:MaxBatchItems must be from 1 to 500.";
        }
    }
}
