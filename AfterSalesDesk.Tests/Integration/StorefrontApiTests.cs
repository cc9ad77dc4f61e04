using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Integration;
using AfterSalesDesk.Data.Providers;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Cases;
using AfterSalesDesk.Web.Features.Integration;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Integration;

/// <summary>
/// The storefront acting for a buyer over HTTP (issue 18): the whole after-sales life cycle a buyer takes part in, through
/// the same services and rules as the pages, with the buyer seeing only their own cases and never what is internal.
/// </summary>
public abstract class StorefrontApiTestsBase(DatabaseProvider provider) : IAsyncLifetime, IDisposable
{
    private const string InternalNote = "Internal: this buyer returned two kettles this month.";
    private const string MerchantNote = "To merchant: please check the batch number.";

    private readonly AppFactory app = new(provider: provider);
    private HttpClient orders = default!;
    private HttpClient storefront = default!;
    private int storefrontId;
    private ClaimsPrincipal supervisor = default!;

    public async Task InitializeAsync()
    {
        var (_, orderSecret) = await app.CreateApiClientAsync(ApiClientKind.OrderSystem, name: "Order system");
        orders = app.ApiHttpClient(orderSecret);
        string storefrontSecret;
        (storefrontId, storefrontSecret) = await app.CreateApiClientAsync(ApiClientKind.Storefront, name: "Storefront");
        storefront = app.ApiHttpClient(storefrontSecret);
        await OrderSyncApiTestsBase.SeedStoreAsync(orders, "SF-1", "Storefront Test Store");
        await orders.PutJsonAsync("/api/v1/buyers/B-88", new { name = "买家 八八", phone = "13800000088", city = "Suzhou" }).EnsureOkAsync();
        supervisor = await app.PrincipalAsync("supervisor1@demo.local", Roles.Supervisor);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        orders.Dispose();
        storefront.Dispose();
        app.Dispose();
    }

