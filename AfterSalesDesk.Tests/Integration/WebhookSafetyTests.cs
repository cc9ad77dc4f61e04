using System.Net;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Integration;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSalesDesk.Tests.Integration;

/// <summary>The webhook sender's rules that need no receiver to accept: addresses refused (SSRF), signatures, the retry schedule.</summary>
public sealed class WebhookSafetyTests : IDisposable
{
    // The production setting: private and loopback addresses refused.
    private readonly AppFactory app = new();

    public void Dispose() => app.Dispose();

    [Theory]
    [InlineData("http://10.0.0.1/hooks")]
    [InlineData("https://10.0.0.1/hooks")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://[::1]/hooks")]
    [InlineData("https://[::ffff:127.0.0.1]/hooks")]
    [InlineData("https://[fd00::1]/hooks")]
    [InlineData("https://[fe80::1]/hooks")]
    [InlineData("https://192.168.1.10/hooks")]
    [InlineData("https://172.16.0.5/hooks")]
    [InlineData("https://0.0.0.0/hooks")]
    [InlineData("https://[64:ff9b::a9fe:a9fe]/latest/meta-data")] // NAT64 to 169.254.169.254
    [InlineData("https://[2002:a9fe:a9fe::1]/latest/meta-data")] // 6to4 of 169.254.169.254
    [InlineData("https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hooks")] // Teredo
    [InlineData("https://localhost/hooks")]
    [InlineData("https://localhost./hooks")]
    [InlineData("https://user:pass@hooks.example.com/")]
    [InlineData("ftp://hooks.example.com/")]
    public async Task Subscribe_WhenAddressIsPrivateOrNotHttps_IsRefused(string url)
    {
        var (clientId, _) = await app.CreateApiClientAsync(ApiClientKind.Storefront);
        var admin = await app.PrincipalAsync("admin@demo.local", Roles.Admin);

        var issued = await app.Get<WebhookService>().CreateAsync(admin, clientId, new NewSubscription { Url = url, Events = [WebhookEvents.CaseOpened] });

        Assert.False(issued.Result.Succeeded, url);
        Assert.Null(issued.Secret);
        await using var db = app.CreateDbContext();
        Assert.False(await db.WebhookSubscriptions.AnyAsync());
    }

    [Fact]
    public async Task Subscribe_WhenNotAnAdministrator_IsDeniedAndAudited()
    {
        var (clientId, _) = await app.CreateApiClientAsync(ApiClientKind.Storefront);
        var supervisor = await app.PrincipalAsync("supervisor1@demo.local", Roles.Supervisor);

        var issued = await app.Get<WebhookService>().CreateAsync(supervisor, clientId, new NewSubscription { Url = "https://hooks.example.com/", Events = WebhookEvents.All });

        Assert.Equal(AfterSalesDesk.Web.Infrastructure.ResultStatus.Forbidden, issued.Result.Status);
        await using var db = app.CreateDbContext();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "webhook.create" && e.Outcome == AuditOutcome.Denied));
    }

    [Fact]
    public async Task Send_WhenNameResolvesToLoopback_IsRefusedAtConnectionAndLogged()
    {
        // A subscription whose name passed the check when it was made (here written directly), resolving to loopback now.
        await using var receiver = await WebhookReceiver.StartAsync();
        var (clientId, _) = await app.CreateApiClientAsync(ApiClientKind.Storefront);
        var secrets = app.Services.GetRequiredService<WebhookSecrets>();
        int subscriptionId;
        await using (var db = app.CreateDbContext())
        {
            db.AuditAs(AuditActor.Cli("test"), "webhook.create", app.Clock);
            var subscription = WebhookSubscription.Create(clientId, $"http://localhost:{receiver.Url.Port}/hooks", [WebhookEvents.CaseOpened],
                secrets.Protect(WebhookSubscription.NewSecret()), allowHttp: true, "test", app.Clock.GetUtcNow());
            db.WebhookSubscriptions.Add(subscription);
            await db.SaveChangesAsync();
            subscriptionId = subscription.Id;
            db.WebhookDeliveries.Add(new WebhookDelivery(subscriptionId, WebhookEvents.CaseOpened, "C-TEST", "{}", app.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }

        await app.Services.GetRequiredService<WebhookWorker>().DeliverDueAsync();

        Assert.Empty(receiver.Received);
        await using var check = app.CreateDbContext();
        var attempt = await check.WebhookAttempts.SingleAsync();
        Assert.Null(attempt.StatusCode);
        Assert.Contains("Refused", attempt.Error, StringComparison.Ordinal);
        Assert.Equal(WebhookDeliveryStatus.Pending, (await check.WebhookDeliveries.SingleAsync()).Status); // retried later, as any failure
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("172.31.255.255", true)]
    [InlineData("192.168.0.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("224.0.0.1", true)]
    [InlineData("::", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("fc00::1", true)]
    [InlineData("fd12:3456::1", true)]
    [InlineData("ff02::1", true)]
    [InlineData("8.8.8.8", false)]
    [InlineData("172.32.0.1", false)]
    [InlineData("::ffff:93.184.216.34", false)]
    [InlineData("2606:4700::1111", false)]
    public void IsForbidden_ForAddress_IsAsExpected(string address, bool forbidden) =>
        Assert.Equal(forbidden, AddressGuard.IsForbidden(IPAddress.Parse(address)));

    [Theory]
    [InlineData("64:ff9b::10.0.0.1", "64:ff9b::8.8.8.8")]
    [InlineData("64:ff9b::127.0.0.1", "64:ff9b::93.184.216.34")]
    [InlineData("64:ff9b::a9fe:a9fe", "64:ff9b::5db8:d822")] // 169.254.169.254 and 93.184.216.34 in hex
    [InlineData("64:ff9b::192.168.1.1", "64:ff9b::1.1.1.1")]
    [InlineData("2002:a00:1::1", "2002:808:808::1")] // 6to4 of 10.0.0.1 and 8.8.8.8
    [InlineData("2002:7f00:1::", "2002:5db8:d822::")] // 127.0.0.1 and 93.184.216.34
    [InlineData("2002:a9fe:a9fe:1::1", "2002:101:101:1::1")] // 169.254.169.254 and 1.1.1.1
    [InlineData("2002:ac10:5::1", "2002:ac20:5::1")] // 172.16.0.5 and 172.32.0.5
    public void IsForbidden_WhenNat64Or6to4LeadsToAnIPv4_JudgesItAsThatIPv4(string toPrivate, string toPublic)
    {
        // The well-known NAT64 prefix is how an IPv6-only host with DNS64 reaches every IPv4-only receiver: refused only
        // when it leads inside, as 6to4 is.
        Assert.True(AddressGuard.IsForbidden(IPAddress.Parse(toPrivate)), toPrivate);
        Assert.False(AddressGuard.IsForbidden(IPAddress.Parse(toPublic)), toPublic);
    }

    [Theory]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001:4860:4860::8888")] // Teredo; a public address just outside 2001::/32
    [InlineData("2001::a00:1", "2001:470::1")]
    [InlineData("64:ff9b:1::808:808", "64:ff9b::808:808")] // NAT64 local-use, even to 8.8.8.8; the well-known prefix to it
    [InlineData("64:ff9b:1:ffff:ff00:808:808:0", "64:ff9b::1.1.1.1")]
    public void IsForbidden_ForTeredoAndNat64LocalUse_RefusesTheWholeRange(string inRange, string outside)
    {
        Assert.True(AddressGuard.IsForbidden(IPAddress.Parse(inRange)), inRange);
        Assert.False(AddressGuard.IsForbidden(IPAddress.Parse(outside)), outside);
    }

    [Fact]
    public void Sign_StandardWebhooksTestVector_MatchesTheSpecification()
    {
        // The specification's published example.
        Assert.Equal(
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            WebhookSender.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"));
    }

    [Fact]
    public async Task NodeVerifier_WhenTimestampIsOlderThanFiveMinutes_Refuses()
    {
        var secret = WebhookSubscription.NewSecret();
        var old = DateTimeOffset.UtcNow.AddMinutes(-6).ToUnixTimeSeconds();
        var fresh = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        const string Body = "{\"type\":\"case.opened\"}";

        var (stale, output) = await NodeWebhookVerifier.VerifyAsync(secret, "msg_1", old.ToString(), WebhookSender.Sign(secret, "msg_1", old, Body), Body);
        var (valid, _) = await NodeWebhookVerifier.VerifyAsync(secret, "msg_1", fresh.ToString(), "v1,AAAA " + WebhookSender.Sign(secret, "msg_1", fresh, Body), Body);

        Assert.Equal(1, stale);
        Assert.Contains("too old", output, StringComparison.Ordinal);
        Assert.Equal(0, valid);
    }

    [Fact]
    public void RetrySchedule_SpansAboutThreeDaysWithJitter_ThenEnds()
    {
        var random = new Random(7);
        var total = Enumerable.Range(1, WebhookRetries.Schedule.Count).Select(n => WebhookRetries.After(n, 1, random)!.Value).Aggregate(TimeSpan.Zero, (a, b) => a + b);

        Assert.InRange(total.TotalHours, 2.2 * 24, 3.4 * 24);
        Assert.Null(WebhookRetries.After(WebhookRetries.Schedule.Count + 1, 1, random));
        Assert.InRange(WebhookRetries.After(1, 1, random)!.Value.TotalSeconds, 4, 6);
        Assert.NotEqual(WebhookRetries.After(6, 1, random), WebhookRetries.After(6, 1, random));
    }
}
