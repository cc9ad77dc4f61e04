using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AfterSalesDesk.Data.Integration;
using AfterSalesDesk.Data.Providers;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Integration;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Integration;

/// <summary>
/// Idempotency-Key on the API's POSTs over HTTP against a real SQLite file: replays, refusals of a reused key, a retry
/// while the first request runs, a first request that died, many requests at once with one key, and expiry.
/// </summary>
public abstract class IdempotencyTestsBase(DatabaseProvider provider) : IAsyncLifetime, IDisposable
{
    private const string Path = "/api/v1/merchants/batch";

    private readonly AppFactory app = new(settings: new Dictionary<string, string?> { ["Api:IdempotencyWaitSeconds"] = "2", ["Api:Burst"] = "1000" }, provider: provider);
    private HttpClient http = default!;
    private int clientId;

    public async Task InitializeAsync()
    {
        (clientId, var secret) = await app.CreateApiClientAsync(ApiClientKind.OrderSystem);
        http = app.ApiHttpClient(secret);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        http.Dispose();
        app.Dispose();
    }

    private static string Body(string code, string name = "Idempotent store") => JsonSerializer.Serialize(new { items = new[] { new { code, name } } });

    private Task<HttpResponseMessage> PostAsync(string body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return http.SendAsync(request);
    }

    private async Task<int> MerchantsAsync(string prefix)
    {
        await using var db = app.CreateDbContext();
        return await db.Merchants.CountAsync(m => m.Code.StartsWith(prefix));
    }

    [Fact]
    public async Task APostWithoutAKey_Is400_AndChangesNothing()
    {
        using var response = await PostAsync(Body("NOKEY-1"), key: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Idempotency-Key", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await MerchantsAsync("NOKEY-"));
    }

    [Fact]
    public async Task TheSameKeyAndBody_ReplaysTheFirstResponse_AndActsOnce()
    {
        using var first = await PostAsync(Body("REPLAY-1"), "key-replay");
        await using (var db = app.CreateDbContext())
        {
            db.AuditAs(AfterSalesDesk.Data.Audit.AuditActor.Cli("test"), "rename", app.Clock);
            (await db.Merchants.SingleAsync(m => m.Code == "REPLAY-1")).Rename("Renamed meanwhile");
            await db.SaveChangesAsync();
        }

        using var second = await PostAsync(Body("REPLAY-1"), "key-replay");

        Assert.Equal(first.StatusCode, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Contains("\"created\":1", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(first.Headers.Contains(ApiIdempotency.ReplayedHeader));
        Assert.Equal("true", second.Headers.GetValues(ApiIdempotency.ReplayedHeader).Single());
        await using var check = app.CreateDbContext();
        Assert.Equal("Renamed meanwhile", await check.Merchants.Where(m => m.Code == "REPLAY-1").Select(m => m.Name).SingleAsync());
    }

    [Fact]
    public async Task TheSameKeyWithAnotherBody_Is422_AndTheOtherBodyIsNotApplied()
    {
        (await PostAsync(Body("REUSE-1"), "key-reuse")).Dispose();

        using var response = await PostAsync(Body("REUSE-2"), "key-reuse");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await MerchantsAsync("REUSE-2"));
    }

    [Fact]
    public async Task ARetryWhileTheFirstStillRuns_Waits_ThenIs409WithRetryAfter()
    {
        var body = Body("RUNNING-1");
        await ClaimAsync("key-running", body, lockedFor: TimeSpan.FromMinutes(1));

        using var response = await PostAsync(body, "key-running");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Contains("still being processed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await MerchantsAsync("RUNNING-"));
    }

    [Fact]
    public async Task AKeyWhoseFirstRequestDied_IsTakenOverByTheRetry()
    {
        var body = Body("DIED-1");
        await ClaimAsync("key-died", body, lockedFor: TimeSpan.FromMinutes(-1));

        using var response = await PostAsync(body, "key-died");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await MerchantsAsync("DIED-"));
        using var again = await PostAsync(body, "key-died");
        Assert.Equal("true", again.Headers.GetValues(ApiIdempotency.ReplayedHeader).Single());
    }

    [Fact]
    public async Task AHundredRequestsAtOnceWithOneKey_ActOnce_AndAllGetTheSameResponse()
    {
        var body = Body("PARALLEL-1");
        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(async _ =>
        {
            using var response = await PostAsync(body, "key-parallel");
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Contains(ApiIdempotency.ReplayedHeader));
        }));

        Assert.All(responses, r => Assert.Equal(200, r.Item1));
        Assert.Single(responses.Select(r => r.Item2).Distinct());
        Assert.Equal(99, responses.Count(r => r.Item3));
        Assert.Equal(1, await MerchantsAsync("PARALLEL-"));
    }

    [Fact]
    public async Task AHundredDifferentRequestsAtOnceWithOneKey_OneActs_TheOthersAre422Or409()
    {
        var statuses = new ConcurrentBag<int>();
        await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
        {
            using var response = await PostAsync(Body($"RACE-{i}"), "key-race");
            statuses.Add((int)response.StatusCode);
        }));

        Assert.Equal(1, statuses.Count(s => s == 200));
        Assert.All(statuses.Where(s => s != 200), s => Assert.Contains(s, new[] { 409, 422 }));
        Assert.Equal(1, await MerchantsAsync("RACE-"));
    }

    [Fact]
    public async Task KeysAreKeptADay_ThenForgotten()
    {
        (await PostAsync(Body("EXPIRE-1"), "key-expire")).Dispose();
        var cleanup = app.Get<IdempotencyCleanup>();

        app.Clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(0, await cleanup.PurgeAsync(CancellationToken.None));
        using (var replay = await PostAsync(Body("EXPIRE-1"), "key-expire"))
        {
            Assert.True(replay.Headers.Contains(ApiIdempotency.ReplayedHeader));
        }

        app.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, await cleanup.PurgeAsync(CancellationToken.None));
        using var fresh = await PostAsync(Body("EXPIRE-1"), "key-expire");
        Assert.False(fresh.Headers.Contains(ApiIdempotency.ReplayedHeader));
        Assert.Contains("\"unchanged\":1", await fresh.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysBelongToTheirClient()
    {
        (await PostAsync(Body("OWNKEY-1"), "shared-key")).Dispose();
        var (_, other) = await app.CreateApiClientAsync(ApiClientKind.OrderSystem, name: "Other system");
        using var otherHttp = app.ApiHttpClient(other);
        var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new StringContent(Body("OWNKEY-2"), Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", "shared-key");

        using var response = await otherHttp.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await MerchantsAsync("OWNKEY-2"));
    }

    /// <summary>A first request with this key and body that is running (or, with a lease in the past, died).</summary>
    private async Task ClaimAsync(string key, string body, TimeSpan lockedFor)
    {
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"POST\n{Path}\n" + body)));
        await using var db = app.CreateDbContext();
        var now = app.Clock.GetUtcNow();
        db.IdempotencyRecords.Add(new IdempotencyRecord(clientId, key, fingerprint, now, lockedFor));
        await db.SaveChangesAsync();
    }
}

/// <summary>On SQLite, the embedded default.</summary>
public sealed class IdempotencyTests() : IdempotencyTestsBase(DatabaseProvider.Sqlite);

/// <summary>On the tests' PostgreSQL server.</summary>
public sealed class IdempotencyOnPostgreSqlTests() : IdempotencyTestsBase(DatabaseProvider.PostgreSql);
