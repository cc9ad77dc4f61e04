using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Integration;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AfterSalesDesk.Tests.Integration;

/// <summary>
/// The clean-up of old webhook messages over a real SQLite database: messages sent by the real worker to receivers on
/// loopback, the app's clock moved on by the test, the clean-up run as its timer would.
/// </summary>
public sealed class WebhookCleanupTests : IDisposable
{
    private readonly AppFactory app = new(settings: new Dictionary<string, string?>
    {
        ["Webhooks:AllowPrivateAddresses"] = "true",
        ["Webhooks:RetryScale"] = "0.001",
        ["Webhooks:TimeoutSeconds"] = "1",
    });

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Purge_AfterTheRetention_DeletesFinishedMessagesWithTheirAttempts_KeepsRecentReplayedAndPendingOnes()
    {
        await using var accepting = await WebhookReceiver.StartAsync();
        await using var gone = await WebhookReceiver.StartAsync(_ => 410);
        await using var down = await WebhookReceiver.StartAsync(_ => 503);
        var ok = await SubscribeAsync(accepting.Url);
        var oldDelivered = await QueueAsync(ok, "K-1");
        var oldReplayed = await QueueAsync(ok, "K-2");
        var oldFailed = await QueueAsync(await SubscribeAsync(gone.Url), "K-3");
        var unreachable = await SubscribeAsync(down.Url);
        var oldPending = await QueueAsync(unreachable, "K-4");
        await WorkerAsync();

        // The unreachable receiver's subscription is disabled after its first failure: its message waits, pending, untouched since.
        var admin = await app.PrincipalAsync("admin@demo.local", Roles.Admin);
        var webhooks = app.Get<WebhookService>();
        await using (var db = app.CreateDbContext())
        {
            var version = await db.WebhookSubscriptions.Where(s => s.Id == unreachable).Select(s => s.Version).SingleAsync();
            Assert.True((await webhooks.SetEnabledAsync(admin, unreachable, false, version)).Succeeded);
        }

        // 29 days later an administrator replays one of them, and a new message is sent; two days after that the clean-up runs.
        app.Clock.Advance(TimeSpan.FromDays(29));
        Assert.True((await webhooks.ReplayAsync(admin, oldReplayed)).Succeeded);
        var recent = await QueueAsync(ok, "K-5");
        await WorkerAsync();
        app.Clock.Advance(TimeSpan.FromDays(2));
        Dictionary<long, (WebhookDeliveryStatus Status, int Attempts)> before;
        await using (var db = app.CreateDbContext())
        {
            before = (await db.WebhookDeliveries.Select(d => new { d.Id, d.Status, Attempts = db.WebhookAttempts.Count(a => a.DeliveryId == d.Id) }).ToListAsync())
                .ToDictionary(d => d.Id, d => (d.Status, d.Attempts));
        }

        Assert.Equal((WebhookDeliveryStatus.Delivered, 1), before[oldDelivered]);
        Assert.Equal((WebhookDeliveryStatus.Delivered, 2), before[oldReplayed]);
        Assert.Equal((WebhookDeliveryStatus.Failed, 1), before[oldFailed]);
        Assert.Equal((WebhookDeliveryStatus.Pending, 1), before[oldPending]);
        Assert.Equal((WebhookDeliveryStatus.Delivered, 1), before[recent]);

        var purged = await app.Services.GetRequiredService<WebhookCleanup>().PurgeAsync(CancellationToken.None);

        Assert.Equal(2, purged);
        await using var after = app.CreateDbContext();
        Assert.Equal([oldReplayed, oldPending, recent], await after.WebhookDeliveries.OrderBy(d => d.Id).Select(d => d.Id).ToListAsync());
        Assert.False(await after.WebhookAttempts.AnyAsync(a => a.DeliveryId == oldDelivered || a.DeliveryId == oldFailed));
        foreach (var kept in new[] { oldReplayed, oldPending, recent })
        {
            Assert.Equal(before[kept].Attempts, await after.WebhookAttempts.CountAsync(a => a.DeliveryId == kept));
        }

        // The app runs it on its own (hourly), and a second pass finds nothing more.
        Assert.Single(app.Services.GetServices<IHostedService>().OfType<WebhookCleanupService>());
        Assert.Equal(0, await app.Services.GetRequiredService<WebhookCleanup>().PurgeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Purge_OfMoreThanOneBatch_DeletesThemAll()
    {
        var subscription = await SubscribeAsync(new Uri("https://hooks.example.com/asd"));
        var count = WebhookCleanup.BatchSize * 2 + 7;
        await using (var db = app.CreateDbContext())
        {
            var deliveries = Enumerable.Range(0, count).Select(i => new WebhookDelivery(subscription, WebhookEvents.CaseOpened, $"K-{i}", "{}", app.Clock.GetUtcNow())).ToList();
            deliveries.ForEach(d => d.Delivered(200, app.Clock.GetUtcNow()));
            db.WebhookDeliveries.AddRange(deliveries);
            await db.SaveChangesAsync();
            db.WebhookAttempts.AddRange(deliveries.Select(d => new WebhookAttempt(d.Id, 1, app.Clock.GetUtcNow(), 200, TimeSpan.FromMilliseconds(5), null, "ok")));
            await db.SaveChangesAsync();
        }

        app.Clock.Advance(TimeSpan.FromDays(31));
        var purged = await app.Services.GetRequiredService<WebhookCleanup>().PurgeAsync(CancellationToken.None);

        Assert.Equal(count, purged);
        await using var after = app.CreateDbContext();
        Assert.False(await after.WebhookDeliveries.AnyAsync());
        Assert.False(await after.WebhookAttempts.AnyAsync());
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(-30, false)]
    [InlineData(3651, false)]
    [InlineData(1, true)]
    [InlineData(30, true)]
    public void RetentionDays_OutsideOneToTenYears_IsRefused(int days, bool valid)
    {
        string[] expected = valid ? [] : ["Webhooks:RetentionDays must be from 1 to 3650."];

        Assert.Equal(expected, new WebhookOptions { RetentionDays = days }.Validate());
    }

    private async Task<int> SubscribeAsync(Uri url)
    {
        var (clientId, _) = await app.CreateApiClientAsync(ApiClientKind.Storefront);
        var admin = await app.PrincipalAsync("admin@demo.local", Roles.Admin);
        var issued = await app.Get<WebhookService>().CreateAsync(admin, clientId, new NewSubscription { Url = url.ToString(), Events = [WebhookEvents.CaseOpened] });
        Assert.True(issued.Result.Succeeded, issued.Result.Error);
        return issued.SubscriptionId!.Value;
    }

    /// <summary>A message in the outbox as the outbox writes it (its own ordering key, so none waits for another).</summary>
    private async Task<long> QueueAsync(int subscriptionId, string orderingKey)
    {
        await using var db = app.CreateDbContext();
        var delivery = new WebhookDelivery(subscriptionId, WebhookEvents.CaseOpened, orderingKey, "{\"type\":\"case.opened\"}", app.Clock.GetUtcNow());
        db.WebhookDeliveries.Add(delivery);
        await db.SaveChangesAsync();
        return delivery.Id;
    }

    private Task WorkerAsync() => app.Services.GetRequiredService<WebhookWorker>().DeliverDueAsync();
}
