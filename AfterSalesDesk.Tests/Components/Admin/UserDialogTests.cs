using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Admin;
using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace AfterSalesDesk.Tests.Components.Admin;

/// <summary>The user form: messages at its fields, the service's refusal shown, a merchant user saved with their store.</summary>
public sealed class UserDialogTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    [Fact]
    public async Task Empty_OrABadEmail_IsSaidAtTheFields()
    {
        var admin = await SignInAsync("admin@demo.local", Roles.Admin);
        var result = await OpenAsync("New user", new DialogParameters<UserDialog> { { d => d.Actor, admin } });

        Dialogs.Find("[data-testid=dialog-save]").Click();
        Dialogs.WaitForAssertion(() => Assert.Contains("Enter a valid email address.", Dialogs.Markup));
        Assert.Contains("Enter a display name.", Dialogs.Markup);

        Dialogs.Find("input[data-testid=user-email]").Change("not-an-email");
        Dialogs.Find("input[data-testid=user-name]").Change("Somebody");
        Dialogs.Find("[data-testid=dialog-save]").Click();
        Dialogs.WaitForAssertion(() => Assert.Contains("Enter a valid email address.", Dialogs.Markup));
        Assert.DoesNotContain("Enter a display name.", Dialogs.Markup);
        Assert.False(result.IsCompleted);
    }

    [Fact]
    public async Task AWeakPassword_IsRefusedByTheService_InTheDialog()
    {
        var admin = await SignInAsync("admin@demo.local", Roles.Admin);
        var result = await OpenAsync("New user", new DialogParameters<UserDialog> { { d => d.Actor, admin } });
        Dialogs.Find("input[data-testid=user-email]").Change("weak@test.local");
        Dialogs.Find("input[data-testid=user-name]").Change("Weak Password");
        Dialogs.Find("input[data-testid=user-password]").Change("short");

        Dialogs.Find("[data-testid=dialog-save]").Click();

        Dialogs.WaitForAssertion(() => Assert.Contains("at least 10 characters", Dialogs.Find("[data-testid=dialog-error]").TextContent));
        Assert.False(result.IsCompleted);
        await using var db = App.CreateDbContext();
        Assert.False(await db.Users.AnyAsync(u => u.Email == "weak@test.local"));
    }

    [Fact]
    public async Task AMerchantUser_IsCreatedWithTheirStore()
    {
        var admin = await SignInAsync("admin@demo.local", Roles.Admin);
        var result = await OpenAsync("New user", new DialogParameters<UserDialog> { { d => d.Actor, admin } });
        Assert.Empty(Dialogs.FindAll("[data-testid=user-merchant]"));
        Dialogs.Find("input[data-testid=user-email]").Change("clerk@test.local");
        Dialogs.Find("input[data-testid=user-name]").Change("Shop Clerk");
        var role = Dialogs.FindComponents<MudSelect<string>>().Single();
        await Dialogs.InvokeAsync(() => role.Instance.SelectOption(Roles.Merchant));
        Dialogs.WaitForElement("input[data-testid=user-merchant]");
        int merchantId;
        await using (var db = App.CreateDbContext())
        {
            merchantId = await db.Merchants.Where(m => m.Code == "M002").Select(m => m.Id).SingleAsync();
        }

        await Dialogs.InvokeAsync(() => Dialogs.FindComponent<MudSelect<int?>>().Instance.SelectOption((int?)merchantId));
        Dialogs.Find("input[data-testid=user-password]").Change("Clerk-Pass-2026");
        Dialogs.Find("[data-testid=dialog-save]").Click();

        Assert.True((await result.WaitAsync(TimeSpan.FromSeconds(15)))?.Data is true);
        await using var after = App.CreateDbContext();
        Assert.Equal(merchantId, await after.Users.Where(u => u.Email == "clerk@test.local").Select(u => u.MerchantId).SingleAsync());
    }
}
