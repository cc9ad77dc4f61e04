using System.Net;
using System.Security.Claims;
using System.Text.Json;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Complaints;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Integration;
using AfterSalesDesk.Data.Orders;
using AfterSalesDesk.Data.Providers;
using AfterSalesDesk.Data.Refunds;
using AfterSalesDesk.Tests.Refunds;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Refunds;
using AfterSalesDesk.Web.Features.Cases;
using AfterSalesDesk.Web.Features.Complaints;
using AfterSalesDesk.Web.Features.Feedback;
using AfterSalesDesk.Web.Features.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSalesDesk.Tests.Integration;

/// <summary>
/// Outbound webhooks end to end (decision 0026): changes made through the case service, the outbox written with them, the
/// worker sending over real HTTP to a receiver on loopback, every message checked by the Node verifier written from the
/// Standard Webhooks specification. The app's clock is the test's; the retry schedule runs a thousand times faster.
/// </summary>
public abstract class WebhookDeliveryTestsBase(DatabaseProvider provider) : IDisposable
{
    private const string InternalNote = "Internal: the buyer's phone is 13800000000, call the warehouse";

    // On SQLite the app may start from a seeded copy, its clock at the time of that seed: the signatures' timestamps are
    // checked against the app's clock, as a receiver checks them against its own.
    private readonly AppFactory app = new(
        settings: new Dictionary<string, string?>
        {
            ["Webhooks:AllowPrivateAddresses"] = "true",
            ["Webhooks:RetryScale"] = "0.001",
            ["Webhooks:TimeoutSeconds"] = "1",
            // Enough orders delivered within the refund window, of several stores. SQLite starts from a seeded copy of
            // 1,200; a server database seeds each test's own, so there fewer (1,200 made the class take 193 s of a full run).
            ["Demo:Orders"] = provider == DatabaseProvider.Sqlite ? "1200" : "300",
        },
        provider: provider);

