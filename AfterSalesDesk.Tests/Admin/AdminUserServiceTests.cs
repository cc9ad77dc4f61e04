using System.Security.Claims;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Admin;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Admin;

/// <summary>User administration against real SQLite: rules, authorization, atomicity and concurrency.</summary>
public class AdminUserServiceTests : IDisposable
{
    private readonly AppFactory app = new();

    public void Dispose() => app.Dispose();

    private AdminUserService Service => app.Get<AdminUserService>();

    [Theory]
    [InlineData(Roles.Agent)]
    [InlineData(Roles.Supervisor)]
    [InlineData(Roles.Merchant)]
    [InlineData(Roles.Manager)]
    public async Task Create_WhenActorIsNotAdmin_IsForbiddenAndWritesNothing(string role)
    {
        var result = await Service.CreateAsync(Actor(role), NewAgent("intruder@test.local"));

        Assert.Equal(ResultStatus.Forbidden, result.Status);
        await using var db = app.CreateDbContext();
        Assert.False(await db.Users.AnyAsync(u => u.Email == "intruder@test.local"));
    }

    [Fact]
    public async Task List_WhenActorIsNotAdmin_ReturnsNothing()
    {
        Assert.Null(await Service.ListAsync(Actor(Roles.Manager), new UserQuery()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task List_SortedByRole_PagesListEveryUserOnce_TiesInIdOrder(bool descending)
    {
        var admin = await AdminAsync();
        var all = (await Service.ListAsync(admin, new UserQuery(SortBy: nameof(UserRow.Role), Descending: descending, Take: 100)))!.Rows;
        var paged = new List<UserRow>();
        for (var skip = 0; skip < all.Count; skip += 3)
        {
            paged.AddRange((await Service.ListAsync(admin, new UserQuery(SortBy: nameof(UserRow.Role), Descending: descending, Skip: skip, Take: 3)))!.Rows);
        }

        Assert.True(all.GroupBy(r => r.Role).Any(g => g.Count() > 2), "several users share a role");
        var byRole = descending ? all.OrderByDescending(r => r.Role, StringComparer.Ordinal) : all.OrderBy(r => r.Role, StringComparer.Ordinal);
        Assert.Equal(byRole.ThenBy(r => r.Id, StringComparer.Ordinal).Select(r => r.Id), all.Select(r => r.Id));
        Assert.Equal(all.Select(r => r.Id), paged.Select(r => r.Id));
    }

    [Fact]
    public async Task Create_WhenValid_CreatesUserWithRoleWhoCanLogIn()
    {
        var admin = await AdminAsync();

        var result = await Service.CreateAsync(admin, NewAgent("new.agent@test.local"));

        Assert.True(result.Succeeded, result.Error);
        var page = await Service.ListAsync(admin, new UserQuery(Search: "new.agent"));
        var row = Assert.Single(page!.Rows);
        Assert.Equal(Roles.Agent, row.Role);
        Assert.Equal("New Agent", row.DisplayName);
        await app.CreateBrowserLikeClient().LoginAsync("new.agent@test.local", "Agent-Pass-2026");
    }

    [Fact]
    public async Task Create_WhenPasswordTooWeak_ExplainsAndWritesNothing()
    {
        var input = NewAgent("weak@test.local");
        input.Password = "short";

        var result = await Service.CreateAsync(await AdminAsync(), input);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains("at least 10 characters", result.Error);
        await using var db = app.CreateDbContext();
        Assert.False(await db.Users.AnyAsync(u => u.Email == "weak@test.local"));
    }

    [Fact]
    public async Task Create_WhenMerchantUserWithoutMerchant_IsRefused()
    {
        var input = NewAgent("shop@test.local");
        input.Role = Roles.Merchant;

        var result = await Service.CreateAsync(await AdminAsync(), input);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal("The chosen merchant does not exist.", result.Error);
    }

    [Fact]
    public async Task Create_WhenMerchantDoesNotExist_IsRefused()
    {
        var input = NewAgent("shop@test.local");
        input.Role = Roles.Merchant;
        input.MerchantId = 999_999;

        var result = await Service.CreateAsync(await AdminAsync(), input);

        Assert.Equal(ResultStatus.Invalid, result.Status);
    }

    [Fact]
    public async Task Create_WhenEmailTaken_IsAConflict()
    {
        var result = await Service.CreateAsync(await AdminAsync(), NewAgent("agent1@demo.local"));

        Assert.Equal(ResultStatus.Conflict, result.Status);
        Assert.Equal("A user with the email agent1@demo.local exists already.", result.Error);
    }

    [Theory]
    [InlineData("not-an-email", "Valid Name", "Enter a valid email address.")]
    [InlineData("ok@test.local", " ", "Enter a display name of at most 100 characters.")]
    public async Task Create_WhenInputInvalid_SaysWhat(string email, string name, string message)
    {
        var input = NewAgent(email);
        input.DisplayName = name;

        var result = await Service.CreateAsync(await AdminAsync(), input);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal(message, result.Error);
    }

    [Fact]
    public async Task Update_WhenRoleChangesToMerchant_MovesRoleAndMerchantTogether()
    {
        var admin = await AdminAsync();
        var agent = await RowAsync(admin, "agent2@demo.local");
        var merchantId = (await Service.MerchantOptionsAsync(admin)).First().Id;

        var result = await Service.UpdateAsync(admin, new UpdateUserInput
        {
            UserId = agent.Id, DisplayName = "Wang Wei", Role = Roles.Merchant, MerchantId = merchantId, ConcurrencyStamp = agent.ConcurrencyStamp,
        });

        Assert.True(result.Succeeded, result.Error);
        var after = await RowAsync(admin, "agent2@demo.local");
        Assert.Equal(Roles.Merchant, after.Role);
        Assert.Equal(merchantId, after.MerchantId);
    }

    [Fact]
    public async Task Update_WhenSomeoneElseSavedFirst_IsRefusedWithReloadMessage()
    {
        var admin = await AdminAsync();
        var seen = await RowAsync(admin, "agent1@demo.local");
        var first = await Service.UpdateAsync(admin, new UpdateUserInput
        {
            UserId = seen.Id, DisplayName = "First Save", Role = Roles.Agent, ConcurrencyStamp = seen.ConcurrencyStamp,
        });

        var second = await Service.UpdateAsync(admin, new UpdateUserInput
        {
            UserId = seen.Id, DisplayName = "Second Save", Role = Roles.Supervisor, ConcurrencyStamp = seen.ConcurrencyStamp,
        });

        Assert.True(first.Succeeded, first.Error);
        Assert.Equal(ResultStatus.Conflict, second.Status);
        Assert.Contains("was changed by someone else", second.Error);
        var after = await RowAsync(admin, "agent1@demo.local");
        Assert.Equal("First Save", after.DisplayName);
        Assert.Equal(Roles.Agent, after.Role);
    }

    [Fact]
    public async Task Disable_WhenClickedTwice_ActsOnce()
    {
        var admin = await AdminAsync();
        var agent = await RowAsync(admin, "agent1@demo.local");

        var results = await Task.WhenAll(
            Service.DisableAsync(admin, agent.Id, agent.ConcurrencyStamp),
            Service.DisableAsync(admin, agent.Id, agent.ConcurrencyStamp));

        Assert.Single(results, r => r.Succeeded);
        Assert.Single(results, r => !r.Succeeded);
        Assert.True((await RowAsync(admin, "agent1@demo.local")).IsDisabled);
    }

    [Fact]
    public async Task Disable_WhenOwnAccount_IsRefused()
    {
        var admin = await AdminAsync();
        var self = await RowAsync(admin, "admin@demo.local");

        var result = await Service.DisableAsync(admin, self.Id, self.ConcurrencyStamp);

        Assert.Equal("You cannot disable your own account.", result.Error);
    }

    [Fact]
    public async Task Disable_WhenUserIsLoggedIn_EndsTheirSessionWithinTheRevalidationInterval()
    {
        var admin = await AdminAsync();
        var client = app.CreateBrowserLikeClient();
        await client.LoginAsync("merchant1@demo.local");
        var merchant = await RowAsync(admin, "merchant1@demo.local");

        Assert.True((await Service.DisableAsync(admin, merchant.Id, merchant.ConcurrencyStamp)).Succeeded);
        app.Clock.Advance(TimeSpan.FromSeconds(31));

        var (status, location) = await client.ProbeAsync("/");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, status);
        Assert.Contains("/Account/Login", location);
        var again = await app.CreateBrowserLikeClient().PostLoginAsync("merchant1@demo.local", AppFactory.DemoPassword);
        Assert.Contains("This account is disabled", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unlock_WhenLockedOut_LetsTheUserLogInAgain()
    {
        var admin = await AdminAsync();
        var client = app.CreateBrowserLikeClient();
        for (var i = 0; i < 5; i++)
        {
            await client.PostLoginAsync("supervisor1@demo.local", "Wrong-Pass-2026");
        }

        var locked = await RowAsync(admin, "supervisor1@demo.local");
        Assert.True(locked.LockoutEnd > DateTimeOffset.UtcNow);

        Assert.True((await Service.UnlockAsync(admin, locked.Id, locked.ConcurrencyStamp)).Succeeded);

        await client.LoginAsync("supervisor1@demo.local");
    }

    private Task<ClaimsPrincipal> AdminAsync() => app.PrincipalAsync("admin@demo.local", Roles.Admin);

    private static ClaimsPrincipal Actor(string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString()), new Claim(ClaimTypes.Role, role)], "test"));

    private async Task<UserRow> RowAsync(ClaimsPrincipal admin, string email) =>
        (await Service.ListAsync(admin, new UserQuery(Search: email)))!.Rows.Single(r => r.Email == email);

    private static CreateUserInput NewAgent(string email) => new()
    {
        Email = email, DisplayName = "New Agent", Role = Roles.Agent, Password = "Agent-Pass-2026",
    };
}