    /// <summary>A delivered order of buyer B-77 at the test store; its two lines' ids.</summary>
    private async Task<(long Kettle, long Cups)> DeliveredOrderAsync(string orderNo)
    {
        await orders.PutJsonAsync($"/api/v1/orders/{orderNo}",
            OrderSyncApiTestsBase.Order("SF-1", app.Clock.GetUtcNow().AddDays(-4), paid: true, shipped: true, delivered: true)).EnsureOkAsync();
        var order = await storefront.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{orderNo}");
        var lines = order.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("id").GetInt64()).ToList();
        return (lines[0], lines[1]);
    }

    private static object Opening(string orderNo, long lineId, string kind = "refundOnly", int quantity = 1) => new
    {
        orderNo,
        kind,
        reason = "Quality problem",
        description = "The kettle leaks at the seam.",
        lines = new[] { new { lineId, quantity } },
    };

    private async Task<JsonElement> OpenAsync(string orderNo, long lineId, string kind = "refundOnly")
    {
        using var response = await storefront.PostJsonAsync("/api/v1/buyers/B-77/cases", Opening(orderNo, lineId, kind), Guid.NewGuid().ToString());
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<long> CaseIdAsync(string caseNo)
    {
        await using var db = app.CreateDbContext();
        return await db.Cases.Where(c => c.CaseNo == caseNo).Select(c => c.Id).SingleAsync();
    }

    private static string[] Actions(JsonElement view) => view.GetProperty("actions").EnumerateArray().Select(a => a.GetString()!).ToArray();

    private async Task<JsonElement> CommandAsync(string caseNo, string command, object body, HttpStatusCode expected = HttpStatusCode.OK, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/buyers/B-77/cases/{caseNo}/{command}") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        using var response = await storefront.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{command}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task OpeningACase_Is201WithTheCase_ARetryReplaysIt_AndTheBuyerIsTheActor()
    {
        var (kettle, _) = await DeliveredOrderAsync("SO-SF-1");

        using var first = await storefront.PostJsonAsync("/api/v1/buyers/B-77/cases", Opening("SO-SF-1", kettle), "open-1");
        using var retry = await storefront.PostJsonAsync("/api/v1/buyers/B-77/cases", Opening("SO-SF-1", kettle), "open-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var body = await first.Content.ReadAsStringAsync();
        var view = JsonDocument.Parse(body).RootElement;
        var caseNo = view.GetProperty("caseNo").GetString()!;
        Assert.Equal($"/api/v1/buyers/B-77/cases/{caseNo}", first.Headers.Location?.ToString());
        Assert.Equal("submitted", view.GetProperty("status").GetString());
        Assert.Equal("SO-SF-1", view.GetProperty("orderNo").GetString());
        Assert.Equal(["message", "evidence", "cancel"], Actions(view));
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(body, await retry.Content.ReadAsStringAsync());
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Headers.ETag, retry.Headers.ETag);

        using var read = await storefront.GetAsync($"/api/v1/buyers/B-77/cases/{caseNo}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(first.Headers.ETag, read.Headers.ETag);
        Assert.Equal(body, await read.Content.ReadAsStringAsync()); // the stored response is the case as it is read

        await using var db = app.CreateDbContext();
        var opened = await db.Cases.Include(c => c.History).SingleAsync(c => c.CaseNo == caseNo);
        Assert.Equal(("Buyer", "B-77 (Storefront)"), (opened.History.Single().ActorRole, opened.History.Single().ActorName));
        Assert.Null(opened.AssigneeId);
        Assert.Equal(1, await db.Cases.CountAsync(c => c.Order!.OrderNo == "SO-SF-1"));
        var audit = await db.AuditEntries.Where(e => e.Action == "case.open" && e.EntityType == "AfterSalesCase").SingleAsync();
        Assert.Equal(($"api:{storefrontId}:Storefront for buyer B-77", ApiCaller.AuditRole), (audit.UserName, audit.Role));
    }

    [Fact]
    public async Task TheCaseRules_AreTheAgentsRules_AndAFieldMissingIsNamed()
    {
        var (kettle, cups) = await DeliveredOrderAsync("SO-SF-2");

        using var tooMany = await storefront.PostJsonAsync("/api/v1/buyers/B-77/cases", Opening("SO-SF-2", cups, quantity: 3), "too-many");
        using var missing = await storefront.PostJsonAsync("/api/v1/buyers/B-77/cases", new { orderNo = "SO-SF-2", lines = Array.Empty<object>() }, "missing");
        using var priority = await storefront.PostJsonAsync("/api/v1/buyers/B-77/cases",
            new { orderNo = "SO-SF-2", kind = "refundOnly", reason = "Quality problem", priority = "urgent", lines = new[] { new { lineId = kettle, quantity = 1 } } }, "priority");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMany.StatusCode);
        Assert.Contains("2", await tooMany.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
        var errors = (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["kind", "lines", "reason"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, priority.StatusCode); // a buyer cannot set the priority: the field does not exist
        await using var db = app.CreateDbContext();
        Assert.Equal(0, await db.Cases.CountAsync(c => c.Order!.OrderNo == "SO-SF-2"));
    }

    [Fact]
    public async Task TheBuyer_SeesTheirConversation_NeverInternalNotesTheMerchantsChannelOrWhoHandledIt()
    {
        var (kettle, _) = await DeliveredOrderAsync("SO-SF-3");
        var caseNo = (await OpenAsync("SO-SF-3", kettle)).GetProperty("caseNo").GetString()!;
        var caseId = await CaseIdAsync(caseNo);
        var cases = app.Get<CaseService>();
        Assert.True((await cases.AddMessageAsync(supervisor, caseId, MessageVisibility.ToBuyer, "We are looking into it.")).Succeeded);
        Assert.True((await cases.AddMessageAsync(supervisor, caseId, MessageVisibility.Internal, InternalNote)).Succeeded);
        Assert.True((await cases.AddMessageAsync(supervisor, caseId, MessageVisibility.ToMerchant, MerchantNote)).Succeeded);

        var view = await CommandAsync(caseNo, "messages", new { body = "Here is what happened: it leaks." });

        var text = view.GetRawText();
        Assert.Equal([("platform", "We are looking into it."), ("buyer", "Here is what happened: it leaks.")],
            view.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("from").GetString(), m.GetProperty("body").GetString())));
        Assert.DoesNotContain("two kettles", text, StringComparison.Ordinal);
        Assert.DoesNotContain("batch number", text, StringComparison.Ordinal);
        Assert.DoesNotContain("supervisor1", text, StringComparison.Ordinal);
        var details = await cases.GetAsync(supervisor, caseId);
        Assert.Contains(details!.Messages, m => m.AuthorRole == Roles.Buyer && m.Visibility == MessageVisibility.ToBuyer && m.AuthorName == "B-77 (Storefront)");
    }

    [Fact]
    public async Task AnotherBuyersCaseOrOrder_Is404LikeNothing_AndTheProbeIsAudited()
    {
        var (kettle, _) = await DeliveredOrderAsync("SO-SF-4");
        var caseNo = (await OpenAsync("SO-SF-4", kettle)).GetProperty("caseNo").GetString()!;

        using var read = await storefront.GetAsync($"/api/v1/buyers/B-88/cases/{caseNo}");
        using var made = await storefront.GetAsync("/api/v1/buyers/B-88/cases/AS-NOTHING");
        using var message = await storefront.PostJsonAsync($"/api/v1/buyers/B-88/cases/{caseNo}/messages", new { body = "I am someone else" }, "probe-1");
        using var open = await storefront.PostJsonAsync("/api/v1/buyers/B-88/cases", Opening("SO-SF-4", kettle), "probe-2");
        using var nobody = await storefront.GetAsync("/api/v1/buyers/NOBODY/cases");
        var list = await storefront.GetFromJsonAsync<JsonElement>("/api/v1/buyers/B-88/cases");

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        var readBody = await read.Content.ReadAsStringAsync();
        Assert.Equal((await made.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), JsonDocument.Parse(readBody).RootElement.GetProperty("detail").GetString());
        Assert.DoesNotContain(caseNo, readBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, message.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, open.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, nobody.StatusCode);
        Assert.Empty(list.GetProperty("items").EnumerateArray());
        await using var db = app.CreateDbContext();
        var caseId = await CaseIdAsync(caseNo);
        Assert.Equal(0, await db.Set<CaseMessage>().CountAsync(m => m.Body == "I am someone else"));
        Assert.True(await db.AuditEntries.CountAsync(e => e.EntityId == caseId.ToString() && e.Outcome == AfterSalesDesk.Data.Audit.AuditOutcome.Denied
            && e.UserName == $"api:{storefrontId}:Storefront for buyer B-88") >= 2);
    }

    [Fact]
    public async Task ACounterOffer_IsAccepted_ThenTheWaybillGoesIn_AndAStaleETagIs412()
    {
        var (kettle, _) = await DeliveredOrderAsync("SO-SF-5");
        var caseNo = (await OpenAsync("SO-SF-5", kettle, "returnAndRefund")).GetProperty("caseNo").GetString()!;
        var caseId = await CaseIdAsync(caseNo);
        await app.ActAsync(supervisor, caseId, CaseAction.RequestMerchantResponse, null);
        await app.ActAsync(supervisor, caseId, CaseAction.MerchantCounterOffer, "We offer an exchange instead.", new CaseStepInput { OfferKind = OfferKind.Other });

        using var read = await storefront.GetAsync($"/api/v1/buyers/B-77/cases/{caseNo}");
        var offered = await read.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("merchantCounterOffered", offered.GetProperty("status").GetString());
        Assert.Equal("We offer an exchange instead.", offered.GetProperty("counterOffer").GetProperty("text").GetString());
        Assert.Equal(["message", "evidence", "acceptCounterOffer", "declineCounterOffer", "cancel"], Actions(offered));
        var accepted = await CommandAsync(caseNo, "counter-offer", new { accept = true }, ifMatch: read.Headers.ETag!.Tag);
        Assert.Equal("merchantAgreed", accepted.GetProperty("status").GetString());
        await CommandAsync(caseNo, "counter-offer", new { accept = true }, HttpStatusCode.PreconditionFailed, ifMatch: read.Headers.ETag!.Tag);

        await app.ActAsync(supervisor, caseId, CaseAction.RequestReturn, null);
        await CommandAsync(caseNo, "return-shipment", new { carrier = "No Such Carrier", trackingNo = "X1" }, HttpStatusCode.UnprocessableEntity);
        var shipped = await CommandAsync(caseNo, "return-shipment", new { carrier = "SF Express", trackingNo = "SF7000000001" });
        Assert.Equal("returnInTransit", shipped.GetProperty("status").GetString());
        Assert.Equal("SF Express SF7000000001", shipped.GetProperty("returnWaybill").GetString());
        Assert.DoesNotContain("returnShipment", Actions(shipped));
    }

    [Fact]
    public async Task DecliningACounterOffer_AsksThePlatform_AndARejectionIsDisputed()
    {
        var (kettle, cups) = await DeliveredOrderAsync("SO-SF-6");
        var declined = (await OpenAsync("SO-SF-6", kettle)).GetProperty("caseNo").GetString()!;
        var declinedId = await CaseIdAsync(declined);
        await app.ActAsync(supervisor, declinedId, CaseAction.RequestMerchantResponse, null);
        await app.ActAsync(supervisor, declinedId, CaseAction.MerchantCounterOffer, "Half the money back.", new CaseStepInput { OfferKind = OfferKind.PartialRefund, OfferSharePercent = 50 });
        await CommandAsync(declined, "dispute", new { summary = "Not yet rejected" }, HttpStatusCode.UnprocessableEntity);
        var escalated = await CommandAsync(declined, "counter-offer", new { accept = false, reason = "Half is not enough." });
        Assert.Equal("escalated", escalated.GetProperty("status").GetString());

        var rejected = (await OpenAsync("SO-SF-6", cups)).GetProperty("caseNo").GetString()!;
        var rejectedId = await CaseIdAsync(rejected);
        await app.ActAsync(supervisor, rejectedId, CaseAction.RequestMerchantResponse, null);
        await app.ActAsync(supervisor, rejectedId, CaseAction.MerchantReject, "Used goods.");
        await CommandAsync(rejected, "counter-offer", new { accept = false }, HttpStatusCode.UnprocessableEntity); // no offer to decline
        var disputed = await CommandAsync(rejected, "dispute", new { summary = "They were new, see the photos." });
        Assert.Equal("escalated", disputed.GetProperty("status").GetString());
        Assert.StartsWith("CP", disputed.GetProperty("disputeNo").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("dispute", Actions(disputed));
    }

    [Fact]
    public async Task Cancel_Evidence_AndALowRating_OpenItsFollowUp()
    {
        var (kettle, cups) = await DeliveredOrderAsync("SO-SF-7");
        var cancelled = (await OpenAsync("SO-SF-7", kettle)).GetProperty("caseNo").GetString()!;
        using (var content = new MultipartFormDataContent { { new ByteArrayContent([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0]), "file", "leak.png" } })
        using (var upload = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/buyers/B-77/cases/{cancelled}/evidence") { Content = content })
        {
            upload.Headers.Add("Idempotency-Key", "evidence-1");
            using var uploaded = await storefront.SendAsync(upload);
            Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
            var evidence = (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("evidence").EnumerateArray().Single();
            Assert.Equal(("leak.png", "image/png"), (evidence.GetProperty("fileName").GetString(), evidence.GetProperty("contentType").GetString()));
        }

        using (var content = new MultipartFormDataContent { { new ByteArrayContent("MZ\u0090\0 not a picture"u8.ToArray()), "file", "photo.png" } })
        using (var upload = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/buyers/B-77/cases/{cancelled}/evidence") { Content = content })
        {
            upload.Headers.Add("Idempotency-Key", "evidence-2");
            using var refused = await storefront.SendAsync(upload);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Contains("whatever its name says", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var gone = await CommandAsync(cancelled, "cancel", new { reason = "Found a way to fix it." });
        Assert.Equal("cancelledByBuyer", gone.GetProperty("status").GetString());
        Assert.Equal(["message", "evidence"], Actions(gone));

        var closed = (await OpenAsync("SO-SF-7", cups)).GetProperty("caseNo").GetString()!;
        await CommandAsync(closed, "rating", new { stars = 1, comment = "Too slow" }, HttpStatusCode.UnprocessableEntity); // not finished yet
        await app.ActAsync(supervisor, await CaseIdAsync(closed), CaseAction.Close, "Solved on the phone.");
        await CommandAsync(closed, "rating", new { stars = 1 }, HttpStatusCode.UnprocessableEntity); // a low rating needs a comment
        var rated = await CommandAsync(closed, "rating", new { stars = 1, comment = "Nobody answered for days." });
        Assert.Equal(1, rated.GetProperty("rating").GetInt32());
        Assert.DoesNotContain("rate", Actions(rated));
        await CommandAsync(closed, "rating", new { stars = 5, comment = "Changed my mind" }, HttpStatusCode.Conflict);
        await using var db = app.CreateDbContext();
        var rating = await db.CaseRatings.Include(r => r.FollowUp).SingleAsync(r => r.CaseId == db.Cases.Single(c => c.CaseNo == closed).Id);
        Assert.NotNull(rating.FollowUp);
    }

    [Fact]
    public async Task TheBuyersCases_ComeAPageAtATime_EachOnce()
    {
        var (kettle, cups) = await DeliveredOrderAsync("SO-SF-8");
        var opened = new[] { (await OpenAsync("SO-SF-8", kettle)).GetProperty("caseNo").GetString(), (await OpenAsync("SO-SF-8", cups)).GetProperty("caseNo").GetString() };

        var first = await storefront.GetFromJsonAsync<JsonElement>("/api/v1/buyers/B-77/cases?limit=1");
        var second = await storefront.GetFromJsonAsync<JsonElement>($"/api/v1/buyers/B-77/cases?limit=1&cursor={first.GetProperty("next").GetString()}");

        Assert.Equal(opened, new[] { first, second }.Select(p => p.GetProperty("items")[0].GetProperty("caseNo").GetString()));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
    }

    /// <summary>The issue's proof: 100 parallel openings with one key and one body open one case; the other 99 replay its response.</summary>
    [Fact]
    public async Task AHundredParallelOpenings_WithOneKey_OpenOneCase_AndReplayItsResponse()
    {
        var (kettle, _) = await DeliveredOrderAsync("SO-SF-9");
        var responses = new ConcurrentBag<(HttpStatusCode Status, string Body, bool Replayed)>();

        await Parallel.ForEachAsync(Enumerable.Range(0, 100), new ParallelOptions { MaxDegreeOfParallelism = 100 }, async (_, ct) =>
        {
            using var response = await storefront.PostJsonAsync("/api/v1/buyers/B-77/cases", Opening("SO-SF-9", kettle), "one-key");
            responses.Add((response.StatusCode, await response.Content.ReadAsStringAsync(ct), response.Headers.Contains("Idempotent-Replayed")));
        });

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.Status));
        Assert.Single(responses.Select(r => r.Body).Distinct());
        Assert.Equal(99, responses.Count(r => r.Replayed));
        await using var db = app.CreateDbContext();
        Assert.Equal(1, await db.Cases.CountAsync(c => c.Order!.OrderNo == "SO-SF-9"));
    }

    /// <summary>And with 100 different bodies under one key: one case; the rest are told the key was used (422) or is busy (409).</summary>
    [Fact]
    public async Task AHundredParallelOpenings_WithOneKeyAndDifferentBodies_OpenOneCase()
    {
        var (kettle, _) = await DeliveredOrderAsync("SO-SF-10");
        var statuses = new ConcurrentBag<HttpStatusCode>();

        await Parallel.ForEachAsync(Enumerable.Range(0, 100), new ParallelOptions { MaxDegreeOfParallelism = 100 }, async (i, _) =>
        {
            var body = new { orderNo = "SO-SF-10", kind = "refundOnly", reason = "Quality problem", description = $"Attempt {i}", lines = new[] { new { lineId = kettle, quantity = 1 } } };
            using var response = await storefront.PostJsonAsync("/api/v1/buyers/B-77/cases", body, "one-key-many-bodies");
            statuses.Add(response.StatusCode);
        });

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.All(statuses.Where(s => s != HttpStatusCode.Created), s => Assert.Contains(s, new[] { HttpStatusCode.UnprocessableEntity, HttpStatusCode.Conflict }));
        await using var db = app.CreateDbContext();
        Assert.Equal(1, await db.Cases.CountAsync(c => c.Order!.OrderNo == "SO-SF-10"));
    }

    /// <summary>
    /// The case opening stores the response to its key itself, in its transaction (decision 0025 §6): were the process to
    /// stop after the commit, before the middleware stores anything, the retry would find the response and not open again.
    /// </summary>
    [Fact]
    public async Task OpeningACase_StoresItsKeysResponse_InItsOwnTransaction()
    {
        var (kettle, _) = await DeliveredOrderAsync("SO-SF-11");
        long recordId;
        await using (var db = app.CreateDbContext())
        {
            var record = new IdempotencyRecord(storefrontId, "claimed-by-hand", "fingerprint", app.Clock.GetUtcNow(), TimeSpan.FromMinutes(2));
            db.IdempotencyRecords.Add(record);
            await db.SaveChangesAsync();
            recordId = record.Id;
        }

        var service = app.Get<StorefrontService>();
        var caller = new ApiCaller(storefrontId, "Storefront", ApiClientKind.Storefront, null, [ApiScopes.BuyerCases], "key");
        var buyer = (await service.BuyerAsync(caller, "test", "B-77", default))!;
        var request = new OpenCaseRequest("SO-SF-11", CaseKind.RefundOnly, "Quality problem", null, null, [new CaseLineRequest(kettle, 1)]);

        var (result, opened) = await service.OpenAsync(buyer, request, recordId, "/api/v1/buyers/B-77/cases/", default);

        Assert.True(result.Succeeded, result.Error);
        await using var check = app.CreateDbContext();
        var stored = await check.IdempotencyRecords.SingleAsync(r => r.Id == recordId);
        Assert.Equal(201, stored.StatusCode);
        Assert.Contains($"Location: /api/v1/buyers/B-77/cases/{opened!.Value.View.CaseNo}", stored.Headers, StringComparison.Ordinal);
        Assert.Equal(opened.Value.View.CaseNo, JsonDocument.Parse(stored.Body!).RootElement.GetProperty("caseNo").GetString());
    }
}

/// <summary>On SQLite, the embedded default.</summary>
public sealed class StorefrontApiTests() : StorefrontApiTestsBase(DatabaseProvider.Sqlite);

/// <summary>On the tests' PostgreSQL server.</summary>
public sealed class StorefrontApiOnPostgreSqlTests() : StorefrontApiTestsBase(DatabaseProvider.PostgreSql);
