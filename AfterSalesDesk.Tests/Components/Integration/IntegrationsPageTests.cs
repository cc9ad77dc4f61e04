using System.Security.Claims;
using System.Text.RegularExpressions;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Integration;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Components;
using AfterSalesDesk.Web.Features.Integration;
using AfterSalesDesk.Web.Infrastructure;
using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace AfterSalesDesk.Tests.Components.Integration;

/// <summary>
/// Administration → Integrations: the API clients with their live secrets and state; a new secret shown once, in its
/// own dialog, and gone from the markup once that dialog is closed; the scopes and the merchant following the kind;
/// rotate and revoke with a stale row refused; everybody but an administrator refused.
/// </summary>
public sealed partial class IntegrationsPageTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    [Fact]
    public async Task Admin_SeesEachClient_WithKindScopesMerchantLiveSecretsAndState_InTheirTimeZone_RevokedLast()
    {
        var admin = await SignInAsync("admin@demo.local", Roles.Admin);
        Service<UserClock>().Use("Asia/Tokyo");
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var clients = Service<ApiClientService>();
        var revoked = await CreateAsync(admin, "Old ERP " + Unique(), ApiClientKind.OrderSystem);
        var shop = await CreateAsync(admin, "Shop system " + Unique(), ApiClientKind.MerchantSystem, await MerchantIdAsync("M003"));
        var row = await RowAsync(admin, revoked.ClientId!.Value);
        Assert.True((await clients.RevokeAsync(admin, row.Id, row.Version)).Result.Succeeded);
        row = await RowAsync(admin, shop.ClientId!.Value);
        var rotatedAt = App.Clock.GetUtcNow();
        Assert.True((await clients.RotateAsync(admin, row.Id, TimeSpan.FromHours(6), row.Version)).Result.Succeeded);

        var page = RenderClients();

        var order = Ids(page);
        Assert.True(order.IndexOf(shop.ClientId!.Value) < order.IndexOf(revoked.ClientId!.Value), "active clients come before revoked ones");
        var shopId = shop.ClientId!.Value;
        Assert.Equal("Merchant system", page.Find($"[data-testid=client-kind-{shopId}]").TextContent.Trim());
        Assert.Equal(["products:write", "orders:read"], page.FindAll($"[data-testid=client-scopes-{shopId}] code").Select(c => c.TextContent));
        Assert.StartsWith("M003 · ", page.Find($"[data-testid=client-merchant-{shopId}]").TextContent.Trim());
        var secrets = page.FindAll($"[data-testid=client-secrets-{shopId}] .client-secret");
        Assert.Equal(2, secrets.Count);
        Assert.Equal(shop.Secret!.Substring(4, 16), secrets[0].QuerySelector("code")!.TextContent);
        var expires = TimeZoneInfo.ConvertTime(rotatedAt.AddHours(6), tokyo).ToString("yyyy-MM-dd HH:mm");
        Assert.Contains($"expires {expires}", secrets[0].TextContent);
        Assert.DoesNotContain("expires", secrets[1].TextContent);
        Assert.Equal("Active", page.Find($"[data-testid=client-state-{shopId}]").TextContent.Trim());
        Assert.Single(page.FindAll($"[data-testid=rotate-{shopId}]"));

        var revokedId = revoked.ClientId!.Value;
        var state = Regex.Replace(page.Find($"[data-testid=client-state-{revokedId}]").TextContent, @"\s+", " ").Trim();
        var revokedAt = (await RowAsync(admin, revokedId)).RevokedAt!.Value;
        Assert.Equal($"Revoked by admin@demo.local at {TimeZoneInfo.ConvertTime(revokedAt, tokyo):yyyy-MM-dd HH:mm}", state);
        Assert.Equal("none", page.Find($"[data-testid=client-secrets-{revokedId}]").TextContent.Trim());
        Assert.Empty(page.FindAll($"[data-testid=rotate-{revokedId}]"));
        Assert.Empty(page.FindAll($"[data-testid=revoke-{revokedId}]"));
        Assert.DoesNotContain(shop.Secret!, page.Markup);
    }

    [Fact]
    public async Task Creating_ShowsTheSecretOnce_AndOnceClosedItIsNowhereInTheMarkup()
    {
        await SignInAsync("admin@demo.local", Roles.Admin);
        var page = RenderClients();
        var name = "Order system " + Unique();

        page.Find("button[data-testid=new-client]").Click();
        Dialogs.WaitForElement("input[data-testid=client-name]").Change(name);
        Dialogs.Find("button[data-testid=client-save]").Click();

        var field = Dialogs.WaitForElement("[data-testid=secret-value]");
        var secret = SecretIn(field);
        Assert.Matches("^asd_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$", secret);
        Assert.True(field.HasAttribute("readonly"));
        Assert.Contains("it will not be shown again", Dialogs.Find("[data-testid=secret-warning]").TextContent);
        Assert.Contains($"Secret of {name}", Dialogs.Find("[data-testid=secret-dialog]").TextContent);
        Assert.Contains(secret, Dialogs.Markup);
        Assert.True(page.Find("button[data-testid=new-client]").HasAttribute("disabled"), "no second command while this one is open");
        await using (var db = App.CreateDbContext())
        {
            var client = await db.ApiClients.Include(c => c.Secrets).SingleAsync(c => c.Name == name);
            Assert.Equal(ApiScopes.AllowedFor(ApiClientKind.OrderSystem), client.ScopeList);
            Assert.True(Assert.Single(client.Secrets).Matches(secret));
        }

        Dialogs.Find("button[data-testid=secret-close]").Click();

        Dialogs.WaitForAssertion(() => Assert.Empty(Dialogs.FindAll(".mud-dialog")));
        page.WaitForAssertion(() => Assert.Contains(name, page.Markup));
        Assert.DoesNotContain(secret, page.Markup);
        Assert.DoesNotContain(secret, Dialogs.Markup);
        Assert.DoesNotContain(Snackbars(), s => s.Contains(secret, StringComparison.Ordinal));
        Assert.Contains($"Created client {name}.", Snackbars());

        // Nothing brings it back: a reload of the list shows the key id only.
        page.Render();
        Assert.DoesNotContain(secret, page.Markup);
        Assert.Contains(secret.Substring(4, 16), page.Markup);
    }

    [Fact]
    public async Task TheScopes_FollowTheKind_AllChecked_AndTheMerchantPickerIsOnlyForAMerchantSystem()
    {
        var admin = await SignInAsync("admin@demo.local", Roles.Admin);
        var result = await OpenAsync("New client", new DialogParameters<ClientDialog> { { d => d.Actor, admin } });
        Dialogs.WaitForElement("input[data-testid=client-name]");

        Assert.Equal(ApiScopes.AllowedFor(ApiClientKind.OrderSystem), CheckedScopes());
        Assert.Empty(Dialogs.FindAll("[data-testid=client-merchant]"));

        await ChooseKindAsync(ApiClientKind.Storefront);
        Dialogs.WaitForAssertion(() => Assert.Equal(ApiScopes.AllowedFor(ApiClientKind.Storefront), ScopeBoxes()));
        Assert.Equal(ApiScopes.AllowedFor(ApiClientKind.Storefront), CheckedScopes());
        Assert.Empty(Dialogs.FindAll("[data-testid=client-merchant]"));

        await ChooseKindAsync(ApiClientKind.MerchantSystem);
        Dialogs.WaitForElement("input[data-testid=client-merchant]");
        Assert.Equal([ApiScopes.ProductsWrite, ApiScopes.OrdersRead], CheckedScopes());

        // One scope unchecked, and no merchant yet: the form says so at the field and creates nothing.
        var name = "Store ERP " + Unique();
        Dialogs.Find("input[data-testid=client-name]").Change(name);
        Dialogs.Find($"input[data-testid='scope-{ApiScopes.ProductsWrite}']").Change(false);
        Dialogs.Find("button[data-testid=client-save]").Click();
        Dialogs.WaitForAssertion(() => Assert.Contains("Choose the store this system belongs to.", Dialogs.Markup));
        Assert.False(result.IsCompleted);

        var merchantId = await MerchantIdAsync("M003");
        await Dialogs.InvokeAsync(() => Dialogs.FindComponent<MudSelect<int?>>().Instance.SelectOption((int?)merchantId));
        Dialogs.Find("button[data-testid=client-save]").Click();

        var created = Assert.IsType<ClientDialog.Created>((await result.WaitAsync(TimeSpan.FromSeconds(15)))!.Data);
        Assert.Equal(name, created.Name);
        await using var db = App.CreateDbContext();
        var client = await db.ApiClients.SingleAsync(c => c.Name == name);
        Assert.Equal((ApiClientKind.MerchantSystem, (int?)merchantId, ApiScopes.OrdersRead), (client.Kind, client.MerchantId, client.Scopes));

        IReadOnlyList<string> ScopeBoxes() =>
            [.. Dialogs.FindAll("input[data-testid^=scope-]").Select(i => i.GetAttribute("data-testid")!["scope-".Length..])];
    }

    [Fact]
    public async Task ChangingTheKindBack_DropsTheMerchant_AndTheServicesRefusalShowsInTheForm()
    {
        var admin = await SignInAsync("admin@demo.local", Roles.Admin);
        var result = await OpenAsync("New client", new DialogParameters<ClientDialog> { { d => d.Actor, admin } });
        var name = "Nothing allowed " + Unique();
        Dialogs.WaitForElement("input[data-testid=client-name]").Change(name);
        await ChooseKindAsync(ApiClientKind.MerchantSystem);
        await Dialogs.InvokeAsync(() => Dialogs.FindComponent<MudSelect<int?>>().Instance.SelectOption((int?)null));
        await ChooseKindAsync(ApiClientKind.Storefront);
        Dialogs.WaitForAssertion(() => Assert.Empty(Dialogs.FindAll("[data-testid=client-merchant]")));

        foreach (var scope in ApiScopes.AllowedFor(ApiClientKind.Storefront))
        {
            Dialogs.Find($"input[data-testid='scope-{scope}']").Change(false);
        }

        Dialogs.Find("button[data-testid=client-save]").Click();

        Dialogs.WaitForAssertion(() => Assert.Equal("Choose at least one scope.", Dialogs.Find("[data-testid=client-dialog-error]").TextContent.Trim()));
        Assert.False(result.IsCompleted);
        Assert.Empty(Dialogs.FindAll("[data-testid=secret-value]"));
        await using var db = App.CreateDbContext();
        Assert.False(await db.ApiClients.AnyAsync(c => c.Name == name));
    }

    [Fact]
    public async Task Rotating_AsksForTheOverlap_ThenShowsTheNewSecretOnce_AndTheOldOneShowsWhenItExpires()
    {
        var admin = await SignInAsync("admin@demo.local", Roles.Admin);
        var created = await CreateAsync(admin, "Rotated " + Unique(), ApiClientKind.Storefront);
        var id = created.ClientId!.Value;
        var page = RenderClients();

        page.Find($"button[data-testid=rotate-{id}]").Click();
        var hours = Dialogs.WaitForElement("input[data-testid=rotate-hours]");
        Assert.Equal("24", hours.GetAttribute("value"));
        hours.Input("721");
        Dialogs.WaitForAssertion(() => Assert.True(Dialogs.Find("button[data-testid=rotate-confirm]").HasAttribute("disabled")));
        Dialogs.Find("input[data-testid=rotate-hours]").Change("2");
        Dialogs.WaitForAssertion(() => Assert.False(Dialogs.Find("button[data-testid=rotate-confirm]").HasAttribute("disabled")));
        var rotatedAt = App.Clock.GetUtcNow();
        Dialogs.Find("button[data-testid=rotate-confirm]").Click();

        var secret = SecretIn(Dialogs.WaitForElement("[data-testid=secret-value]"));
        Assert.Matches("^asd_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$", secret);
        Assert.NotEqual(created.Secret, secret);
        Assert.Contains(secret, Dialogs.Markup);
        Dialogs.Find("button[data-testid=secret-close]").Click();
        Dialogs.WaitForAssertion(() => Assert.Empty(Dialogs.FindAll(".mud-dialog")));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll($"[data-testid=client-secrets-{id}] .client-secret").Count));
        var old = page.Find($"[data-testid=client-secret-{created.Secret!.Substring(4, 16)}]");
        Assert.Contains($"expires {Service<UserClock>().Format(rotatedAt.AddHours(2), UserClock.Full)}", old.TextContent);
        Assert.Single(page.FindAll($"[data-testid=client-secret-{secret.Substring(4, 16)}]"));
        Assert.DoesNotContain(secret, page.Markup);
        Assert.DoesNotContain(secret, Dialogs.Markup);
        Assert.Contains($"Issued a new secret for {created.Name}.", Snackbars());
    }

    [Fact]
    public async Task Revoking_AsksFirstNamingTheClient_CancelKeepsIt_ConfirmShowsItRevoked()
    {
        var admin = await SignInAsync("admin@demo.local", Roles.Admin);
        var created = await CreateAsync(admin, "Revoked " + Unique(), ApiClientKind.OrderSystem);
        var id = created.ClientId!.Value;
        var page = RenderClients();

        page.Find($"button[data-testid=revoke-{id}]").Click();
        Dialogs.WaitForAssertion(() => Assert.Contains($"Revoke {created.Name}? Every secret of this client stops working at once.", Dialogs.Markup));
        Dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Cancel").Click();
        Dialogs.WaitForAssertion(() => Assert.Empty(Dialogs.FindAll(".mud-dialog")));
        Assert.Null((await RowAsync(admin, id)).RevokedAt);

        page.Find($"button[data-testid=revoke-{id}]").Click();
        Dialogs.WaitForAssertion(() => Dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Revoke").Click());

        page.WaitForAssertion(() => Assert.StartsWith("Revoked by admin@demo.local at ", Regex.Replace(page.Find($"[data-testid=client-state-{id}]").TextContent, @"\s+", " ").Trim()));
        Assert.Empty(page.FindAll($"[data-testid=revoke-{id}]"));
        Assert.Empty(page.FindAll($"[data-testid=client-secrets-{id}] .client-secret"));
        Assert.NotNull((await RowAsync(admin, id)).RevokedAt);
        Assert.Contains($"Revoked {created.Name}.", Snackbars());
        Assert.Empty(page.FindAll("[data-testid=clients-error]"));
    }

    [Fact]
    public async Task ACommandOnAStaleRow_ShowsTheConflict_AndTheListReloads()
    {
        var admin = await SignInAsync("admin@demo.local", Roles.Admin);
        var created = await CreateAsync(admin, "Seen twice " + Unique(), ApiClientKind.OrderSystem);
        var id = created.ClientId!.Value;
        var page = RenderClients();
        var row = await RowAsync(admin, id);
        Assert.True((await Service<ApiClientService>().RotateAsync(admin, id, TimeSpan.FromHours(1), row.Version)).Result.Succeeded);

        page.Find($"button[data-testid=revoke-{id}]").Click();
        Dialogs.WaitForAssertion(() => Dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Revoke").Click());

        page.WaitForAssertion(() => Assert.Equal(
            $"Client {created.Name} was changed since you loaded it; reload and try again.", page.Find("[data-testid=clients-error]").TextContent.Trim()));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll($"[data-testid=client-secrets-{id}] .client-secret").Count));
        Assert.Equal("Active", page.Find($"[data-testid=client-state-{id}]").TextContent.Trim());
        Assert.Null((await RowAsync(admin, id)).RevokedAt);
        Assert.False(page.Find($"button[data-testid=revoke-{id}]").HasAttribute("disabled"));
    }

    [Theory]
    [InlineData("agent1@demo.local", Roles.Agent)]
    [InlineData("supervisor1@demo.local", Roles.Supervisor)]
    [InlineData("merchant1@demo.local", Roles.Merchant)]
    [InlineData("manager@demo.local", Roles.Manager)]
    public async Task ANonAdmin_GetsAccessDenied_AsOnTheOtherAdminPages_AndTheAttemptIsAudited(string email, string role)
    {
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        await SignInAsync(email, role);
        var address = $"admin/integrations?from={Guid.NewGuid():N}";
        Services.GetRequiredService<NavigationManager>().NavigateTo(address);

        var routes = Render<Routes>();

        routes.WaitForAssertion(() => Assert.Contains("Your role does not give access to this page.", routes.Find("[data-testid=access-denied]").TextContent));
        Assert.Empty(routes.FindAll("[data-testid=clients-grid]"));
        Assert.Empty(routes.FindAll("[data-testid=new-client]"));
        await using var db = App.CreateDbContext();
        var entry = await db.AuditEntries.SingleAsync(a => a.EntityId == "/" + address);
        Assert.Equal((AddressDenials.Action, AuditOutcome.Denied, email, role), (entry.Action, entry.Outcome, entry.UserName, entry.Role));
    }

    [Fact]
    public async Task ANonAdmin_RenderingThePageItself_IsRefusedByTheService_SeesNoClient_AndIsAudited()
    {
        var admin = await App.PrincipalAsync("admin@demo.local", Roles.Admin);
        var created = await CreateAsync(admin, "Hidden " + Unique(), ApiClientKind.OrderSystem);
        await SignInAsync("manager@demo.local", Roles.Manager);
        var before = await DeniedListsAsync();

        var page = RenderPage<Integrations>();

        page.WaitForElement("[data-testid=clients-empty]");
        Assert.DoesNotContain(created.Name, page.Markup);
        Assert.Equal(before + 1, await DeniedListsAsync());
    }

    private IRenderedComponent<Integrations> RenderClients()
    {
        var page = RenderPage<Integrations>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid^=client-row-]")));
        return page;
    }

    private static List<int> Ids(IRenderedComponent<Integrations> page) =>
        [.. page.FindAll("[data-testid^=client-row-]").Select(e => int.Parse(e.GetAttribute("data-testid")!["client-row-".Length..]))];

    /// <summary>The secret in its read-only field (a text area: bunit writes its value as an attribute or as its text).</summary>
    private static string SecretIn(IElement field) => (field.GetAttribute("value") ?? field.TextContent).Trim();

    private IReadOnlyList<string> CheckedScopes() =>
        [.. Dialogs.FindAll("input[data-testid^=scope-]").Where(i => i.HasAttribute("checked") && i.GetAttribute("checked") != "false")
            .Select(i => i.GetAttribute("data-testid")!["scope-".Length..])];

    private Task ChooseKindAsync(ApiClientKind kind) =>
        Dialogs.InvokeAsync(() => Dialogs.FindComponent<MudSelect<ApiClientKind>>().Instance.SelectOption(kind));

    private async Task<CreatedClient> CreateAsync(ClaimsPrincipal admin, string name, ApiClientKind kind, int? merchantId = null)
    {
        var issued = await Service<ApiClientService>().CreateAsync(admin, new NewApiClient
        {
            Name = name, Kind = kind, Scopes = [.. ApiScopes.AllowedFor(kind)], MerchantId = merchantId,
        });
        Assert.True(issued.Result.Succeeded, issued.Result.Error);
        return new CreatedClient(issued.ClientId, name, issued.Secret);
    }

    private async Task<ApiClientRow> RowAsync(ClaimsPrincipal admin, int id) =>
        (await Service<ApiClientService>().ListAsync(admin))!.Single(r => r.Id == id);

    private async Task<int> MerchantIdAsync(string code)
    {
        await using var db = App.CreateDbContext();
        return await db.Merchants.Where(m => m.Code == code).Select(m => m.Id).SingleAsync();
    }

    private async Task<int> DeniedListsAsync()
    {
        await using var db = App.CreateDbContext();
        return await db.AuditEntries.CountAsync(e => e.Action == "api-client.list" && e.UserName == "manager@demo.local" && e.Outcome == AuditOutcome.Denied);
    }

    private static string Unique() => Guid.NewGuid().ToString("N")[..8];

    private sealed record CreatedClient(int? ClientId, string Name, string? Secret);
}
