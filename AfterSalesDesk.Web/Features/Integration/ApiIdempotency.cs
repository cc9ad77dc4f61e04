using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Integration;
using AfterSalesDesk.Data.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Features.Integration;

/// <summary>
/// <c>Idempotency-Key</c> on every POST to the API (decision 0025). The first request with a key claims it by inserting
/// its record (the unique key decides between racing requests) and its response is stored; the same key with the same
/// request then gets that response again (<c>Idempotent-Replayed: true</c>), with another request 422, and while the
/// first still runs the retry waits for it up to <see cref="ApiOptions.IdempotencyWaitSeconds"/>, then gets 409. A
/// response of 5xx or 429 is not kept, so the retry runs again.
/// </summary>
public sealed class ApiIdempotency(RequestDelegate next)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>
    /// The claimed record's id in <see cref="HttpContext.Items"/>, for a command that stores its response in its own
    /// transaction (opening a case: decision 0025 §6).
    /// </summary>
    public static readonly object RecordIdItem = new();

    /// <summary>The id of the Idempotency-Key record this request holds, if any.</summary>
    public static long? RecordIdOf(HttpContext context) => context.Items.TryGetValue(RecordIdItem, out var id) ? (long?)id : null;

    /// <summary>Set by a command that completed the record itself, in its own transaction: storing it again would be a write for nothing.</summary>
    public static readonly object StoredItem = new();

    /// <summary>Response headers a replay must carry too.</summary>
    private static readonly string[] KeptHeaders = ["Location", "ETag"];

    public async Task InvokeAsync(
        HttpContext context, IDbContextFactory<AppDbContext> contextFactory, TimeProvider clock, IOptions<ApiOptions> options, ILogger<ApiIdempotency> logger)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || ApiCaller.Of(context.User) is not { } caller)
        {
            await next(context);
            return;
        }

        string? key = context.Request.Headers[Header];
        if (string.IsNullOrWhiteSpace(key) || key.Length > IdempotencyRecord.KeyLength || key.Any(c => c is < ' ' or > '~'))
        {
            await ApiProblem.Write(context, StatusCodes.Status400BadRequest, "Idempotency-Key needed",
                $"Send an {Header} header with every POST: a value unique to the operation (a UUID, for example), of 1 to {IdempotencyRecord.KeyLength} printable ASCII characters, sent again unchanged with each retry.");
            return;
        }

        var fingerprint = await FingerprintAsync(context.Request);
        var settings = options.Value;
        var lease = TimeSpan.FromSeconds(settings.IdempotencyLeaseSeconds);
        // Waiting is real time (how long the caller is kept), not the app's clock, which tests stop.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            await using var db = await contextFactory.CreateDbContextAsync(context.RequestAborted);
            var record = await db.IdempotencyRecords.SingleOrDefaultAsync(r => r.ClientId == caller.ClientId && r.Key == key, context.RequestAborted);
            var now = clock.GetUtcNow();
            if (record is null)
            {
                record = new IdempotencyRecord(caller.ClientId, key, fingerprint, now, lease);
                db.IdempotencyRecords.Add(record);
                try
                {
                    await db.SaveChangesAsync(context.RequestAborted);
                }
                catch (DbUpdateException ex) when (db.FailureOf(ex) is { Kind: DbFailureKind.Unique })
                {
                    continue; // another request with this key claimed it first: look again
                }

                await RunAsync(context, db, record, clock, logger);
                return;
            }

            if (!string.Equals(record.Fingerprint, fingerprint, StringComparison.Ordinal))
            {
                await ApiProblem.Write(context, StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused",
                    $"This {Header} was already used with a different request (method, path or body). Use a new key for a new operation.");
                return;
            }

            if (record.IsCompleted)
            {
                await ReplayAsync(context, record);
                return;
            }

            if (record.LockedUntil <= now)
            {
                // The first request died without an answer (the process stopped); this one takes the key over.
                record.Reclaim(now, lease);
                try
                {
                    await db.SaveChangesAsync(context.RequestAborted);
                }
                catch (DbUpdateConcurrencyException)
                {
                    continue;
                }

                await RunAsync(context, db, record, clock, logger);
                return;
            }

            if (waited.Elapsed.TotalSeconds >= settings.IdempotencyWaitSeconds)
            {
                context.Response.Headers.RetryAfter = "1";
                await ApiProblem.Write(context, StatusCodes.Status409Conflict, "Request still running",
                    $"A request with this {Header} is still being processed; retry with the same key shortly to get its response.");
                return;
            }

            await Task.Delay(delay, context.RequestAborted);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 100));
        }
    }

    private async Task RunAsync(HttpContext context, AppDbContext db, IdempotencyRecord record, TimeProvider clock, ILogger logger)
    {
        context.Items[RecordIdItem] = record.Id;
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        var stored = false;
        try
        {
            await next(context);
            var status = context.Response.StatusCode;
            if (context.Items.ContainsKey(StoredItem))
            {
                stored = true;
            }
            else if (status < 500 && status != StatusCodes.Status429TooManyRequests)
            {
                var headers = string.Join('\n', KeptHeaders
                    .Where(h => context.Response.Headers.ContainsKey(h))
                    .Select(h => $"{h}: {context.Response.Headers[h]}"));
                record.Complete(status, context.Response.ContentType, headers.Length == 0 ? null : headers, buffer.ToArray(), clock.GetUtcNow());
                // The response is kept even if the caller has gone away meanwhile: the retry must get it.
                await db.SaveChangesAsync(CancellationToken.None);
                stored = true;
            }
        }
        finally
        {
            if (!stored)
            {
                await ReleaseAsync(db, record, logger);
            }

            context.Response.Body = original;
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    /// <summary>The request failed (5xx, 429 or an exception): the key is free again, so the retry runs anew.</summary>
    private static async Task ReleaseAsync(AppDbContext db, IdempotencyRecord record, ILogger logger)
    {
        try
        {
            db.IdempotencyRecords.Remove(record);
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException)
        {
            // The lease ends the claim in any case.
            logger.LogWarning(ex, "Could not release idempotency key {Key} of client {ClientId}", record.Key, record.ClientId);
        }
    }

    private static async Task ReplayAsync(HttpContext context, IdempotencyRecord record)
    {
        context.Response.StatusCode = record.StatusCode!.Value;
        if (record.ContentType is { } contentType)
        {
            context.Response.ContentType = contentType;
        }

        foreach (var line in (record.Headers ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            context.Response.Headers[line[..colon]] = line[(colon + 1)..].Trim();
        }

        context.Response.Headers[ReplayedHeader] = "true";
        await context.Response.Body.WriteAsync(record.Body, context.RequestAborted);
    }

    /// <summary>SHA-256 over method, path, query and body: what "the same request" means.</summary>
    private static async Task<string> FingerprintAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{request.Method}\n{request.Path}{request.QueryString}\n")));
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            hash.AppendData(chunk, 0, read);
        }

        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
