using System.Security.Claims;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Integration;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Webhooks;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSalesDesk.Tests.Components.Webhooks;

/// <summary>
/// Administration → Integrations → a client's webhooks: adding a subscription shows its signing secret once; the list
/// shows the events and the state; disable and enable; the delivery log shows each attempt, and Replay queues a message
/// again; a non-administrator sees nothing.
/// </summary>
public sealed class WebhooksPageTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    [Fact]
    public async Task Adding_ShowsTheSigningSecretOnce_ThenTheSubscriptionIsListedWithoutIt()
    {
        await SignInAsync("admin@demo.local", Roles.Admin);
        var (clientId, _) = await App.CreateApiClientAsync(ApiClientKind.Storefront, name: "Storefront " + Guid.NewGuid().ToString("N")[..6]);
        var page = RenderPage<ClientWebhooks>(p => p.Add(c => c.ClientId, clientId));
        page.WaitForElement("[data-testid=subscriptions-empty]");

        page.Find("button[data-testid=new-subscription]").Click();
        Dialogs.WaitForElement("input[data-testid=subscription-url]").Change("https://hooks.example.com/after-sales");
        Dialogs.Find("input[data-testid='event-case.message_to_buyer']").Change(false);
        Dialogs.Find("button[data-testid=subscription-save]").Click();

        var field = Dialogs.WaitForElement("[data-testid=signing-secret-value]");
        var secret = (field.GetAttribute("value") ?? field.TextContent).Trim();
        Assert.Matches("^whsec_[A-Za-z0-9+/]{43}=$", secret);
        Assert.Contains("it will not be shown again", Dialogs.Find("[data-testid=signing-secret-warning]").TextContent);
        Dialogs.Find("button[data-testid=signing-secret-close]").Click();
        Dialogs.WaitForAssertion(() => Assert.Empty(Dialogs.FindAll(".mud-dialog")));

        page.WaitForAssertion(() => Assert.Contains("https://hooks.example.com/after-sales", page.Markup));
        Assert.DoesNotContain(secret, page.Markup);
        Assert.DoesNotContain(secret, Dialogs.Markup);
        var events = page.FindAll("[data-testid^=subscription-events-] code").Select(c => c.TextContent).ToList();
        Assert.Equal(WebhookEvents.All.Where(e => e != WebhookEvents.MessageToBuyer), events);
        Assert.Contains("Enabled", page.Find("[data-testid^=subscription-state-]").TextContent);
    }

    [Fact]
    public async Task Adding_AnAddressOnThePrivateNetwork_IsRefusedInTheDialog()
    {
        await SignInAsync("admin@demo.local", Roles.Admin);
        var (clientId, _) = await App.CreateApiClientAsync(ApiClientKind.Storefront);
        var page = RenderPage<ClientWebhooks>(p => p.Add(c => c.ClientId, clientId));

        page.WaitForElement("button[data-testid=new-subscription]").Click();
        Dialogs.WaitForElement("input[data-testid=subscription-url]").Change("https://169.254.169.254/latest");
        Dialogs.Find("button[data-testid=subscription-save]").Click();

        Dialogs.WaitForAssertion(() => Assert.Contains("may not reach the app's own network", Dialogs.Find("[data-testid=subscription-dialog-error]").TextContent));
        await using var db = App.CreateDbContext();
        Assert.False(await db.WebhookSubscriptions.AnyAsync(s => s.ClientId == clientId));
    }

    [Fact]
    public async Task DeliveryLog_ShowsEachAttempt_AndReplayQueuesTheMessageAgain()
    {
        var admin = await SignInAsync("admin@demo.local", Roles.Admin);
        var (clientId, _) = await App.CreateApiClientAsync(ApiClientKind.Storefront);
        var issued = await Service<WebhookService>().CreateAsync(admin, clientId, new NewSubscription { Url = "https://hooks.example.com/a", Events = WebhookEvents.All });
        Assert.True(issued.Result.Succeeded, issued.Result.Error);
        long deliveryId;
        await using (var db = App.CreateDbContext())
        {
            var delivery = new WebhookDelivery(issued.SubscriptionId!.Value, WebhookEvents.CaseOpened, "C-LOG-1", "{\"type\":\"case.opened\"}", App.Clock.GetUtcNow());
            db.WebhookDeliveries.Add(delivery);
            await db.SaveChangesAsync();
            delivery.StartAttempt(App.Clock.GetUtcNow(), TimeSpan.FromMinutes(1));
            db.WebhookAttempts.Add(new WebhookAttempt(delivery.Id, 1, App.Clock.GetUtcNow(), 503, TimeSpan.FromMilliseconds(42), "HTTP 503 Service Unavailable", "try later"));
            delivery.AttemptFailed(503, "HTTP 503 Service Unavailable", null, App.Clock.GetUtcNow());
            await db.SaveChangesAsync();
            deliveryId = delivery.Id;
        }

        var page = RenderPage<ClientWebhooks>(p => p.Add(c => c.ClientId, clientId));
        page.WaitForAssertion(() => Assert.Contains("Failed", page.Find($"[data-testid=delivery-state-{deliveryId}]").TextContent));
        Assert.Contains("C-LOG-1", page.Find($"[data-testid=delivery-{deliveryId}]").TextContent);
        Assert.Contains("1 attempt", page.Find($"[data-testid=delivery-state-{deliveryId}]").TextContent);
        Assert.DoesNotContain("1 attempts", page.Find($"[data-testid=delivery-state-{deliveryId}]").TextContent);

        page.Find($"button[data-testid=replay-{deliveryId}]").Click();

        page.WaitForAssertion(() => Assert.Contains("Pending", page.Find($"[data-testid=delivery-state-{deliveryId}]").TextContent));
        Assert.Empty(page.FindAll($"button[data-testid=replay-{deliveryId}]"));
        await using var check = App.CreateDbContext();
        Assert.Equal(WebhookDeliveryStatus.Pending, (await check.WebhookDeliveries.SingleAsync(d => d.Id == deliveryId)).Status);
        Assert.True(await check.AuditEntries.AnyAsync(e => e.Action == "webhook.replay" && e.EntityId == deliveryId.ToString() && e.UserName == "admin@demo.local"));
    }

    [Fact]
    public async Task Disabling_ThenEnabling_ChangesTheStateAndIsAudited()
    {
        var admin = await SignInAsync("admin@demo.local", Roles.Admin);
        var (clientId, _) = await App.CreateApiClientAsync(ApiClientKind.Storefront);
        var issued = await Service<WebhookService>().CreateAsync(admin, clientId, new NewSubscription { Url = "https://hooks.example.com/b", Events = [WebhookEvents.CaseOpened] });
        var id = issued.SubscriptionId!.Value;
        var page = RenderPage<ClientWebhooks>(p => p.Add(c => c.ClientId, clientId));

        page.WaitForElement($"button[data-testid=disable-{id}]").Click();
        page.WaitForAssertion(() => Assert.Contains("Disabled by admin@demo.local.", page.Find($"[data-testid=subscription-state-{id}]").TextContent));
        page.Find($"button[data-testid=enable-{id}]").Click();
        page.WaitForAssertion(() => Assert.Contains("Enabled", page.Find($"[data-testid=subscription-state-{id}]").TextContent));

        await using var db = App.CreateDbContext();
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => (e.Action == "webhook.disable" || e.Action == "webhook.enable") && e.EntityId == id.ToString()));
    }

    [Fact]
    public async Task ANonAdmin_RenderingThePage_SeesNoSubscription_AndIsAudited()
    {
        var admin = await App.PrincipalAsync("admin@demo.local", Roles.Admin);
        var (clientId, _) = await App.CreateApiClientAsync(ApiClientKind.Storefront);
        await Service<WebhookService>().CreateAsync(admin, clientId, new NewSubscription { Url = "https://hooks.example.com/secret-place", Events = [WebhookEvents.CaseOpened] });
        await SignInAsync("manager@demo.local", Roles.Manager);

        var page = RenderPage<ClientWebhooks>(p => p.Add(c => c.ClientId, clientId));

        page.WaitForElement("[data-testid=webhooks-missing]");
        Assert.DoesNotContain("secret-place", page.Markup);
        await using var db = App.CreateDbContext();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "webhook.list" && e.Outcome == AuditOutcome.Denied && e.UserName == "manager@demo.local"));
    }
}
