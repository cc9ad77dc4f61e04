using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Integration;
using AfterSalesDesk.Data.Orders;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Cases;
using AfterSalesDesk.Web.Features.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Integration;

/// <summary>
/// The outbox across a crash (decision 0026): the app runs as its own process with its worker off, a case is opened
/// through the case service on the same database, the process is killed (SIGKILL) before anything is sent, and the app
/// started again on the same data sends the message: a committed change never loses its webhook.
/// </summary>
public sealed class WebhookOutboxCrashTests
{
    [Fact]
    public async Task Outbox_WhenAppIsKilledBeforeSending_DeliversAfterRestart()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var data = new TempDirectory();
        string secret, messageId;

        var first = new WebhookApp(data.Path, workerEnabled: false);
        try
        {
            await first.InitializeAsync();

            // A second app on the same database (as a second instance would be) makes the change through its services.
            using (var other = new AppFactory(dataDirectory: data.Path, settings: new Dictionary<string, string?> { ["Webhooks:AllowPrivateAddresses"] = "true", ["Demo:Orders"] = "1200" }))
            {
                var (clientId, _) = await other.CreateApiClientAsync(ApiClientKind.Storefront);
                var admin = await other.PrincipalAsync("admin@demo.local", Roles.Admin);
                var issued = await other.Get<WebhookService>().CreateAsync(admin, clientId, new NewSubscription { Url = receiver.Url.ToString(), Events = [WebhookEvents.CaseOpened] });
                Assert.True(issued.Result.Succeeded, issued.Result.Error);
                secret = issued.Secret!;

                long orderId, lineId;
                await using (var db = other.CreateDbContext())
                {
                    var since = DateTimeOffset.UtcNow.AddDays(-6); // within the refund window
                    var order = await db.Orders.Include(o => o.Lines)
                        .Where(o => o.Status == OrderStatus.Delivered && o.DeliveredAt >= since && !db.Cases.Any(c => c.OrderId == o.Id))
                        .OrderByDescending(o => o.DeliveredAt).FirstAsync();
                    (orderId, lineId) = (order.Id, order.Lines[0].Id);
                }

                var opened = await other.Get<CaseService>().OpenAsync(await other.PrincipalAsync("agent1@demo.local", Roles.Agent), new OpenCaseInput
                {
                    OrderId = orderId,
                    Reason = "Quality problem",
                    Lines = [new RequestedLine { OrderLineId = lineId, Quantity = 1 }],
                });
                Assert.True(opened.Result.Succeeded, opened.Result.Error);
                await using var check = other.CreateDbContext();
                messageId = (await check.WebhookDeliveries.SingleAsync()).MessageId; // committed with the case
            }

            await first.KillAsync();
            Assert.Empty(receiver.Received);
        }
        finally
        {
            await first.DisposeAsync();
        }

        var second = new WebhookApp(data.Path, workerEnabled: true);
        try
        {
            await second.InitializeAsync();
            await receiver.WaitForAsync(r => r.Any(m => m.Answer == 200), TimeSpan.FromSeconds(30));
        }
        finally
        {
            await second.DisposeAsync();
        }

        var message = Assert.Single(receiver.Received);
        Assert.Equal(messageId, message.Id);
        await NodeWebhookVerifier.AssertValidAsync(secret, message);
    }

    /// <summary>The app as a process on a kept data folder, sending webhooks to loopback, its worker on or off.</summary>
    private sealed class WebhookApp(string dataDirectory, bool workerEnabled) : AppProcess(dataDirectory)
    {
        protected override void Configure(IDictionary<string, string?> environment)
        {
            environment["Demo__Orders"] = "1200";
            environment["Demo__Password"] = AppFactory.DemoPassword;
            environment["Webhooks__AllowPrivateAddresses"] = "true";
            environment["Webhooks__WorkerEnabled"] = workerEnabled ? "true" : "false";
            environment["Webhooks__PollSeconds"] = "0.2";
        }
    }
}
