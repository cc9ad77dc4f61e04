using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Web.Features.Knowledge;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Knowledge;

/// <summary>Macros through the service, over real SQLite, as each role.</summary>
public class MacroServiceTests(KnowledgeApp fixture) : IClassFixture<KnowledgeApp>
{
    private MacroService Macros => fixture.App.Get<MacroService>();

    [Fact]
    public async Task DemoData_HasActiveMacrosAgentsCanList()
    {
        var agent = await fixture.App.PrincipalAsync("agent1@demo.local", Roles.Agent);

        var listing = await Macros.ListAsync(agent, new MacroQuery());

        Assert.True(listing.Result.Succeeded);
        Assert.InRange(listing.Total, 5, 100);
        Assert.Contains(listing.Rows, r => r.Title == "Request received" && r.Body.Contains("{case_no}"));
    }

    [Fact]
    public async Task Create_WhenSupervisor_AgentsFindItAndTheChangeIsAudited()
    {
        var supervisor = await fixture.App.PrincipalAsync("supervisor1@demo.local", Roles.Supervisor);
        var agent = await fixture.App.PrincipalAsync("agent2@demo.local", Roles.Agent);

        var created = await Macros.CreateAsync(supervisor, Input("Parcel lost 丢件", "Dear {buyer_name}, we are tracing order {order_no}.", MessageVisibility.ToBuyer));

        Assert.True(created.Succeeded, created.Error);
        var found = Assert.Single((await Macros.ListAsync(agent, new MacroQuery("丢件"))).Rows);
        Assert.Equal(("Parcel lost 丢件", MessageVisibility.ToBuyer, true, "supervisor1@demo.local"), (found.Title, found.DefaultVisibility, found.IsActive, found.UpdatedBy));
        await using var db = fixture.App.CreateDbContext();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "macro.create" && e.EntityType == "Macro" && e.EntityId == found.Id.ToString()
            && e.UserName == "supervisor1@demo.local" && e.Outcome == AuditOutcome.Succeeded));
    }

    [Fact]
    public async Task List_SearchesIgnoringAsciiCase_AndFindsFullWidthLettersAsTyped()
    {
        var supervisor = await fixture.App.PrincipalAsync("supervisor1@demo.local", Roles.Supervisor);
        Assert.True((await Macros.CreateAsync(supervisor, Input("ＶＩＰ 会员 Qwx", "Dear {buyer_name}.", MessageVisibility.ToBuyer))).Succeeded);

        var asTyped = await Macros.ListAsync(supervisor, new MacroQuery("ＶＩＰ"));
        var otherCase = await Macros.ListAsync(supervisor, new MacroQuery("qWX"));

        Assert.Equal("ＶＩＰ 会员 Qwx", Assert.Single(asTyped.Rows).Title);
        Assert.Equal("ＶＩＰ 会员 Qwx", Assert.Single(otherCase.Rows).Title);
    }

    [Fact]
    public async Task Create_WhenBodyHasUnknownPlaceholder_IsRefusedNamingItAndNothingIsSaved()
    {
        var supervisor = await fixture.App.PrincipalAsync("supervisor1@demo.local", Roles.Supervisor);

        var result = await Macros.CreateAsync(supervisor, Input("Refund amount", "We refunded {refund_amount} for {order_no}.", MessageVisibility.ToBuyer));

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains("Unknown placeholder {refund_amount}", result.Error);
        await using var db = fixture.App.CreateDbContext();
        Assert.False(await db.Macros.AnyAsync(m => m.Title == "Refund amount"));
    }

    [Fact]
    public async Task Create_WhenTitleTakenInAnotherCase_IsRefused()
    {
        var supervisor = await fixture.App.PrincipalAsync("supervisor1@demo.local", Roles.Supervisor);

        var result = await Macros.CreateAsync(supervisor, Input("ASK FOR PHOTOS", "Please send photos.", MessageVisibility.ToBuyer));

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains("exists already", result.Error);
    }

    [Theory]
    [InlineData("merchant1@demo.local", Roles.Merchant)]
    [InlineData("manager@demo.local", Roles.Manager)]
    [InlineData("admin@demo.local", Roles.Admin)]
    public async Task List_WhenNotAgentOrSupervisor_GetsNothingAndTheAttemptIsAudited(string email, string role)
    {
        var user = await fixture.App.PrincipalAsync(email, role);

        var listing = await Macros.ListAsync(user, new MacroQuery());

        Assert.Equal(ResultStatus.Forbidden, listing.Result.Status);
        Assert.Empty(listing.Rows);
        await using var db = fixture.App.CreateDbContext();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "macro.list" && e.Outcome == AuditOutcome.Denied && e.UserName == email));
    }

    [Fact]
    public async Task Create_WhenAgent_IsForbiddenAndAudited()
    {
        var agent = await fixture.App.PrincipalAsync("agent1@demo.local", Roles.Agent);

        var result = await Macros.CreateAsync(agent, Input("Agent's own", "Hello {buyer_name}", MessageVisibility.ToBuyer));

        Assert.Equal(ResultStatus.Forbidden, result.Status);
        await using var db = fixture.App.CreateDbContext();
        Assert.False(await db.Macros.AnyAsync(m => m.Title == "Agent's own"));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "macro.create" && e.Outcome == AuditOutcome.Denied && e.UserName == "agent1@demo.local"));
    }

    [Fact]
    public async Task Deactivate_HidesTheMacroFromAgents_ButKeepsItForSupervisors()
    {
        var supervisor = await fixture.App.PrincipalAsync("supervisor1@demo.local", Roles.Supervisor);
        var agent = await fixture.App.PrincipalAsync("agent1@demo.local", Roles.Agent);
        Assert.True((await Macros.CreateAsync(supervisor, Input("Old policy ZQM", "Outdated text.", MessageVisibility.Internal))).Succeeded);
        var macro = Assert.Single((await Macros.ListAsync(supervisor, new MacroQuery("ZQM", IncludeInactive: true))).Rows);

        var result = await Macros.SetActiveAsync(supervisor, macro.Id, active: false, macro.Version);

        Assert.True(result.Succeeded, result.Error);
        Assert.Empty((await Macros.ListAsync(agent, new MacroQuery("ZQM", IncludeInactive: true))).Rows);
        Assert.Empty((await Macros.ListAsync(supervisor, new MacroQuery("ZQM"))).Rows);
        Assert.False(Assert.Single((await Macros.ListAsync(supervisor, new MacroQuery("ZQM", IncludeInactive: true))).Rows).IsActive);
    }

    [Fact]
    public async Task Update_WhenAnotherSupervisorSavedMeanwhile_IsAConflictNamingThem()
    {
        var first = await fixture.App.PrincipalAsync("supervisor1@demo.local", Roles.Supervisor);
        var second = await fixture.App.PrincipalAsync("supervisor2@demo.local", Roles.Supervisor);
        Assert.True((await Macros.CreateAsync(first, Input("Shared ZQS", "Version one.", MessageVisibility.ToBuyer))).Succeeded);
        var seen = Assert.Single((await Macros.ListAsync(second, new MacroQuery("ZQS"))).Rows);
        Assert.True((await Macros.UpdateAsync(first, seen.Id, Input("Shared ZQS", "Version two by the first.", MessageVisibility.ToBuyer), seen.Version)).Succeeded);

        var result = await Macros.UpdateAsync(second, seen.Id, Input("Shared ZQS", "Version two by the second.", MessageVisibility.ToBuyer), seen.Version);

        Assert.Equal(ResultStatus.Conflict, result.Status);
        Assert.Contains("changed by supervisor1@demo.local", result.Error);
        Assert.Equal("Version two by the first.", Assert.Single((await Macros.ListAsync(second, new MacroQuery("ZQS"))).Rows).Body);
    }

    private static MacroInput Input(string title, string body, MessageVisibility visibility) =>
        new() { Title = title, Body = body, DefaultVisibility = visibility };
}
