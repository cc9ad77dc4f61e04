using System.Security.Claims;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Sla;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Queues;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Queues;

/// <summary>Queues over the demo cases in a real database: keyset pages, counts, filters, scoping, assignment.</summary>
public sealed class CaseQueueServiceTests : IDisposable
{
    private readonly AppFactory app = new(settings: new Dictionary<string, string?> { ["Demo:Orders"] = "1200" });

    public void Dispose() => app.Dispose();

    private CaseQueueService Queues => app.Get<CaseQueueService>();

    private AssignmentService Assignments => app.Get<AssignmentService>();

    [Theory]
    [InlineData(QueueSort.UpdatedNewest)]
    [InlineData(QueueSort.UpdatedOldest)]
    [InlineData(QueueSort.CreatedNewest)]
    [InlineData(QueueSort.CreatedOldest)]
    [InlineData(QueueSort.DueSoonest)]
    public async Task KeysetPages_WalkEveryCaseOnce_InOrder_ForwardsAndBackwards(QueueSort sort)
    {
        var supervisor = await SupervisorAsync();
        var expected = await ExpectedOrderAsync(sort);
        Assert.True(expected.Count > 20, "enough demo cases for several pages");

        var forwards = new List<long>();
        var pages = new List<QueuePage>();
        QueueCursor? after = null;
        do
        {
            var page = (await Queues.PageAsync(supervisor, new QueueQuery { Sort = sort, After = after, Take = 7 }))!;
            pages.Add(page);
            forwards.AddRange(page.Rows.Select(r => r.Id));
            after = page.HasNext ? page.LastRow : null;
        }
        while (after is not null);

        Assert.Equal(expected, forwards);
        Assert.False(pages[0].HasPrevious);
        Assert.All(pages.Skip(1), p => Assert.True(p.HasPrevious));

        var previous = (await Queues.PageAsync(supervisor, new QueueQuery { Sort = sort, Before = pages[2].First, Take = 7 }))!;
        Assert.Equal(pages[1].Rows.Select(r => r.Id), previous.Rows.Select(r => r.Id));
        Assert.True(previous.HasNext);

        var last = (await Queues.PageAsync(supervisor, new QueueQuery { Sort = sort, Last = true, Take = 7 }))!;
        Assert.Equal(expected.TakeLast(7), last.Rows.Select(r => r.Id));
        Assert.False(last.HasNext);
        Assert.True(last.HasPrevious);
    }

    [Fact]
    public async Task Counts_FromTheTriggerKeptBuckets_EqualCountingTheCases_AfterTakesAndAssignments()
    {
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var supervisor = await SupervisorAsync();
        var unassigned = (await Queues.PageAsync(agent, new QueueQuery { Queue = Queue.Unassigned, Take = 3 }))!.Rows;
        Assert.True((await Assignments.TakeAsync(agent, unassigned[0].Id)).Succeeded);
        var agent2 = (await Assignments.AssigneesAsync()).Single(a => a.Name == "agent2@demo.local");
        Assert.True((await Assignments.AssignAsync(supervisor, [unassigned[1].Id, unassigned[2].Id], agent2.Id)).Succeeded);

        var counts = (await Queues.CountsAsync(agent))!;

        await using var db = app.CreateDbContext();
        var agentId = agent.FindFirstValue(ClaimTypes.NameIdentifier);
        var now = app.Clock.GetUtcNow();
        Assert.Equal(await db.Cases.CountAsync(c => c.AssigneeId == agentId && c.IsOpen), counts[Queue.Mine]);
        Assert.Equal(await db.Cases.CountAsync(c => c.AssigneeId == null && c.IsOpen), counts[Queue.Unassigned]);
        Assert.Equal(await db.Cases.CountAsync(c => c.Status == CaseStatus.AwaitingMerchant), counts[Queue.AwaitingMerchant]);
        Assert.Equal(await db.Cases.CountAsync(c => c.Status == CaseStatus.Escalated), counts[Queue.Escalated]);
        Assert.Equal(await db.Cases.CountAsync(c => c.SlaAttentionAt <= now), counts[Queue.AtRisk]);
        Assert.Equal(await db.Cases.CountAsync(), counts[Queue.All]);
        Assert.Contains(unassigned[0].Id, (await Queues.PageAsync(agent, new QueueQuery { Queue = Queue.Mine }))!.Rows.Select(r => r.Id));
    }

