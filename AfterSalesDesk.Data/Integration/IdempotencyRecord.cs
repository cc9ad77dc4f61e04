namespace AfterSalesDesk.Data.Integration;

/// <summary>
/// One <c>Idempotency-Key</c> a client sent with a POST (issue 18, as Stripe does it): the request's fingerprint, and once
/// the first request has finished, the response it got, to be replayed to every retry with the same key and body. A row
/// is claimed by inserting it (the unique key decides between racing requests) and holds a lease while the request runs,
/// so a request that died with the process does not block its key forever. Kept at least 24 hours. Not audited: it is
/// the record of calls whose changes are audited themselves.
/// </summary>
public class IdempotencyRecord
{
    public const int KeyLength = 255;

    private IdempotencyRecord()
    {
    }

    public IdempotencyRecord(int clientId, string key, string fingerprint, DateTimeOffset now, TimeSpan lease)
    {
        ClientId = clientId;
        Key = key;
        Fingerprint = fingerprint;
        CreatedAt = now;
        LockedUntil = now + lease;
    }

    public long Id { get; private set; }

    public int ClientId { get; private set; }

    public string Key { get; private set; } = "";

    /// <summary>SHA-256 of method, path and body, lower-case hex: the same key with another request is refused.</summary>
    public string Fingerprint { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>While the first request runs; past it, with no response stored, the request is taken to have died.</summary>
    public DateTimeOffset LockedUntil { get; private set; }

    public int? StatusCode { get; private set; }

    public string? ContentType { get; private set; }

    /// <summary>The response headers a retry must see again (Location, ETag), one "Name: value" per line.</summary>
    public string? Headers { get; private set; }

    public byte[]? Body { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public bool IsCompleted => CompletedAt is not null;

    public void Complete(int statusCode, string? contentType, string? headers, byte[] body, DateTimeOffset now)
    {
        StatusCode = statusCode;
        ContentType = contentType;
        Headers = headers;
        Body = body;
        CompletedAt = now;
    }

    /// <summary>Takes over a key whose first request died (its lease ran out without a response).</summary>
    public void Reclaim(DateTimeOffset now, TimeSpan lease) => LockedUntil = now + lease;
}
