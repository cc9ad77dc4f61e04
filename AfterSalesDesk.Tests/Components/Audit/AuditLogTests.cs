using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Audit;
using Bunit;

namespace AfterSalesDesk.Tests.Components.Audit;

/// <summary>The audit trail page (MudDataGrid over the service's filtered pages) per role, over a real database.</summary>
public sealed class AuditLogTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    [Fact]
    public async Task Supervisor_SeesTheNewestPageOf25_AndPagesToTheNext()
    {
        var supervisor = await SignInAsync("supervisor1@demo.local", Roles.Supervisor);
        var expected = (await Service<AuditService>().ListAsync(supervisor, new AuditQuery { Take = 50 }))!;
        Assert.True(expected.Matches > 25, "the demo data writes more than a page of audit entries");

        var page = RenderLog();

        Assert.Equal(expected.Rows.Take(25).Select(r => r.Sequence), Sequences(page));
        page.Find("button[data-testid=page-next]").Click();
        page.WaitForAssertion(() => Assert.Equal(expected.Rows.Skip(25).Take(25).Select(r => r.Sequence), Sequences(page)));
    }

    [Fact]
    public async Task Supervisor_FiltersByAction_AndSeesOnlyThoseEntries()
    {
        var supervisor = await SignInAsync("supervisor1@demo.local", Roles.Supervisor);
        var all = (await Service<AuditService>().ListAsync(supervisor, new AuditQuery { Take = 100 }))!;
        var action = all.Rows.Select(r => r.Action).GroupBy(a => a).OrderBy(g => g.Count()).First().Key;
        var matching = (await Service<AuditService>().ListAsync(supervisor, new AuditQuery(Action: action) { Take = 25 }))!;
        var page = RenderLog();

        page.Find("input[data-testid=audit-action]").Change(action);

        page.WaitForAssertion(() => Assert.Equal(matching.Rows.Select(r => r.Sequence), Sequences(page)));
        Assert.All(page.FindAll("tr.audit-row"), row => Assert.Contains(action, row.TextContent));
    }

    [Fact]
    public async Task Supervisor_OpensARow_ToItsOriginAndFieldChanges()
    {
        var supervisor = await SignInAsync("supervisor2@demo.local", Roles.Supervisor);
        var first = (await Service<AuditService>().ListAsync(supervisor, new AuditQuery { Take = 1 }))!.Rows.Single();
        var page = RenderLog();
        Assert.Empty(page.FindAll($"[data-testid=audit-changes-{first.Sequence}]"));

        page.FindAll("tr.audit-row")[0].QuerySelector("td button")!.Click();

        var changes = page.WaitForElement($"[data-testid=audit-changes-{first.Sequence}]");
        Assert.Contains($"Origin: {first.Origin}", changes.TextContent);
        Assert.Contains(first.Changes.Count == 0 ? "No field changes recorded." : first.Changes[0].Field, changes.TextContent);
    }

    [Fact]
    public async Task Supervisor_VerifiesTheChain_AndIsToldItIsIntact()
    {
        await SignInAsync("supervisor1@demo.local", Roles.Supervisor);
        var page = RenderLog();
        Assert.Empty(page.FindAll("[data-testid=audit-verification]"));

        page.Find("[data-testid=audit-verify]").Click();

        page.WaitForAssertion(() => Assert.Contains("The audit trail is intact", page.Find("[data-testid=audit-verification]").TextContent));
        Assert.False(page.Find("[data-testid=audit-verify]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Agent_RenderedTheComponentAnyway_SeesNoEntries()
    {
        // The route's policy keeps agents out; the service refuses them too, so the grid has nothing to show.
        await SignInAsync("agent1@demo.local", Roles.Agent);

        var page = RenderPage<AuditLog>();

        page.WaitForAssertion(() => Assert.Contains("No entries match.", page.Markup));
        Assert.Empty(page.FindAll("tr.audit-row"));
    }

    private IRenderedComponent<AuditLog> RenderLog()
    {
        var page = RenderPage<AuditLog>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("tr.audit-row")));
        return page;
    }

    private static List<long> Sequences(IRenderedComponent<AuditLog> page) =>
        [.. page.FindAll("[data-testid^=audit-row-]").Select(e => long.Parse(e.GetAttribute("data-testid")!["audit-row-".Length..], System.Globalization.CultureInfo.InvariantCulture))];
}