    [Fact]
    public async Task AtRiskQueue_FillsAsTheClockMoves()
    {
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var before = (await Queues.CountsAsync(agent))![Queue.AtRisk];

        app.Clock.Advance(TimeSpan.FromDays(6));
        var after = (await Queues.CountsAsync(agent))![Queue.AtRisk];
        var page = (await Queues.PageAsync(agent, new QueueQuery { Queue = Queue.AtRisk, Sort = QueueSort.DueSoonest, Take = 100 }))!;

        Assert.True(after > before, $"{after} cases at risk after six days, {before} before");
        Assert.All(page.Rows, r => Assert.Contains(r.Sla, new[] { SlaStatus.AtRisk, SlaStatus.Breached }));
        Assert.Equal(page.Rows.OrderBy(r => r.SlaDueAt).ThenBy(r => r.Id).Select(r => r.Id), page.Rows.Select(r => r.Id));
    }

    [Fact]
    public async Task Filters_NarrowOnTheServer_AndMatchesAreCounted()
    {
        var supervisor = await SupervisorAsync();
        await using var db = app.CreateDbContext();
        var sample = await db.Cases.Where(c => c.Kind == CaseKind.Exchange).OrderBy(c => c.Id).FirstAsync();
        var expected = await db.Cases.CountAsync(c => c.Kind == CaseKind.Exchange && c.Priority == sample.Priority && c.MerchantId == sample.MerchantId);

        var page = (await Queues.PageAsync(supervisor, new QueueQuery
        {
            Kind = CaseKind.Exchange,
            Priority = sample.Priority,
            MerchantId = sample.MerchantId,
            CreatedFrom = DateOnly.FromDateTime(sample.CreatedAt.UtcDateTime.AddDays(-3)),
            CreatedTo = DateOnly.FromDateTime(sample.CreatedAt.UtcDateTime),
            Take = 100,
        }))!;

        Assert.Contains(sample.Id, page.Rows.Select(r => r.Id));
        Assert.All(page.Rows, r => Assert.True(r.Kind == CaseKind.Exchange && r.Priority == sample.Priority));
        Assert.Equal(expected, page.Matches);
        Assert.False(page.MatchesCapped);
    }

    [Fact]
    public async Task TextSearch_FindsByCaseNumberOrderNumberAndBuyer()
    {
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        await using var db = app.CreateDbContext();
        var sample = await db.Cases.OrderBy(c => c.Id).Skip(5).Select(c => new { c.Id, c.CaseNo, c.Order!.OrderNo, BuyerCode = db.Customers.Single(b => b.Id == c.CustomerId).Code })
            .FirstAsync();

        foreach (var text in new[] { sample.CaseNo, sample.CaseNo.ToLowerInvariant(), sample.OrderNo, sample.BuyerCode })
        {
            var page = (await Queues.PageAsync(agent, new QueueQuery { Text = text, Take = 100 }))!;
            Assert.Contains(sample.Id, page.Rows.Select(r => r.Id));
        }

        Assert.Empty((await Queues.PageAsync(agent, new QueueQuery { Text = "NO-SUCH-THING" }))!.Rows);
    }

