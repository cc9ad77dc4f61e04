using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Dashboard;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Dashboard;
using AfterSalesDesk.Web.Features.Orders;
using AfterSalesDesk.Web.Features.Queues;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSalesDesk.Tests.Dashboard;

/// <summary>
/// The dashboard's rollups over a real demo database (cases of every kind in every state, clocks,
/// ratings, refunds, complaints), compared figure by figure with the same figures computed straight
/// from the base tables; scoping and refusals by role; today's work picked up by a refresh.
/// </summary>
public class DashboardServiceTests(WorkedCasesApp fixture) : IClassFixture<WorkedCasesApp>
{
    private AppFactory App => fixture.App;

    private DashboardService Dashboard => App.Get<DashboardService>();

    private DashboardRollups Rollups => App.Services.GetRequiredService<DashboardRollups>();

    private DateOnly Today => DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime);

    [Fact]
    public async Task Load_AfterARebuild_EqualsEveryFigureComputedFromTheBaseTables()
    {
        await Rollups.RebuildAllAsync();
        var manager = await App.PrincipalAsync("manager@demo.local", Roles.Manager);
        var merchantIds = (await Dashboard.MerchantsAsync(manager)).Select(m => (int?)m.Id).Prepend(null).ToList();
        var compared = 0;
        foreach (var days in new[] { 1, 30, 400 })
        {
            foreach (var merchantId in merchantIds)
            {
                var query = new DashboardQuery(Today.AddDays(1 - days), Today, merchantId);
                var rolled = (await Dashboard.LoadAsync(manager, query))!;
                var direct = (await Dashboard.ComputeDirectAsync(manager, query))!;
                AssertSameFigures(direct, rolled, $"{days} days, merchant {merchantId?.ToString() ?? "all"}");
                compared++;
            }
        }

        // The comparison is only worth something over real figures.
        var year = (await Dashboard.LoadAsync(manager, new DashboardQuery(Today.AddDays(-399), Today)))!;
        Assert.True(compared > 3);
        Assert.True(year.Totals is { Orders: > 0, Opened: > 0, Finished: > 0, Effective: > 0, ClocksEnded: > 0, FirstResponses: > 0 }, year.Totals.ToString());
        Assert.True(year.ByMerchant.Count > 1 && year.ByKind.Count == 4 && year.ByAgent.Count > 0);
        Assert.True(year.Handling.Median is not null && year.Handling.P90 >= year.Handling.Median);
    }

    [Fact]
    public async Task Load_BesideCompliance_CountsTheCasesPastDueNow_InTheScope()
    {
        await Rollups.RebuildAllAsync();
        var manager = await App.PrincipalAsync("manager@demo.local", Roles.Manager);
        var merchant1 = await App.PrincipalAsync("merchant1@demo.local", Roles.Merchant);
        var own = merchant1.GetMerchantIdForTests();
        var now = App.Clock.GetUtcNow();
        await using var db = App.CreateDbContext();
        var overdue = await db.CaseDeadlines.Where(d => d.State == AfterSalesDesk.Data.Sla.DeadlineState.Running && d.DueAt < now)
            .Join(db.Cases, d => d.CaseId, c => c.Id, (d, c) => new { d.CaseId, c.MerchantId }).Distinct().ToListAsync();

        var all = (await Dashboard.LoadAsync(manager, new DashboardQuery(Today.AddDays(-29), Today)))!;
        var store = (await Dashboard.LoadAsync(merchant1, new DashboardQuery(Today.AddDays(-29), Today)))!;

        // The demo has overdue cases; compliance, over ended clocks only, cannot show them.
        Assert.True(overdue.Count > 0, "the demo data has no case past due");
        Assert.Equal(overdue.Count, all.PastDueNow);
        Assert.Equal(overdue.Count(o => o.MerchantId == own), store.PastDueNow);
    }

    [Fact]
    public async Task Refresh_AfterTodaysWork_CountsTheNewCases_WhileTheRollupsAloneLagUntilThen()
    {
        await Rollups.RebuildAllAsync();
        var manager = await App.PrincipalAsync("manager@demo.local", Roles.Manager);
        var today = new DashboardQuery(Today, Today);
        var before = (await Dashboard.LoadAsync(manager, today))!;

        var (_, _, merchantId) = await fixture.TakenAndFinishedAsync(CaseKind.RefundOnly, CaseStatus.Closed);
        await fixture.TakenAndFinishedAsync(CaseKind.Exchange, CaseStatus.Resolved);

        Assert.Equal(before.Totals, (await Dashboard.LoadAsync(manager, today))!.Totals);
        await Rollups.RefreshRecentAsync();
        var after = (await Dashboard.LoadAsync(manager, today))!;
        Assert.Equal(before.Totals.Opened + 2, after.Totals.Opened);
        Assert.Equal(before.Totals.Finished + 2, after.Totals.Finished);
        Assert.Equal(before.Totals.Effective + 1, after.Totals.Effective);
        AssertSameFigures((await Dashboard.ComputeDirectAsync(manager, today))!, after, "today after the refresh");
        Assert.True(after.ByMerchant.Single(m => m.MerchantId == merchantId).Counters.Finished >= 1);
        Assert.True(after.ByAgent.Single(a => a.Name == "agent1@demo.local").Finished >= 2);
    }

    [Fact]
    public async Task Worker_WhenStarted_BuildsEmptyRollups_ThenPicksUpTodaysWork()
    {
        await using (var db = App.CreateDbContext())
        {
            foreach (var sql in new[] { "DELETE FROM DailyCaseStats", "DELETE FROM DailyRefundStats", "DELETE FROM DailyDurationBuckets", "DELETE FROM DailyAgentStats" })
            {
                await db.Database.ExecuteSqlRawAsync(sql);
            }
        }

        var manager = await App.PrincipalAsync("manager@demo.local", Roles.Manager);
        var today = new DashboardQuery(Today, Today);
        var worker = new DashboardRollupService(
            Rollups,
            Microsoft.Extensions.Options.Options.Create(new DashboardOptions { RefreshSeconds = 5 }),
            Microsoft.Extensions.Options.Options.Create(new SchedulerOptions { Enabled = true }),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<DashboardRollupService>.Instance);
        await worker.StartAsync(CancellationToken.None);
        try
        {
            var built = await EventuallyAsync(async () => (await Dashboard.LoadAsync(manager, new DashboardQuery(Today.AddDays(-399), Today)))!.Totals.Opened > 0);
            Assert.True(built, "the worker did not build the empty rollups");
            var before = (await Dashboard.LoadAsync(manager, today))!.Totals.Opened;

            await fixture.WalkAsync(CaseKind.RefundOnly, CaseStatus.AwaitingMerchant);

            Assert.True(await EventuallyAsync(async () => (await Dashboard.LoadAsync(manager, today))!.Totals.Opened == before + 1), "the worker did not count today's new case");
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 60; attempt++)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(500);
        }

        return false;
    }

    [Fact]
    public async Task Load_ForAMerchantAskingForAnotherStore_GivesOnlyItsOwnStoresFigures()
    {
        await Rollups.RebuildAllAsync();
        var manager = await App.PrincipalAsync("manager@demo.local", Roles.Manager);
        var merchant1 = await App.PrincipalAsync("merchant1@demo.local", Roles.Merchant);
        var own = merchant1.GetMerchantIdForTests();
        var other = (await Dashboard.MerchantsAsync(manager)).First(m => m.Id != own).Id;
        var period = new DashboardQuery(Today.AddDays(-399), Today, other);

        var seen = (await Dashboard.LoadAsync(merchant1, period))!;
        var direct = (await Dashboard.ComputeDirectAsync(merchant1, period))!;

        var ownAsManagerSeesIt = (await Dashboard.LoadAsync(manager, period with { MerchantId = own }))!;
        var otherAsManagerSeesIt = (await Dashboard.LoadAsync(manager, period))!;
        Assert.Equal(own, seen.MerchantId);
        Assert.Equal(ownAsManagerSeesIt.Totals, seen.Totals);
        Assert.NotEqual(otherAsManagerSeesIt.Totals, seen.Totals);
        Assert.Equal(own, direct.MerchantId);
        Assert.Empty(seen.ByMerchant);
        Assert.Empty(seen.ByAgent);
        Assert.Empty(await Dashboard.MerchantsAsync(merchant1));
        var unscoped = (await Dashboard.LoadAsync(merchant1, period with { MerchantId = null }))!;
        Assert.Equal(seen.Totals, unscoped.Totals);
    }

    [Theory]
    [InlineData("agent1@demo.local", Roles.Agent)]
    [InlineData("admin@demo.local", Roles.Admin)]
    public async Task Load_ForAgentsAndAdmins_IsRefused(string email, string role)
    {
        var user = await App.PrincipalAsync(email, role);
        var query = new DashboardQuery(Today.AddDays(-29), Today);

        Assert.Null(await Dashboard.LoadAsync(user, query));
        Assert.Null(await Dashboard.ComputeDirectAsync(user, query));
        Assert.Empty(await Dashboard.MerchantsAsync(user));
    }

    [Fact]
    public async Task QueueFilters_OfAFigure_ListExactlyTheCasesItCounts()
    {
        await Rollups.RebuildAllAsync();
        var manager = await App.PrincipalAsync("manager@demo.local", Roles.Manager);
        var queues = App.Get<CaseQueueService>();
        var from = Today.AddDays(-6);
        var figures = (await Dashboard.LoadAsync(manager, new DashboardQuery(from, Today)))!;
        Assert.True(figures.Totals.Opened is > 0 and < CaseQueueService.CountCap);

        var opened = (await queues.PageAsync(manager, new QueueQuery { CreatedFrom = from, CreatedTo = Today }))!;
        var finished = (await queues.PageAsync(manager, new QueueQuery { FinishedFrom = from, FinishedTo = Today }))!;
        var effective = (await queues.PageAsync(manager, new QueueQuery { FinishedFrom = from, FinishedTo = Today, FinishedAs = CaseStatus.Resolved }))!;
        var responded = (await queues.PageAsync(manager, new QueueQuery { FirstResponseFrom = from, FirstResponseTo = Today }))!;

        Assert.Equal(figures.Totals.Opened, opened.Matches);
        Assert.Equal(figures.Totals.Finished, finished.Matches);
        Assert.Equal(figures.Totals.Effective, effective.Matches);
        Assert.True(figures.Totals.FirstResponses > 0);
        Assert.Equal(figures.Totals.FirstResponses, responded.Matches);
        foreach (var kind in figures.ByKind)
        {
            var page = (await queues.PageAsync(manager, new QueueQuery { CreatedFrom = from, CreatedTo = Today, Kind = Enum.Parse<CaseKind>(kind.Kind) }))!;
            Assert.Equal(kind.Counters.Opened, page.Matches);
        }

        // A merchant's own dashboard and its own case list (the first-response link of one store).
        var merchant1 = await App.PrincipalAsync("merchant1@demo.local", Roles.Merchant);
        var own = (await Dashboard.LoadAsync(merchant1, new DashboardQuery(from, Today)))!;
        var ownResponded = (await queues.PageAsync(merchant1, new QueueQuery { FirstResponseFrom = from, FirstResponseTo = Today }))!;
        Assert.True(own.Totals.FirstResponses > 0);
        Assert.Equal(own.Totals.FirstResponses, ownResponded.Matches);
    }

    [Fact]
    public async Task OrderFilters_OfTheOrdersPlacedFigure_ListExactlyTheOrdersItCounts()
    {
        await Rollups.RebuildAllAsync();
        var manager = await App.PrincipalAsync("manager@demo.local", Roles.Manager);
        var orders = App.Get<OrderService>();
        var from = Today.AddDays(-29);
        var figures = (await Dashboard.LoadAsync(manager, new DashboardQuery(from, Today)))!;
        Assert.True(figures.Totals.Orders > 0 && figures.ByMerchant.Count > 1);

        Assert.Equal(figures.Totals.Orders, await orders.CountAsync(manager, new OrderQuery(PlacedFrom: from, PlacedTo: Today)));
        foreach (var store in figures.ByMerchant)
        {
            var listed = await orders.CountAsync(manager, new OrderQuery(PlacedFrom: from, PlacedTo: Today, MerchantId: store.MerchantId));
            Assert.Equal(store.Counters.Orders, listed);
        }

        // A merchant's figure is its own store's list; another store's id finds nothing.
        var merchant1 = await App.PrincipalAsync("merchant1@demo.local", Roles.Merchant);
        var own = merchant1.GetMerchantIdForTests();
        var other = figures.ByMerchant.First(m => m.MerchantId != own && m.Counters.Orders > 0).MerchantId;
        var ownFigure = (await Dashboard.LoadAsync(merchant1, new DashboardQuery(from, Today)))!.Totals.Orders;
        Assert.Equal(ownFigure, await orders.CountAsync(merchant1, new OrderQuery(PlacedFrom: from, PlacedTo: Today)));
        Assert.Equal(0, await orders.CountAsync(merchant1, new OrderQuery(PlacedFrom: from, PlacedTo: Today, MerchantId: other)));
        Assert.Empty(await orders.MerchantsAsync(merchant1));
    }

    [Fact]
    public async Task ComplaintAndRatingLinks_OfTheirFigures_ListExactlyWhatTheyCount()
    {
        var agent = await fixture.AgentAsync();
        var complaints = App.Get<Web.Features.Complaints.ComplaintService>();
        var lists = App.Get<Web.Features.Complaints.ComplaintListService>();
        await using (var db = App.CreateDbContext())
        {
            foreach (var orderNo in await db.Orders.OrderByDescending(o => o.Id).Select(o => o.OrderNo).Take(3).ToListAsync())
            {
                var opened = await complaints.OpenAsync(agent, new Web.Features.Complaints.OpenComplaintInput { OrderNo = orderNo, Summary = "Nobody answered the store's phone." });
                Assert.True(opened.Result.Succeeded, opened.Result.Error);
            }
        }

        await Rollups.RebuildAllAsync();
        var manager = await App.PrincipalAsync("manager@demo.local", Roles.Manager);
        var from = Today.AddDays(-399);
        var figures = (await Dashboard.LoadAsync(manager, new DashboardQuery(from, Today)))!;
        Assert.True(figures.Totals is { Complaints: >= 3, Ratings: > 0 }, figures.Totals.ToString());
        var period = new Web.Features.Complaints.ComplaintListQuery(From: from, To: Today);
        var feedback = App.Get<Web.Features.Feedback.FeedbackService>();

        Assert.Equal(figures.Totals.Complaints, await lists.CountAsync(manager, period));
        Assert.Equal(figures.Totals.Ratings, (await feedback.SummaryAsync(manager, new Web.Features.Feedback.RatingQuery { From = from, To = Today })).Count);
        foreach (var store in figures.ByMerchant)
        {
            Assert.Equal(store.Counters.Complaints, await lists.CountAsync(manager, period with { MerchantId = store.MerchantId }));
            var ratings = await feedback.SummaryAsync(manager, new Web.Features.Feedback.RatingQuery { From = from, To = Today, MerchantId = store.MerchantId });
            Assert.Equal(store.Counters.Ratings, ratings.Count);
        }

        // The list of the complaint rate's period and store holds those complaints, newest first; a merchant sees its own only.
        var busiest = figures.ByMerchant.OrderByDescending(m => m.Counters.Complaints).First();
        var listed = new List<Web.Features.Complaints.ComplaintRow>();
        for (var query = period with { MerchantId = busiest.MerchantId }; ;)
        {
            var page = await lists.PageAsync(manager, query);
            listed.AddRange(page.Rows);
            if (!page.HasNext)
            {
                break;
            }

            query = query with { After = page.LastRow };
        }

        Assert.Equal(busiest.Counters.Complaints, listed.Count);
        Assert.Equal(listed.OrderByDescending(c => c.OpenedAt).Select(c => c.Id), listed.Select(c => c.Id));
        var merchant1 = await App.PrincipalAsync("merchant1@demo.local", Roles.Merchant);
        var own = merchant1.GetMerchantIdForTests();
        var ownFigure = (await Dashboard.LoadAsync(merchant1, new DashboardQuery(from, Today)))!.Totals.Complaints;
        Assert.Equal(ownFigure, await lists.CountAsync(merchant1, period));
        Assert.Equal(0, await lists.CountAsync(merchant1, period with { MerchantId = figures.ByMerchant.First(m => m.MerchantId != own).MerchantId }));
        Assert.Null(await lists.MerchantNameAsync(merchant1, figures.ByMerchant.First(m => m.MerchantId != own).MerchantId));
    }

    [Fact]
    public void Percentile_FromTheHistogram_IsWithinTheStatedBoundOfTheExactOne()
    {
        Assert.True(DurationBuckets.MaxRelativeError <= DashboardFigures.MaxPercentileError);
        var random = new Random(17);
        for (var sample = 0; sample < 200; sample++)
        {
            // Durations from a second to a hundred days, spread over the orders of magnitude.
            var values = Enumerable.Range(0, random.Next(1, 500))
                .Select(_ => (long)(TimeSpan.TicksPerSecond * Math.Exp(random.NextDouble() * Math.Log(100 * 86400.0))))
                .Order().ToList();
            var histogram = values.GroupBy(DurationBuckets.Of).ToDictionary(g => g.Key, g => (long)g.Count());
            foreach (var p in new[] { 0.5, 0.9 })
            {
                var exact = DurationBuckets.Percentile(values, p)!.Value.Ticks;
                var estimate = DurationBuckets.Percentile(histogram, p)!.Value.Ticks;
                Assert.True(Math.Abs(estimate - exact) <= exact * DurationBuckets.MaxRelativeError + 1, $"p{p * 100}: exact {exact}, estimate {estimate}");
            }
        }

        Assert.Equal(0, DurationBuckets.Of(TimeSpan.TicksPerMillisecond * 999));
        Assert.Equal(1, DurationBuckets.Of(TimeSpan.TicksPerSecond));
        Assert.Equal(2, DurationBuckets.Of((long)(TimeSpan.TicksPerSecond * 1.1) + 1));
    }

    /// <summary>
    /// The rollups' histograms (per day and store) hold each finished case's handling time and each first response
    /// in the bucket <see cref="DurationBuckets.Of"/> gives it, counted exactly; returns how many buckets they fill.
    /// </summary>
    internal static async Task<int> AssertHistogramsBucketAsOfAsync(AfterSalesDesk.Data.AppDbContext db)
    {
        var handling = (await db.Cases.Where(c => c.FinishedAt != null).Select(c => new { c.FinishedAt, c.CreatedAt, c.MerchantId }).ToListAsync())
            .Select(c => (Day: DashboardRollups.StartOfDay(c.FinishedAt!.Value), c.MerchantId, Metric: DashboardKeys.Handling, Ticks: (c.FinishedAt.Value - c.CreatedAt).Ticks));
        var responses = (await db.CaseDeadlines
                .Where(d => d.Kind == AfterSalesDesk.Data.Sla.DeadlineKind.AgentFirstResponse && d.State == AfterSalesDesk.Data.Sla.DeadlineState.Met && d.EndedAt != null)
                .Join(db.Cases, d => d.CaseId, c => c.Id, (d, c) => new { d.EndedAt, d.StartedAt, c.MerchantId }).ToListAsync())
            .Select(d => (Day: DashboardRollups.StartOfDay(d.EndedAt!.Value), d.MerchantId, Metric: DashboardKeys.FirstResponse, Ticks: (d.EndedAt.Value - d.StartedAt).Ticks));
        var expected = handling.Concat(responses)
            .GroupBy(d => (d.Day, d.MerchantId, d.Metric, Bucket: DurationBuckets.Of(d.Ticks)))
            .Select(g => (g.Key.Day, g.Key.MerchantId, g.Key.Metric, g.Key.Bucket, Count: (long)g.Count()))
            .Order().ToList();

        var rolled = (await db.DailyDurationBuckets.Where(b => b.MerchantId != DashboardKeys.AllMerchants).ToListAsync())
            .Select(b => (b.Day, b.MerchantId, b.Metric, b.Bucket, b.Count)).Order().ToList();

        Assert.Equal(expected, rolled);
        return expected.Select(e => e.Bucket).Distinct().Count();
    }

    /// <summary>Counts and sums exactly; medians and 90th percentiles within the histogram's bound.</summary>
    internal static void AssertSameFigures(DashboardFigures expected, DashboardFigures actual, string what)
    {
        Assert.True(expected.Totals == actual.Totals, $"{what}: totals\n{expected.Totals}\n{actual.Totals}");
        Assert.Equal(expected.ByDay, actual.ByDay);
        Assert.Equal(expected.ByKind, actual.ByKind);
        Assert.Equal(expected.ByMerchant, actual.ByMerchant);
        Assert.Equal(expected.ByReason, actual.ByReason);
        Assert.Equal(expected.ByAgent, actual.ByAgent);
        foreach (var (exact, estimated) in new[] { (expected.Handling, actual.Handling), (expected.FirstResponse, actual.FirstResponse) })
        {
            Assert.Equal(exact.Count, estimated.Count);
            AssertClose(exact.Median, estimated.Median, what);
            AssertClose(exact.P90, estimated.P90, what);
        }
    }

    private static void AssertClose(TimeSpan? exact, TimeSpan? estimate, string what)
    {
        Assert.Equal(exact is null, estimate is null);
        if (exact is { } e && estimate is { } s && e >= TimeSpan.FromSeconds(1))
        {
            Assert.True(Math.Abs((s - e).Ticks) <= e.Ticks * DurationBuckets.MaxRelativeError + 1, $"{what}: exact {e}, from the histogram {s}");
        }
    }
}

internal static class DashboardPrincipals
{
    public static int GetMerchantIdForTests(this System.Security.Claims.ClaimsPrincipal user) =>
        AfterSalesDesk.Web.Components.Account.SessionClaims.GetMerchantId(user)!.Value;
}
