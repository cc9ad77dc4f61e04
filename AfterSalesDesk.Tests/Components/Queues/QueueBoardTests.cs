using System.Security.Claims;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Components.Account;
using AfterSalesDesk.Web.Features.Queues;
using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace AfterSalesDesk.Tests.Components.Queues;

/// <summary>The queue board (MudDataGrid over keyset pages) per role, over the demo cases in a real database.</summary>
public sealed class QueueBoardTests(ComponentAppWithPages app) : ComponentContext(app), IClassFixture<ComponentAppWithPages>
{
    private static readonly Queue[] Every = Enum.GetValues<Queue>();

    [Fact]
    public async Task Supervisor_SeesEveryQueueWithItsCount_AndCanSelectRows()
    {
        var supervisor = await SignInAsync("supervisor1@demo.local", Roles.Supervisor);
        var counts = (await Service<CaseQueueService>().CountsAsync(supervisor))!;

        var board = RenderBoard(Queue.All);

        foreach (var queue in Every)
        {
            Assert.Equal(counts[queue].ToString("N0"), board.Find($"[data-testid=queue-count-{queue}]").TextContent.Trim());
        }

        Assert.Contains("queue-item-active", board.Find("[data-testid=queue-All]").ClassName);
        var rows = Rows(board);
        Assert.Equal(Math.Min(25, counts[Queue.All]), rows.Count);
        Assert.All(rows, caseNo => Assert.Single(board.FindAll($"[data-testid=select-{caseNo}]")));
        Assert.NotEmpty(board.FindAll("[data-testid=queue-merchant]"));
        Assert.NotEmpty(board.FindAll("[data-testid=queue-assignee]"));

        // The risk column: the score alone in its level's colour, the level its accessible name, as stored on the case.
        await using var db = App.CreateDbContext();
        var scores = await db.Cases.Where(c => rows.Contains(c.CaseNo) && c.RiskScore != null).ToDictionaryAsync(c => c.CaseNo, c => (c.RiskScore!.Value, c.RiskLevel!.Value));
        Assert.NotEmpty(scores);
        foreach (var (caseNo, (score, level)) in scores)
        {
            var chip = board.Find($"[data-testid=risk-{caseNo}]");
            Assert.Equal(score.ToString(System.Globalization.CultureInfo.InvariantCulture), chip.TextContent.Trim());
            Assert.Equal($"{AfterSalesDesk.Web.Features.Risk.RiskLabels.Of(level)} {score}", chip.GetAttribute("aria-label"));
        }
    }

    [Fact]
    public async Task Merchant_SeesOnlyTheirStoresCases_WithoutTakeOrSelect()
    {
        var merchant = await SignInAsync("merchant1@demo.local", Roles.Merchant);
        var store = await StoreNameAsync(merchant.GetMerchantId()!.Value);

        var board = RenderBoard(Queue.All, Queue.AwaitingMerchant, Queue.AtRisk, Queue.All);

        Assert.NotEmpty(Rows(board));
        Assert.All(board.FindAll("td.queue-merchant"), cell => Assert.Equal(store, cell.TextContent.Trim()));
        Assert.Empty(board.FindAll("[data-testid^=take-]"));
        Assert.Empty(board.FindAll("[data-testid^=select-]"));
        Assert.Empty(board.FindAll("[data-testid=queue-Unassigned]"));
        Assert.Empty(board.FindAll("[data-testid=queue-merchant]"));
        Assert.Empty(board.FindAll(".risk-chip"));
        Assert.DoesNotContain(board.FindAll("th"), th => th.TextContent.Trim() == "Risk");
    }

    [Fact]
    public async Task Agent_TakesACase_ItIsTheirsInTheDatabase_AndLeavesTheUnassignedQueue()
    {
        var agent = await SignInAsync("agent2@demo.local", Roles.Agent);
        var board = RenderBoard(Queue.Unassigned);
        var caseNo = board.WaitForElement("[data-testid^=take-]").GetAttribute("data-testid")!["take-".Length..];

        board.Find($"[data-testid=take-{caseNo}]").Click();

        board.WaitForAssertion(() => Assert.Empty(board.FindAll($"[data-testid=queue-row-{caseNo}]")));
        await using var db = App.CreateDbContext();
        Assert.Equal(agent.FindFirstValue(ClaimTypes.NameIdentifier), await db.Cases.Where(c => c.CaseNo == caseNo).Select(c => c.AssigneeId).SingleAsync());
        Assert.Contains($"You took case {caseNo}.", Snackbars());
    }

