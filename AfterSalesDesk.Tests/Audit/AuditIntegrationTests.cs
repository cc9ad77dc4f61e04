using System.Security.Claims;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Admin;
using AfterSalesDesk.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Audit;

/// <summary>Every data change so far reaches the audit trail: seeding, logins, lockouts, administration, refusals.</summary>
public class AuditIntegrationTests : IDisposable
{
    private readonly AppFactory app = new(settings: new Dictionary<string, string?> { ["Demo:Orders"] = "60" });

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task DemoSeeding_IsAuditedAsSystem()
    {
        _ = app.Server;

        var seeded = await EntriesAsync(e => e.Action == "demo.seed" || e.Action == "setup.roles" || e.Action == "user.create");
        Assert.NotEmpty(seeded);
        Assert.All(seeded, e => Assert.Equal(("system", "system"), (e.UserName, e.Origin)));
        Assert.Contains(seeded, e => e.Action == "demo.seed" && e.EntityType == "Order" && e.Detail!.Contains("60 orders"));
        Assert.Contains(seeded, e => e.Action == "user.create" && e.EntityType == "User");
        Assert.Contains(seeded, e => e.Action == "setup.roles" && e.EntityType == "Role");
    }

    [Fact]
    public async Task Login_WhenSucceeded_IsAuditedWithTheUserAndOrigin()
    {
        await app.CreateBrowserLikeClient().LoginAsync("agent1@demo.local");

        var login = Assert.Single(await EntriesAsync(e => e.Action == "login"));
        Assert.Equal(("agent1@demo.local", Roles.Agent, AuditOutcome.Succeeded, "Signed in."), (login.UserName, login.Role, login.Outcome, login.Detail));
        Assert.NotEqual("system", login.Origin);
    }

    [Fact]
    public async Task Login_WhenPasswordWrongThenLockedOut_AuditsEveryAttemptAndTheLockout()
    {
        var client = app.CreateBrowserLikeClient();
        for (var i = 0; i < 5; i++)
        {
            await client.PostLoginAsync("agent2@demo.local", "Wrong-Pass-2026");
        }

        var logins = await EntriesAsync(e => e.Action == "login" && e.UserName == "agent2@demo.local");
        Assert.Equal(4, logins.Count(e => e.Outcome == AuditOutcome.Failed && e.Detail == "Wrong password."));
        Assert.Single(logins, e => e.Outcome == AuditOutcome.Denied && e.Detail == "The account is locked out.");
        Assert.Contains(logins, e => e.EntityType == "User" && e.Changes != null && e.Changes.Contains("LockoutEnd"));
        Assert.Contains(logins, e => e.Changes != null && e.Changes.Contains("AccessFailedCount"));
    }

    [Fact]
    public async Task Login_WhenAccountUnknown_IsAuditedWithTheNameTried()
    {
        await app.CreateBrowserLikeClient().PostLoginAsync("nobody@demo.local", "Whatever-2026");

        var attempt = Assert.Single(await EntriesAsync(e => e.Action == "login"));
        Assert.Equal(("nobody@demo.local", "Anonymous", AuditOutcome.Failed), (attempt.UserName, attempt.Role, attempt.Outcome));
    }

    [Fact]
    public async Task AdminCommand_IsAuditedWithBeforeAndAfter()
    {
        var admin = await PrincipalAsync("admin@demo.local", Roles.Admin);
        var service = app.Get<AdminUserService>();
        var agent = (await service.ListAsync(admin, new UserQuery(Search: "agent1@")))!.Rows.Single();

        Assert.True((await service.DisableAsync(admin, agent.Id, agent.ConcurrencyStamp)).Succeeded);

        var entry = Assert.Single(await EntriesAsync(e => e.Action == "user.disable"));
        Assert.Equal(("admin@demo.local", Roles.Admin, "User", agent.Id), (entry.UserName, entry.Role, entry.EntityType, entry.EntityId));
        Assert.Contains("\"IsDisabled\":{\"Before\":false,\"After\":true}", entry.Changes);
    }

    [Fact]
    public async Task DeniedAttempt_IsAuditedAndChangesNothing()
    {
        var merchant = await PrincipalAsync("merchant1@demo.local", Roles.Merchant);
        var agent = await PrincipalAsync("agent2@demo.local", Roles.Agent);

        var result = await app.Get<AdminUserService>().DisableAsync(merchant, agent.FindFirstValue(ClaimTypes.NameIdentifier)!, "stale");

        Assert.False(result.Succeeded);
        var denied = Assert.Single(await EntriesAsync(e => e.Outcome == AuditOutcome.Denied));
        Assert.Equal(("merchant1@demo.local", "user.disable"), (denied.UserName, denied.Action));
        await using var db = app.CreateDbContext();
        Assert.False(await db.Users.Where(u => u.Email == "agent2@demo.local").Select(u => u.IsDisabled).SingleAsync());
    }

    [Theory]
    [InlineData("agent1@demo.local", Roles.Agent)]
    [InlineData("merchant1@demo.local", Roles.Merchant)]
    public async Task AuditService_WhenNotSupervisorManagerOrAdmin_ShowsNothingAndRecordsTheAttempt(string email, string role)
    {
        var user = await PrincipalAsync(email, role);
        var service = app.Get<AuditService>();

        Assert.Null(await service.ListAsync(user, new AuditQuery()));
        Assert.Null(await service.VerifyAsync(user));
        Assert.Empty(await service.EntityTypesAsync(user));
        Assert.Equal(2, (await EntriesAsync(e => e.UserName == email && e.Outcome == AuditOutcome.Denied)).Count);
    }

    [Fact]
    public async Task AuditService_ForASupervisor_FiltersAndVerifies()
    {
        await app.CreateBrowserLikeClient().LoginAsync("manager@demo.local");
        var supervisor = await PrincipalAsync("supervisor1@demo.local", Roles.Supervisor);
        var service = app.Get<AuditService>();

        var logins = await service.ListAsync(supervisor, new AuditQuery(User: "manager@", Action: "login"));
        var verification = await service.VerifyAsync(supervisor);

        var row = Assert.Single(logins!.Rows);
        Assert.Equal(1, logins.Matches);
        Assert.Equal("manager@demo.local", row.UserName);
        Assert.True(verification!.IsIntact, verification.Message);
        Assert.Single(await EntriesAsync(e => e.Action == "audit.verify" && e.UserName == "supervisor1@demo.local"));
    }

    private async Task<List<AuditEntry>> EntriesAsync(System.Linq.Expressions.Expression<Func<AuditEntry, bool>> filter)
    {
        await using var db = app.CreateDbContext();
        return await db.AuditEntries.Where(filter).OrderBy(e => e.Sequence).ToListAsync();
    }

    private Task<ClaimsPrincipal> PrincipalAsync(string email, string role) => app.PrincipalAsync(email, role);
}