    protected AppFactory App => app;

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Deliver_WhenReceiverFailsTheFirstAttempts_GetsEveryEventOnceInOrderPerCaseSigned()
    {
        // 500, then no answer within the timeout, then every message accepted.
        await using var receiver = await WebhookReceiver.StartAsync(n => n switch { 1 => 500, 2 => WebhookReceiver.Hang, _ => 200 });
        var (_, secret) = await SubscribeAsync(ApiClientKind.Storefront, null, receiver.Url, WebhookEvents.All);
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var cases = app.Get<CaseService>();

        var first = await OpenCaseAsync(agent, merchantId: null);
        var second = await OpenCaseAsync(agent, merchantId: null);
        Assert.True((await cases.AddMessageAsync(agent, first, MessageVisibility.ToBuyer, "We are looking into it.")).Succeeded);
        Assert.True((await cases.AddMessageAsync(agent, first, MessageVisibility.Internal, InternalNote)).Succeeded);
        await app.ActAsync(agent, first, CaseAction.RequestMerchantResponse, null);
        await app.ActAsync(agent, second, CaseAction.RequestMerchantResponse, null);

        var outbox = await OutboxAsync();
        Assert.Equal(
            [WebhookEvents.CaseOpened, WebhookEvents.CaseOpened, WebhookEvents.MessageToBuyer, WebhookEvents.CaseStatusChanged, WebhookEvents.CaseStatusChanged],
            outbox.Select(d => d.EventType));

        await DeliverAllAsync();

        var accepted = receiver.Accepted;
        Assert.Equal(outbox.Select(d => d.MessageId).Order(), accepted.Select(r => r.Id).Order()); // each once
        Assert.True(receiver.Received.Count >= outbox.Count + 2, "the first two requests failed and were tried again");
        foreach (var byCase in outbox.GroupBy(d => d.OrderingKey))
        {
            var sent = accepted.Where(r => byCase.Any(d => d.MessageId == r.Id)).Select(r => r.Id);
            Assert.Equal(byCase.OrderBy(d => d.Id).Select(d => d.MessageId), sent);
        }

        foreach (var message in accepted)
        {
            await NodeWebhookVerifier.AssertValidAsync(secret, message, app.Clock.GetUtcNow());
            Assert.Equal(outbox.Single(d => d.MessageId == message.Id).Payload, message.Body);
        }

        Assert.DoesNotContain(receiver.Received, r => r.Body.Contains("13800000000", StringComparison.Ordinal) || r.Body.Contains("warehouse", StringComparison.Ordinal));

        // A message the verifier must refuse: one byte changed in the body, or a secret of another subscription.
        var sample = accepted[0];
        Assert.Equal(1, (await NodeWebhookVerifier.VerifyAsync(secret, sample.Id, sample.Timestamp, sample.Signature, sample.Body + " ", app.Clock.GetUtcNow())).Exit);
        Assert.Equal(1, (await NodeWebhookVerifier.VerifyAsync(WebhookSubscription.NewSecret(), sample.Id, sample.Timestamp, sample.Signature, sample.Body, app.Clock.GetUtcNow())).Exit);

        // What a storefront maps the message by, and the attempts logged.
        var opened = JsonDocument.Parse(accepted.First(r => r.Body.Contains(WebhookEvents.CaseOpened, StringComparison.Ordinal)).Body).RootElement;
        Assert.Equal(WebhookEvents.CaseOpened, opened.GetProperty("type").GetString());
        foreach (var field in new[] { "caseNo", "orderNo", "buyer", "merchant" })
        {
            Assert.False(string.IsNullOrEmpty(opened.GetProperty("data").GetProperty(field).GetString()), field);
        }

        var changed = JsonDocument.Parse(accepted.First(r => r.Body.Contains(WebhookEvents.CaseStatusChanged, StringComparison.Ordinal)).Body).RootElement.GetProperty("data");
        Assert.Equal("submitted", changed.GetProperty("from").GetString());
        Assert.Equal("awaitingMerchant", changed.GetProperty("to").GetString());

        await using var db = app.CreateDbContext();
        Assert.All(await db.WebhookDeliveries.ToListAsync(), d => Assert.Equal(WebhookDeliveryStatus.Delivered, d.Status));
        var attempts = await db.WebhookAttempts.OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(receiver.Received.Count, attempts.Count);
        Assert.Equal(500, attempts[0].StatusCode);
        Assert.Null(attempts[1].StatusCode);
        Assert.Contains("No answer within", attempts[1].Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefundPaidByTheWorker_IsSentWithTheCaseAndAmount_AsIsTheCaseBecomingRefunded()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (_, secret) = await SubscribeAsync(ApiClientKind.Storefront, null, receiver.Url, [WebhookEvents.RefundPaid, WebhookEvents.CaseStatusChanged]);
        var caseId = (await app.CasesAwaitingRefundAsync(1))[0];
        var refundId = await GrantedRefundAsync(caseId);

        await app.Services.GetRequiredService<RefundWorker>().ExecuteDueAsync();
        await DeliverAllAsync();

        string caseNo;
        long amount;
        await using (var db = app.CreateDbContext())
        {
            caseNo = await db.Cases.Where(c => c.Id == caseId).Select(c => c.CaseNo).SingleAsync();
            var refund = await db.Refunds.SingleAsync(r => r.Id == refundId);
            Assert.Equal(RefundStatus.Succeeded, refund.Status);
            amount = refund.AmountMinor;
        }

        var paid = Assert.Single(receiver.Accepted, r => r.Body.Contains(WebhookEvents.RefundPaid, StringComparison.Ordinal));
        await NodeWebhookVerifier.AssertValidAsync(secret, paid, app.Clock.GetUtcNow());
        var data = JsonDocument.Parse(paid.Body).RootElement.GetProperty("data");
        Assert.Equal(caseNo, data.GetProperty("caseNo").GetString());
        Assert.Equal(amount, data.GetProperty("amountMinor").GetInt64());
        Assert.Equal("paid", data.GetProperty("status").GetString());
        Assert.All(receiver.Accepted, r => Assert.Contains(caseNo, r.Body, StringComparison.Ordinal));
        Assert.Contains(receiver.Accepted, r => r.Body.Contains("\"to\":\"refunded\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deliver_WhenEveryAttemptFails_TriesOnScheduleThenFailsAndDisablesTheSubscription()
    {
        await using var receiver = await WebhookReceiver.StartAsync(_ => 503);
        var (subscriptionId, _) = await SubscribeAsync(ApiClientKind.Storefront, null, receiver.Url, [WebhookEvents.CaseOpened]);
        await OpenCaseAsync(await app.PrincipalAsync("agent1@demo.local", Roles.Agent), merchantId: null);
        var worker = app.Services.GetRequiredService<WebhookWorker>();
        var started = app.Clock.GetUtcNow();

        // The schedule a thousand times faster (about four minutes of the app's clock, no delay above 45 s), a minute a pass.
        for (var minute = 0; minute < 20; minute++)
        {
            await worker.DeliverDueAsync();
            await using var pending = app.CreateDbContext();
            if (!await pending.WebhookDeliveries.AnyAsync(d => d.Status == WebhookDeliveryStatus.Pending))
            {
                break;
            }

            app.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(1 + WebhookRetries.Schedule.Count, receiver.Received.Count);
        Assert.Single(receiver.Received.Select(r => r.Id).Distinct());
        await using var db = app.CreateDbContext();
        var delivery = await db.WebhookDeliveries.SingleAsync();
        Assert.Equal(WebhookDeliveryStatus.Failed, delivery.Status);
        Assert.Equal(503, delivery.LastStatusCode);
        var attempts = await db.WebhookAttempts.OrderBy(a => a.Number).Select(a => a.At).ToListAsync();
        Assert.Equal(Enumerable.Range(1, 1 + WebhookRetries.Schedule.Count), await db.WebhookAttempts.OrderBy(a => a.Number).Select(a => a.Number).ToListAsync());
        Assert.InRange((attempts[^1] - started).TotalMinutes, 2.2 * 24 * 60 * 0.001, 20); // about three days, scaled
        var subscription = await db.WebhookSubscriptions.SingleAsync(s => s.Id == subscriptionId);
        Assert.False(subscription.Enabled);
        Assert.Contains("failed 12 times", subscription.DisabledReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_WhenReceiverAnswers410_DisablesTheSubscriptionAtOnce()
    {
        await using var receiver = await WebhookReceiver.StartAsync(_ => 410);
        var (subscriptionId, _) = await SubscribeAsync(ApiClientKind.Storefront, null, receiver.Url, [WebhookEvents.CaseOpened]);
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        await OpenCaseAsync(agent, merchantId: null);

        await DeliverAllAsync();

        Assert.Single(receiver.Received);
        await using (var db = app.CreateDbContext())
        {
            var subscription = await db.WebhookSubscriptions.SingleAsync(s => s.Id == subscriptionId);
            Assert.False(subscription.Enabled);
            Assert.Contains("410", subscription.DisabledReason, StringComparison.Ordinal);
            Assert.Equal(WebhookDeliveryStatus.Failed, (await db.WebhookDeliveries.SingleAsync()).Status);
        }

        // A disabled subscription gets no new messages.
        await OpenCaseAsync(agent, merchantId: null);
        await using var after = app.CreateDbContext();
        Assert.Equal(1, await after.WebhookDeliveries.CountAsync());
    }

    [Fact]
    public async Task Outbox_ForMerchantSystemClient_HoldsOnlyItsOwnStoresEvents()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        int ownStore, otherStore;
        await using (var db = app.CreateDbContext())
        {
            var stores = await OpenableOrders(db).GroupBy(o => o.MerchantId).Select(g => g.Key).Take(2).ToListAsync();
            (ownStore, otherStore) = (stores[0], stores[1]);
        }

        var (subscriptionId, _) = await SubscribeAsync(ApiClientKind.MerchantSystem, ownStore, receiver.Url, WebhookEvents.All);
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var own = await OpenCaseAsync(agent, ownStore);
        var other = await OpenCaseAsync(agent, otherStore);
        await app.ActAsync(agent, other, CaseAction.RequestMerchantResponse, null);
        await app.ActAsync(agent, own, CaseAction.RequestMerchantResponse, null);

        await DeliverAllAsync();

        string ownCaseNo, otherCaseNo, otherStoreCode;
        await using (var db = app.CreateDbContext())
        {
            ownCaseNo = await db.Cases.Where(c => c.Id == own).Select(c => c.CaseNo).SingleAsync();
            otherCaseNo = await db.Cases.Where(c => c.Id == other).Select(c => c.CaseNo).SingleAsync();
            otherStoreCode = await db.Merchants.Where(m => m.Id == otherStore).Select(m => m.Code).SingleAsync();
            Assert.All(await db.WebhookDeliveries.ToListAsync(), d => Assert.Equal(subscriptionId, d.SubscriptionId));
        }

        Assert.Equal(2, receiver.Accepted.Count);
        Assert.All(receiver.Received, r =>
        {
            Assert.Contains(ownCaseNo, r.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(otherCaseNo, r.Body, StringComparison.Ordinal);
            Assert.DoesNotContain($"\"{otherStoreCode}\"", r.Body, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Replay_OfADeliveredMessage_SendsTheSameMessageAgainAndIsAudited()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (_, secret) = await SubscribeAsync(ApiClientKind.Storefront, null, receiver.Url, [WebhookEvents.CaseOpened]);
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        await OpenCaseAsync(agent, merchantId: null);
        await DeliverAllAsync();
        var delivery = Assert.Single(await OutboxAsync());

        var admin = await app.PrincipalAsync("admin@demo.local", Roles.Admin);
        Assert.Equal(AfterSalesDesk.Web.Infrastructure.ResultStatus.Forbidden, (await app.Get<WebhookService>().ReplayAsync(agent, delivery.Id)).Status);
        Assert.True((await app.Get<WebhookService>().ReplayAsync(admin, delivery.Id)).Succeeded);
        await DeliverAllAsync();

        Assert.Equal(2, receiver.Accepted.Count);
        Assert.All(receiver.Accepted, r => Assert.Equal(delivery.MessageId, r.Id));
        await NodeWebhookVerifier.AssertValidAsync(secret, receiver.Accepted[1], app.Clock.GetUtcNow());
        await using var db = app.CreateDbContext();
        Assert.Equal(2, await db.WebhookAttempts.CountAsync(a => a.DeliveryId == delivery.Id));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "webhook.replay" && e.EntityId == delivery.Id.ToString()));
    }

    [Fact]
    public async Task Subscribe_SecretIsShownOnceAndStoredEncrypted_NeverInTheAuditTrail()
    {
        var (subscriptionId, secret) = await SubscribeAsync(ApiClientKind.Storefront, null, new Uri("https://hooks.example.com/asd"), [WebhookEvents.CaseOpened]);

        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.True(WebhookSubscription.KeyOf(secret).Length >= 24);
        await using var db = app.CreateDbContext();
        var stored = await db.WebhookSubscriptions.SingleAsync(s => s.Id == subscriptionId);
        Assert.DoesNotContain(secret[6..], stored.ProtectedSecret, StringComparison.Ordinal);
        Assert.Equal(secret, app.Services.GetRequiredService<WebhookSecrets>().Unprotect(stored.ProtectedSecret));
        var key = secret[6..];
        var cipher = stored.ProtectedSecret;
        Assert.False(await db.AuditEntries.AnyAsync(e => e.Changes != null && (e.Changes.Contains(key) || e.Changes.Contains(cipher))));
    }

    protected async Task<(int Id, string Secret)> SubscribeAsync(ApiClientKind kind, int? merchantId, Uri url, IReadOnlyCollection<string> events)
    {
        var scopes = kind == ApiClientKind.MerchantSystem ? [ApiScopes.OrdersRead] : (IEnumerable<string>?)null;
        var (clientId, _) = await app.CreateApiClientAsync(kind, scopes, merchantId);
        return await SubscribeAsync(clientId, url, events);
    }

    protected async Task<(int Id, string Secret)> SubscribeAsync(int clientId, Uri url, IReadOnlyCollection<string> events)
    {
        var admin = await app.PrincipalAsync("admin@demo.local", Roles.Admin);
        var issued = await app.Get<WebhookService>().CreateAsync(admin, clientId, new NewSubscription { Url = url.ToString(), Events = events });
        Assert.True(issued.Result.Succeeded, issued.Result.Error);
        return (issued.SubscriptionId!.Value, issued.Secret!);
    }

    /// <summary>A refund of the case's first line, proposed by an agent and approved by as many supervisors as it needs: due to be paid now.</summary>
    protected async Task<long> GrantedRefundAsync(long caseId)
    {
        var refunds = app.Get<RefundService>();
        var proposed = await refunds.ProposeAsync(await app.PrincipalAsync("agent1@demo.local", Roles.Agent), caseId, await app.WholeFirstLineAsync(caseId));
        Assert.True(proposed.Result.Succeeded, proposed.Result.Error);
        await using var db = app.CreateDbContext();
        var needed = await db.Refunds.Where(r => r.Id == proposed.RefundId).Select(r => r.RequiredApprovals).SingleAsync();
        foreach (var supervisor in new[] { "supervisor1@demo.local", "supervisor2@demo.local" }.Take(needed))
        {
            Assert.True((await refunds.ApproveAsync(await app.PrincipalAsync(supervisor, Roles.Supervisor), proposed.RefundId!.Value)).Succeeded);
        }

        return proposed.RefundId!.Value;
    }

    /// <summary>Orders a refund-only case may be opened on: delivered in the last six days, with no case yet.</summary>
    private IQueryable<Order> OpenableOrders(AfterSalesDesk.Data.AppDbContext db)
    {
        var since = app.Clock.GetUtcNow().AddDays(-6);
        return db.Orders.Where(o => o.Status == OrderStatus.Delivered && o.DeliveredAt >= since && !db.Cases.Any(c => c.OrderId == o.Id))
            .OrderByDescending(o => o.DeliveredAt).ThenBy(o => o.Id);
    }

    protected async Task<long> OpenCaseAsync(ClaimsPrincipal agent, int? merchantId)
    {
        long orderId, lineId;
        await using (var db = app.CreateDbContext())
        {
            var order = await OpenableOrders(db).Where(o => merchantId == null || o.MerchantId == merchantId).Include(o => o.Lines).FirstAsync();
            (orderId, lineId) = (order.Id, order.Lines[0].Id);
        }

        var opened = await app.Get<CaseService>().OpenAsync(agent, new OpenCaseInput
        {
            OrderId = orderId,
            Kind = CaseKind.RefundOnly,
            Reason = "Quality problem",
            Stage = ProblemStage.AfterDelivery,
            Lines = [new RequestedLine { OrderLineId = lineId, Quantity = 1 }],
        });
        Assert.True(opened.Result.Succeeded, opened.Result.Error);
        return opened.CaseId!.Value;
    }

    private async Task<List<WebhookDelivery>> OutboxAsync()
    {
        await using var db = app.CreateDbContext();
        return await db.WebhookDeliveries.AsNoTracking().OrderBy(d => d.Id).ToListAsync();
    }

    /// <summary>Runs the worker as its timer would, moving the app's clock a second between passes, until nothing is pending.</summary>
    protected async Task DeliverAllAsync()
    {
        var worker = app.Services.GetRequiredService<WebhookWorker>();
        for (var pass = 0; pass < 60; pass++)
        {
            await worker.DeliverDueAsync();
            await using var db = app.CreateDbContext();
            if (!await db.WebhookDeliveries.AnyAsync(d => d.Status == WebhookDeliveryStatus.Pending && db.WebhookSubscriptions.Any(s => s.Id == d.SubscriptionId && s.Enabled)))
            {
                return;
            }

            app.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        throw new TimeoutException("Messages were still pending after 60 passes of the worker.");
    }
}

/// <summary>
/// On SQLite, the default database; with the events that need a longer walk to raise (a refund the gateway refuses, a
/// dispute decided, a follow-up done), which the provider does not change: they run here only.
/// </summary>
public sealed class WebhookDeliveryTests() : WebhookDeliveryTestsBase(DatabaseProvider.Sqlite)
{
    [Fact]
    public async Task RefundRefusedByTheGateway_IsSentOnceAsFailed_WithoutTheGatewaysError()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (_, secret) = await SubscribeAsync(ApiClientKind.Storefront, null, receiver.Url, WebhookEvents.All);
        var caseId = (await App.CasesAwaitingRefundAsync(1))[0];
        var refundId = await GrantedRefundAsync(caseId);
        string key;
        await using (var db = App.CreateDbContext())
        {
            var granted = await db.Refunds.SingleAsync(r => r.Id == refundId);
            var orderNo = await db.Orders.Where(o => o.Id == granted.OrderId).Select(o => o.OrderNo).SingleAsync();
            // A request the gateway will never pay: its ledger already holds the refund's idempotency key for another amount,
            // and a key reused with other parameters is refused for good (as real gateways do), so the worker does not retry.
            key = granted.IdempotencyKey;
            await App.Services.GetRequiredService<SimulatedPaymentGateway>().RefundAsync(key, orderNo, granted.AmountMinor + 1, granted.Currency);
        }

        await App.Services.GetRequiredService<RefundWorker>().ExecuteDueAsync();
        await DeliverAllAsync();

        string caseNo, gatewayError;
        long amount;
        await using (var db = App.CreateDbContext())
        {
            var refund = await db.Refunds.SingleAsync(r => r.Id == refundId);
            Assert.Equal(RefundStatus.Failed, refund.Status);
            (amount, gatewayError) = (refund.AmountMinor, refund.LastError!);
            Assert.Contains("key reused", gatewayError, StringComparison.Ordinal);
            caseNo = await db.Cases.Where(c => c.Id == caseId).Select(c => c.CaseNo).SingleAsync();
        }

        var data = await SingleSignedEventAsync(receiver, secret, WebhookEvents.RefundFailed,
            ["caseNo", "orderNo", "buyer", "merchant", "refundId", "amountMinor", "currency", "status", "at"]);
        Assert.Equal(caseNo, data.GetProperty("caseNo").GetString());
        Assert.Equal(refundId, data.GetProperty("refundId").GetInt64());
        Assert.Equal(amount, data.GetProperty("amountMinor").GetInt64());
        Assert.Equal("failed", data.GetProperty("status").GetString());
        AssertNoneContains(receiver, gatewayError, key, "Refused by the gateway");
    }

    [Fact]
    public async Task ComplaintDecided_AfterTheBuyerDisputesTheRejectionThroughTheStorefront_IsSentOnce_WithoutTheReasoning()
    {
        const string Reasoning = "Wear marks on the base; the warehouse's intake photo W-1777 shows them before dispatch.";
        await using var receiver = await WebhookReceiver.StartAsync();
        var (clientId, apiSecret) = await App.CreateApiClientAsync(ApiClientKind.Storefront);
        var (_, secret) = await SubscribeAsync(clientId, receiver.Url, WebhookEvents.All);
        var agent = await App.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var caseId = await OpenCaseAsync(agent, merchantId: null);
        await App.ActAsync(agent, caseId, CaseAction.RequestMerchantResponse, null);
        await App.ActAsync(await App.MerchantUserOfAsync(caseId), caseId, CaseAction.MerchantReject, "Used goods.");
        var (caseNo, buyer) = await CaseNoAndBuyerAsync(caseId);

        using (var storefront = App.ApiHttpClient(apiSecret))
        using (var disputed = await storefront.PostJsonAsync($"/api/v1/buyers/{buyer}/cases/{caseNo}/dispute", new { summary = "It was new, see the photos." }, Guid.NewGuid().ToString()))
        {
            Assert.True(disputed.StatusCode == HttpStatusCode.OK, await disputed.Content.ReadAsStringAsync());
        }

        var complaints = App.Get<ComplaintService>();
        var supervisor = await App.PrincipalAsync("supervisor1@demo.local", Roles.Supervisor);
        long complaintId;
        string complaintNo;
        await using (var db = App.CreateDbContext())
        {
            (complaintId, complaintNo) = await db.Complaints.Where(c => c.CaseId == caseId).Select(c => ValueTuple.Create(c.Id, c.ComplaintNo)).SingleAsync();
        }

        Assert.True((await complaints.SendToArbitrationAsync(supervisor, complaintId, null, await ComplaintVersionAsync(complaintId))).Succeeded);
        var decided = await complaints.DecideAsync(supervisor, complaintId, ArbitrationOutcome.Partial, Reasoning, 40m, await ComplaintVersionAsync(complaintId));
        Assert.True(decided.Succeeded, decided.Error);
        await DeliverAllAsync();

        var data = await SingleSignedEventAsync(receiver, secret, WebhookEvents.ComplaintDecided,
            ["caseNo", "orderNo", "buyer", "merchant", "complaintNo", "outcome", "awardBasisPoints", "at"]);
        Assert.Equal((caseNo, buyer, complaintNo), (data.GetProperty("caseNo").GetString(), data.GetProperty("buyer").GetString(), data.GetProperty("complaintNo").GetString()));
        Assert.Equal("partial", data.GetProperty("outcome").GetString());
        Assert.Equal(4000, data.GetProperty("awardBasisPoints").GetInt32());
        AssertNoneContains(receiver, Reasoning, "W-1777");
    }

    [Fact]
    public async Task FollowUpDone_AfterALowRatingThroughTheStorefront_IsSentOnce_WithoutItsNotesOrWhoDidIt()
    {
        const string Notes = "Called back; offered a 50 yuan voucher from the goodwill budget.";
        await using var receiver = await WebhookReceiver.StartAsync();
        var (clientId, apiSecret) = await App.CreateApiClientAsync(ApiClientKind.Storefront);
        var (_, secret) = await SubscribeAsync(clientId, receiver.Url, WebhookEvents.All);
        var agent = await App.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var caseId = await OpenCaseAsync(agent, merchantId: null);
        await App.ActAsync(await App.PrincipalAsync("supervisor1@demo.local", Roles.Supervisor), caseId, CaseAction.Close, "Solved on the phone.");
        var (caseNo, buyer) = await CaseNoAndBuyerAsync(caseId);

        using (var storefront = App.ApiHttpClient(apiSecret))
        using (var rated = await storefront.PostJsonAsync($"/api/v1/buyers/{buyer}/cases/{caseNo}/rating", new { stars = 1, comment = "Nobody answered for days." }, Guid.NewGuid().ToString()))
        {
            Assert.True(rated.StatusCode == HttpStatusCode.OK, await rated.Content.ReadAsStringAsync());
        }

        var feedback = App.Get<FeedbackService>();
        var followUp = Assert.Single(await feedback.FollowUpsAsync(agent, openOnly: true), f => f.CaseId == caseId);
        var done = await feedback.CompleteFollowUpAsync(agent, followUp.Id, Notes, followUp.Version);
        Assert.True(done.Succeeded, done.Error);
        await DeliverAllAsync();

        string doneBy;
        DateTimeOffset doneAt;
        await using (var db = App.CreateDbContext())
        {
            var stored = await db.FollowUps.SingleAsync(f => f.Id == followUp.Id);
            (doneBy, doneAt) = (stored.DoneBy!, stored.DoneAt!.Value);
        }

        var data = await SingleSignedEventAsync(receiver, secret, WebhookEvents.FollowUpDone, ["caseNo", "orderNo", "buyer", "merchant", "at"]);
        Assert.Equal((caseNo, buyer), (data.GetProperty("caseNo").GetString(), data.GetProperty("buyer").GetString()));
        Assert.Equal(doneAt, data.GetProperty("at").GetDateTimeOffset());
        AssertNoneContains(receiver, Notes, "goodwill", doneBy);
    }

    private async Task<(string CaseNo, string Buyer)> CaseNoAndBuyerAsync(long caseId)
    {
        await using var db = App.CreateDbContext();
        return await db.Cases.Where(c => c.Id == caseId)
            .Select(c => ValueTuple.Create(c.CaseNo, db.Customers.Where(b => b.Id == c.CustomerId).Select(b => b.Code).Single()))
            .SingleAsync();
    }

    private async Task<Guid> ComplaintVersionAsync(long complaintId)
    {
        await using var db = App.CreateDbContext();
        return await db.Complaints.Where(c => c.Id == complaintId).Select(c => c.Version).SingleAsync();
    }

    /// <summary>
    /// The one message of <paramref name="type"/> the receiver got (once: no second request with its id), valid for the Node
    /// verifier, its data carrying exactly <paramref name="fields"/> (a new field is a decision about what receivers may see).
    /// </summary>
    private async Task<JsonElement> SingleSignedEventAsync(WebhookReceiver receiver, string secret, string type, string[] fields)
    {
        var message = Assert.Single(receiver.Accepted, r => JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString() == type);
        Assert.Single(receiver.Received, r => r.Id == message.Id);
        await NodeWebhookVerifier.AssertValidAsync(secret, message, App.Clock.GetUtcNow());
        var data = JsonDocument.Parse(message.Body).RootElement.GetProperty("data").Clone();
        Assert.Equal(fields.Order(StringComparer.Ordinal), data.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.All(new[] { "caseNo", "orderNo", "buyer", "merchant" }, field => Assert.False(string.IsNullOrEmpty(data.GetProperty(field).GetString()), field));
        return data;
    }

    /// <summary>No message of any event carries these (internal notes, gateway errors, reasoning, who on the platform acted).</summary>
    private static void AssertNoneContains(WebhookReceiver receiver, params string[] secrets)
    {
        Assert.NotEmpty(receiver.Received);
        foreach (var message in receiver.Received)
        {
            foreach (var text in secrets)
            {
                Assert.False(message.Body.Contains(text, StringComparison.Ordinal), $"{message.Body} contains \"{text}\"");
            }
        }
    }
}

/// <summary>The same on the tests' PostgreSQL server: the outbox's queries and the claim's concurrency token there.</summary>
public sealed class WebhookDeliveryOnPostgreSqlTests() : WebhookDeliveryTestsBase(DatabaseProvider.PostgreSql);