    [Fact]
    public async Task Merchant_CannotOpenTheAgentsQueues_AndSeesOnlyItsOwnStore()
    {
        var merchant = await app.PrincipalAsync("merchant1@demo.local", Roles.Merchant);
        var merchantId = CaseAccess.For(merchant).MerchantId!.Value;

        Assert.Null(await Queues.PageAsync(merchant, new QueueQuery { Queue = Queue.Unassigned }));
        Assert.Null(await Queues.PageAsync(merchant, new QueueQuery { Queue = Queue.Mine }));
        var all = (await Queues.PageAsync(merchant, new QueueQuery { Queue = Queue.All, Take = 100 }))!;
        var otherStore = (await Queues.PageAsync(merchant, new QueueQuery { Queue = Queue.All, MerchantId = merchantId + 1 }))!;
        var counts = (await Queues.CountsAsync(merchant))!;

        await using var db = app.CreateDbContext();
        Assert.NotEmpty(all.Rows);
        Assert.Equal(await db.Cases.CountAsync(c => c.MerchantId == merchantId), all.Rows.Count);
        Assert.All(all.Rows, r => Assert.Equal(all.Rows[0].Merchant, r.Merchant));
        Assert.Empty(otherStore.Rows);
        Assert.Equal(all.Rows.Count, counts[Queue.All]);
        Assert.Equal(0, counts[Queue.Unassigned]);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "queue.view" && e.Outcome == AuditOutcome.Denied && e.UserName == "merchant1@demo.local"));
    }

    [Fact]
    public async Task Take_SecondAgentIsToldWhoWasFirst_AndADoubleClickTakesOnce()
    {
        var agent1 = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var agent2 = await app.PrincipalAsync("agent2@demo.local", Roles.Agent);
        var caseId = (await Queues.PageAsync(agent1, new QueueQuery { Queue = Queue.Unassigned }))!.Rows[0].Id;

        var clicks = await Task.WhenAll(Assignments.TakeAsync(agent1, caseId), Assignments.TakeAsync(agent1, caseId));
        var late = await Assignments.TakeAsync(agent2, caseId);

        Assert.All(clicks, r => Assert.True(r.Succeeded, r.Error));
        Assert.Equal(ResultStatus.Invalid, late.Status);
        Assert.Contains("already taken by agent1@demo.local", late.Error);
        await using var db = app.CreateDbContext();
        Assert.Equal(1, await db.Set<CaseEvent>().CountAsync(e => e.CaseId == caseId && e.Reason == "Assigned to agent1@demo.local."));
    }

    [Fact]
    public async Task BulkAssign_IsForSupervisors_AndAllOrNothing()
    {
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var supervisor = await SupervisorAsync();
        var target = (await Assignments.AssigneesAsync()).Single(a => a.Name == "agent2@demo.local");
        await using var db = app.CreateDbContext();
        var open = await db.Cases.Where(c => c.IsOpen && c.AssigneeId == null).OrderBy(c => c.Id).Select(c => c.Id).Take(3).ToListAsync();
        var closed = await db.Cases.Where(c => !c.IsOpen).Select(c => c.Id).FirstAsync();

        var denied = await Assignments.AssignAsync(agent, open, target.Id);
        var refused = await Assignments.AssignAsync(supervisor, [.. open, closed], target.Id);
        var unknownAssignee = await Assignments.AssignAsync(supervisor, open, "nobody");

        Assert.Equal(ResultStatus.Forbidden, denied.Status);
        Assert.Equal(ResultStatus.Invalid, refused.Status);
        Assert.Contains("finished case is not assigned", refused.Error);
        Assert.Equal(ResultStatus.Invalid, unknownAssignee.Status);
        Assert.Equal(0, await db.Cases.CountAsync(c => open.Contains(c.Id) && c.AssigneeId != null));

        Assert.True((await Assignments.AssignAsync(supervisor, open, target.Id)).Succeeded);
        Assert.Equal(3, await db.Cases.CountAsync(c => open.Contains(c.Id) && c.AssigneeId == target.Id));
    }

    [Fact]
    public async Task TheFeed_ReportsEveryChangedCase()
    {
        var feed = app.Get<CaseFeed>();
        await feed.PollAsync();
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var row = (await Queues.PageAsync(agent, new QueueQuery { Queue = Queue.Unassigned }))!.Rows[0];
        var caseId = row.Id;
        var seen = new List<long>();
        feed.Changed += ids => { lock (seen) { seen.AddRange(ids); } };

        var changed = await Assignments.SetPriorityAsync(agent, caseId, row.Priority == CasePriority.Urgent ? CasePriority.Low : CasePriority.Urgent);
        Assert.True(changed.Succeeded, changed.Error);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < deadline && !seen.Contains(caseId))
        {
            await Task.Delay(50);
        }

        Assert.Contains(caseId, seen);
    }

    [Fact]
    public async Task ActingThroughTheCaseService_KeepsOneClockPerKind()
    {
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        await using var db = app.CreateDbContext();
        var submitted = await db.Cases.Where(c => c.Status == CaseStatus.Submitted && c.Deadlines.Any()).Select(c => new { c.Id, c.Version }).FirstAsync();

        var result = await app.Get<AfterSalesDesk.Web.Features.Cases.CaseService>().ActAsync(agent, submitted.Id, CaseAction.RequestMerchantResponse, null, submitted.Version);

        Assert.True(result.Succeeded, result.Error);
        var active = await db.CaseDeadlines.Where(d => d.CaseId == submitted.Id && (d.State == DeadlineState.Running || d.State == DeadlineState.Paused))
            .Select(d => d.Kind).ToListAsync();
        Assert.Equal(active.Distinct().Count(), active.Count);
        Assert.Contains(DeadlineKind.MerchantResponse, active);
        Assert.Contains(DeadlineKind.Resolution, active);
    }

    private Task<ClaimsPrincipal> SupervisorAsync() => app.PrincipalAsync("supervisor1@demo.local", Roles.Supervisor);

    private async Task<List<long>> ExpectedOrderAsync(QueueSort sort)
    {
        await using var db = app.CreateDbContext();
        var all = await db.Cases.Select(c => new { c.Id, c.UpdatedAt, c.CreatedAt, c.SlaDueAt }).ToListAsync();
        return (sort switch
        {
            QueueSort.UpdatedNewest => all.OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id),
            QueueSort.UpdatedOldest => all.OrderBy(c => c.UpdatedAt).ThenBy(c => c.Id),
            QueueSort.CreatedNewest => all.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id),
            QueueSort.CreatedOldest => all.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id),
            _ => all.Where(c => c.SlaDueAt != null).OrderBy(c => c.SlaDueAt).ThenBy(c => c.Id),
        }).Select(c => c.Id).ToList();
    }
}