    [Fact]
    public async Task Supervisor_AssignsTwoSelectedCases_ToAnAgent()
    {
        await SignInAsync("supervisor2@demo.local", Roles.Supervisor);
        var agent = await App.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var board = RenderBoard(Queue.Unassigned);
        var chosen = Rows(board).Take(2).ToList();
        Assert.Equal(2, chosen.Count);
        Assert.Empty(board.FindAll("[data-testid=queue-bulk]"));

        foreach (var caseNo in chosen)
        {
            board.Find($"input[data-testid=select-{caseNo}]").Change(true);
        }

        Assert.Contains("2 selected", board.Find("[data-testid=queue-bulk]").TextContent);
        Assert.True(board.Find("[data-testid=bulk-assign]").HasAttribute("disabled"), "nobody to assign to yet");
        var assignee = board.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "Assign to…");
        await board.InvokeAsync(() => assignee.Instance.SelectOption(agent.FindFirstValue(ClaimTypes.NameIdentifier)!));
        board.Find("[data-testid=bulk-assign]").Click();

        board.WaitForAssertion(() => Assert.All(chosen, caseNo => Assert.Empty(board.FindAll($"[data-testid=queue-row-{caseNo}]"))));
        await using var db = App.CreateDbContext();
        Assert.All(await db.Cases.Where(c => chosen.Contains(c.CaseNo)).Select(c => c.AssigneeId).ToListAsync(), id => Assert.Equal(agent.FindFirstValue(ClaimTypes.NameIdentifier), id));
        Assert.Contains("2 cases assigned.", Snackbars());
        Assert.Empty(board.FindAll("[data-testid=queue-bulk]"));
    }

    [Fact]
    public async Task TextFilter_NarrowsTheListToTheCase_AndAWrongTextSaysNoneMatch()
    {
        await SignInAsync("supervisor1@demo.local", Roles.Supervisor);
        var board = RenderBoard(Queue.All);
        var caseNo = Rows(board)[3];

        board.Find("input[data-testid=queue-text]").Change(caseNo);

        board.WaitForAssertion(() => Assert.Equal([caseNo], Rows(board)));
        Assert.Equal("1 cases", board.Find("[data-testid=queue-matches]").TextContent.Trim());

        board.Find("input[data-testid=queue-text]").Change("NO-SUCH-CASE");
        board.WaitForAssertion(() => Assert.Contains("No cases match.", board.Markup));
        Assert.Empty(Rows(board));
    }

    [Fact]
    public async Task Pager_WalksKeysetPagesForwardAndBack_WithoutRepeatingACase()
    {
        var supervisor = await SignInAsync("supervisor1@demo.local", Roles.Supervisor);
        var all = (await Service<CaseQueueService>().CountsAsync(supervisor))![Queue.All];
        Assert.True(all > 25, $"the demo data has more than one page of cases ({all})");
        var board = RenderBoard(Queue.All);
        var first = Rows(board);
        Assert.True(board.Find("[data-testid=page-prev]").HasAttribute("disabled"));

        board.Find("[data-testid=page-next]").Click();
        board.WaitForAssertion(() => Assert.Equal("Page 2", board.Find("[data-testid=page-number]").TextContent.Trim()));
        var second = Rows(board);
        Assert.Empty(first.Intersect(second));

        board.Find("[data-testid=page-prev]").Click();
        board.WaitForAssertion(() => Assert.Equal(first, Rows(board)));
        Assert.Equal("Page 1", board.Find("[data-testid=page-number]").TextContent.Trim());
    }

    [Fact]
    public async Task ACaseTakenElsewhere_LeavesTheOpenBoard_WithoutAClick()
    {
        await SignInAsync("supervisor1@demo.local", Roles.Supervisor);
        var board = RenderBoard(Queue.Unassigned);
        var caseNo = Rows(board)[0];
        var other = await App.PrincipalAsync("agent1@demo.local", Roles.Agent);
        long id;
        await using (var db = App.CreateDbContext())
        {
            id = await db.Cases.Where(c => c.CaseNo == caseNo).Select(c => c.Id).SingleAsync();
        }

        Assert.True((await Service<AssignmentService>().TakeAsync(other, id)).Succeeded);

        board.WaitForAssertion(() => Assert.Empty(board.FindAll($"[data-testid=queue-row-{caseNo}]")), TimeSpan.FromSeconds(5));
    }

    private IRenderedComponent<QueueBoard> RenderBoard(Queue initial, params Queue[] allowed)
    {
        var board = RenderPage<QueueBoard>(p => p.Add(b => b.Allowed, allowed.Length > 0 ? allowed : Every).Add(b => b.Initial, initial));
        board.WaitForAssertion(() => Assert.DoesNotContain("…", board.Find("[data-testid=page-number]").TextContent));
        board.WaitForAssertion(() => Assert.True(board.FindAll("[data-testid^=queue-row-]").Count > 0 || board.Markup.Contains("No cases match.")));
        return board;
    }

    private static List<string> Rows(IRenderedComponent<QueueBoard> board) =>
        [.. board.FindAll("[data-testid^=queue-row-]").Select(a => a.GetAttribute("data-testid")!["queue-row-".Length..])];

    private async Task<string> StoreNameAsync(int merchantId)
    {
        await using var db = App.CreateDbContext();
        return await db.Merchants.Where(m => m.Id == merchantId).Select(m => m.Name).SingleAsync();
    }
}
