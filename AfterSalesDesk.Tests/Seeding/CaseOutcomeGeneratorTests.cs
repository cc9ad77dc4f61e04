using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Complaints;
using AfterSalesDesk.Data.Feedback;
using AfterSalesDesk.Data.Providers;
using AfterSalesDesk.Data.Refunds;
using AfterSalesDesk.Data.Seeding;
using AfterSalesDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Seeding;

/// <summary>
/// What the case generator writes after its cases (refunds, disputes, complaints, ratings, follow-ups) must be
/// what the domain could have written, or the dashboard and export benchmarks measure fiction; and it must not
/// change the cases a seed gave before it existed.
/// </summary>
public class CaseOutcomeGeneratorTests(CaseOutcomeGeneratorTests.Generated data) : IClassFixture<CaseOutcomeGeneratorTests.Generated>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 15, 0, 0, 0, TimeSpan.Zero);

    private static readonly GeneratorOptions Orders = new() { Orders = 4_000, Seed = 7, NewMerchants = 6, End = Now, BatchSize = 900 };

    private static readonly CaseGeneratorOptions Cases = new()
    {
        Cases = 4_000, Seed = 7, Now = Now, Assignees = [("a1", "agent1"), ("a2", "agent2"), ("a3", "agent3")], BatchSize = 900,
    };

    private const string Holding = "('AwaitingApproval', 'Granted', 'Succeeded', 'Failed')";

    private TestDatabase Database => data.Database;

    [Fact]
    public async Task Generate_KeepsTheCasesOfASeed_AsTheyWereBeforeRefundsAndRatings()
    {
        // Measured with the generator before it wrote refunds, complaints and ratings (same options). Only
        // WasRefunded may differ now: a resolved case whose refund was paid has it, as the domain sets it.
        Assert.Equal(6317822521, await Database.ScalarAsync(
            "SELECT SUM(Id * 31 + OrderId * 7 + MerchantId * 5 + CreatedAt % 1000003 + UpdatedAt % 999983 + length(Status) * 3 + length(Kind) + length(Reason) * 11 "
            + "+ length(Priority) + IFNULL(length(AssigneeId), 0) + IFNULL(SlaDueAt % 1000033, 0) + IFNULL(FinishedAt % 1000037, 0) + unicode(substr(Version, 1, 1))) FROM AfterSalesCases"));
        Assert.Equal(8642938274, await Database.ScalarAsync(
            "SELECT SUM(CaseId * 13 + length(Kind) + length(State) * 7 + StartedAt % 1000003 + IFNULL(EndedAt % 999983, 0) + IFNULL(BreachedAt % 1000033, 0)) FROM CaseDeadlines"));
        Assert.Equal(39734616, await Database.ScalarAsync("SELECT SUM(CaseId * 3 + OrderLineId * Quantity) FROM CaseLines"));
        Assert.Equal(4_000_574, await Database.ScalarAsync("SELECT COUNT(*) * 1000 + SUM(IsOpen) FROM AfterSalesCases"));
    }

    [Fact]
    public async Task Generate_PaysRefundsNeverAboveWhatAnOrderOrALinePaid_AndKeepsTheOrdersBalance()
    {
        var report = data.Report.Outcomes;
        Assert.True(report.PaidRefunds > 200 && report.OtherRefunds >= 5, report.ToString());
        Assert.Equal(report.PaidRefunds, await Database.ScalarAsync("SELECT COUNT(*) FROM Refunds WHERE Status = 'Succeeded'"));
        Assert.Equal(report.OtherRefunds, await Database.ScalarAsync("SELECT COUNT(*) FROM Refunds WHERE Status <> 'Succeeded'"));

        Assert.Equal(0, await Database.ScalarAsync("""
            SELECT COUNT(*) FROM Orders o JOIN (SELECT OrderId, SUM(AmountMinor) AS Paid FROM Refunds WHERE Status = 'Succeeded' GROUP BY OrderId) r ON r.OrderId = o.Id
            WHERE r.Paid > o.PaidMinor
            """));
        Assert.Equal(0, await Database.ScalarAsync($"""
            SELECT COUNT(*) FROM Orders o
            WHERE o.RefundCommittedMinor <> IFNULL((SELECT SUM(r.AmountMinor) FROM Refunds r WHERE r.OrderId = o.Id AND r.Status IN {Holding}), 0)
            """));
        Assert.True(await Database.ScalarAsync("SELECT COUNT(*) FROM Orders WHERE RefundCommittedMinor > 0") > 200);
        Assert.Equal(0, await Database.ScalarAsync($"""
            SELECT COUNT(*) FROM OrderLines l JOIN (
                SELECT rl.OrderLineId, SUM(rl.Quantity) AS Items, SUM(rl.AmountMinor) AS Amount
                FROM RefundLines rl JOIN Refunds r ON r.Id = rl.RefundId WHERE r.Status IN {Holding} GROUP BY rl.OrderLineId) h ON h.OrderLineId = l.Id
            WHERE h.Items > l.Quantity OR h.Amount > l.UnitPriceMinor * l.Quantity - l.DiscountMinor
            """));
        Assert.Equal(0, await Database.ScalarAsync("""
            SELECT COUNT(*) FROM Refunds r JOIN AfterSalesCases c ON c.Id = r.CaseId JOIN CaseLines cl ON cl.CaseId = c.Id
            WHERE r.OrderId <> c.OrderId OR r.MerchantId <> c.MerchantId
               OR NOT EXISTS (SELECT 1 FROM RefundLines rl WHERE rl.RefundId = r.Id AND rl.OrderLineId = cl.OrderLineId AND rl.AmountMinor = r.LinesMinor)
            """));
    }

    [Fact]
    public async Task Generate_WritesRefundsOnlyWhereTheCaseWentThroughAwaitingRefund_PaidOnesBetweenOpeningAndTheLastMove()
    {
        Assert.Equal(0, await Database.ScalarAsync("""
            SELECT COUNT(*) FROM Refunds r JOIN AfterSalesCases c ON c.Id = r.CaseId
            WHERE c.Status NOT IN ('AwaitingRefund', 'Refunded', 'Resolved')
               OR (r.Status IN ('AwaitingApproval', 'Failed') AND c.Status <> 'AwaitingRefund')
               OR (r.Status = 'Succeeded' AND NOT (c.Status IN ('Refunded', 'Resolved') AND c.WasRefunded = 1
                   AND r.ExecutedAt > c.CreatedAt AND r.ExecutedAt <= c.UpdatedAt AND r.ProposedAt > c.CreatedAt
                   AND r.ProposedAt <= r.DecidedAt AND r.DecidedAt <= r.ExecutedAt AND r.GatewayReference IS NOT NULL AND r.Attempts >= 1))
               OR (r.Status <> 'Succeeded' AND (r.ExecutedAt IS NOT NULL OR r.GatewayReference IS NOT NULL))
               OR r.NextAttemptAt IS NOT NULL
            """));
        Assert.Equal(0, await Database.ScalarAsync("""
            SELECT COUNT(*) FROM AfterSalesCases c
            WHERE c.Status <> 'Refunded' AND c.WasRefunded <> EXISTS (SELECT 1 FROM Refunds r WHERE r.CaseId = c.Id AND r.Status = 'Succeeded')
            """));

        // Refund only and return and refund reach Resolved only through Refunded: such a case has its paid refund,
        // unless other cases on the same line had already taken every item of it.
        Assert.Equal(0, await Database.ScalarAsync($"""
            SELECT COUNT(*) FROM AfterSalesCases c JOIN CaseLines cl ON cl.CaseId = c.Id JOIN OrderLines l ON l.Id = cl.OrderLineId
            WHERE (c.Status = 'Refunded' OR (c.Status = 'Resolved' AND c.Kind IN ('RefundOnly', 'ReturnAndRefund')))
              AND NOT EXISTS (SELECT 1 FROM Refunds r WHERE r.CaseId = c.Id AND r.Status = 'Succeeded')
              AND (SELECT IFNULL(SUM(rl.Quantity), 0) FROM RefundLines rl JOIN Refunds r ON r.Id = rl.RefundId
                   WHERE rl.OrderLineId = l.Id AND r.Status IN {Holding}) < l.Quantity
            """));

        await using var db = Database.CreateContext();
        var refunds = await db.Refunds.AsNoTracking().Include(r => r.Approvals).ToListAsync();
        var limits = new RefundLimits();
        Assert.All(refunds, r =>
        {
            Assert.Equal(limits.ApprovalsFor(r.Amount), r.RequiredApprovals);
            Assert.DoesNotContain(r.Approvals, a => a.ApproverId == r.ProposedById);
            Assert.Equal(r.Approvals.Count, r.Approvals.Select(a => a.ApproverId).Distinct().Count());
            Assert.All(r.Approvals, a => Assert.InRange(a.At, r.ProposedAt, r.DecidedAt ?? Now));
            switch (r.Status)
            {
                case RefundStatus.Succeeded or RefundStatus.Failed or RefundStatus.Cancelled:
                    Assert.Equal(r.RequiredApprovals, r.Approvals.Count);
                    break;
                case RefundStatus.AwaitingApproval:
                    Assert.True(r.RequiredApprovals > r.Approvals.Count && r.DecidedAt is null, $"refund {r.Id}");
                    break;
                default:
                    Assert.Empty(r.Approvals);
                    break;
            }

            Assert.Equal(r.Status is RefundStatus.Rejected or RefundStatus.Cancelled, r is { RejectedBy: not null, RejectionReason: not null });
            Assert.Equal(r.Status is RefundStatus.Failed or RefundStatus.Cancelled, r.LastError is not null);
            Assert.Equal(r.DeductionBasisPoints > 0, r.DeductionReason is not null);
            Assert.Equal(RefundMath.Deduction(r.LinesMinor, r.DeductionBasisPoints), r.DeductionMinor);
        });
        Assert.Equal(refunds.Count, refunds.Select(r => r.IdempotencyKey).Distinct().Count());
        Assert.Contains(refunds, r => r.Status == RefundStatus.Rejected);
        Assert.Contains(refunds, r => r.Status == RefundStatus.Failed);
        Assert.Contains(refunds, r => r.Status == RefundStatus.Cancelled);
        Assert.Contains(refunds, r => r.Status == RefundStatus.Succeeded && r.Approvals.Count == 1);
        Assert.Contains(refunds, r => r.ShippingMinor > 0);
        Assert.Contains(refunds, r => r.DeductionMinor > 0);
    }

    [Fact]
    public async Task Generate_RatesOnlyFinishedCases_OnceEach_MostlyWithFourOrFiveStars_AndFollowsUpLowRatings()
    {
        Assert.Equal(0, await Database.ScalarAsync("""
            SELECT COUNT(*) FROM CaseRatings g JOIN AfterSalesCases c ON c.Id = g.CaseId
            WHERE c.Status NOT IN ('Resolved', 'Closed') OR g.RatedAt < c.FinishedAt OR g.RatedAt > c.FinishedAt + 3 * 864000000000
               OR g.MerchantId <> c.MerchantId OR g.Kind <> c.Kind OR IFNULL(g.AgentId, '') <> IFNULL(c.AssigneeId, '')
            """));
        Assert.Equal(await Database.ScalarAsync("SELECT COUNT(DISTINCT CaseId) FROM CaseRatings"), await Database.ScalarAsync("SELECT COUNT(*) FROM CaseRatings"));

        await using var db = Database.CreateContext();
        var ratings = await db.CaseRatings.AsNoTracking().Include(r => r.FollowUp).ToListAsync();
        Assert.Equal(data.Report.Outcomes.Ratings, ratings.Count);
        Assert.True(ratings.Count > 500, $"{ratings.Count} ratings");
        Assert.All(ratings, r => Assert.True(r.RatedAt < Now));
        Assert.Equal([1, 2, 3, 4, 5], ratings.Select(r => r.Stars).Distinct().Order());
        Assert.InRange(ratings.Count(r => r.Stars >= 4) / (double)ratings.Count, 0.65, 0.9);
        Assert.InRange(ratings.Average(r => r.Stars), 3.8, 4.6);
        Assert.All(ratings.Where(r => r.Stars < CaseRating.SatisfiedFrom), r => Assert.NotEqual("", r.Comment));
        Assert.Contains(ratings, r => r.Stars >= 4 && r.Comment != "");
        Assert.Contains(ratings, r => r.Comment == "");

        Assert.All(ratings, r =>
        {
            Assert.Equal(r.Stars < CaseRating.SatisfiedFrom, r.FollowUp is not null);
            if (r.FollowUp is { } f)
            {
                Assert.Equal(r.Stars == 1 ? CasePriority.Urgent : CasePriority.Normal, f.Priority);
                Assert.Equal((r.CaseId, r.MerchantId, r.RatedAt, r.RatedAt.AddHours(24)), (f.CaseId, f.MerchantId, f.CreatedAt, f.DueAt));
                Assert.Equal(f.Status == FollowUpStatus.Done, f is { DoneAt: not null, Outcome: not null, DoneBy: not null, AssigneeId: not null });
                Assert.True(f.DoneAt is null || (f.DoneAt > f.CreatedAt && f.DoneAt < Now));
            }
        });
        Assert.Equal(data.Report.Outcomes.FollowUps, ratings.Count(r => r.FollowUp is not null));
        Assert.Contains(ratings, r => r.FollowUp?.Status == FollowUpStatus.Done);
    }

    [Fact]
    public async Task Generate_OpensADisputeForEveryEscalatedCase_AndComplaintsAboutAFewPercentOfOrders()
    {
        var complaints = data.Report.Outcomes.Complaints;
        Assert.Equal(complaints, await Database.ScalarAsync("SELECT COUNT(*) FROM Complaints"));
        Assert.InRange(complaints / (double)Orders.Orders, 0.01, 0.08);
        Assert.Equal(0, await Database.ScalarAsync("""
            SELECT COUNT(*) FROM AfterSalesCases c
            WHERE c.Status = 'Escalated' AND (SELECT COUNT(*) FROM Complaints p WHERE p.CaseId = c.Id AND p.Status NOT IN ('Decided', 'Closed')) <> 1
            """));
        Assert.True(await Database.ScalarAsync("SELECT COUNT(*) FROM AfterSalesCases WHERE Status = 'Escalated'") > 0);
        Assert.Equal(0, await Database.ScalarAsync("""
            SELECT COUNT(*) FROM Complaints p JOIN Orders o ON o.Id = p.OrderId LEFT JOIN AfterSalesCases c ON c.Id = p.CaseId
            WHERE (p.Category = 'AfterSalesDispute') <> (p.CaseId IS NOT NULL) OR (p.Channel = 'Escalation') <> (p.CaseId IS NOT NULL)
               OR p.MerchantId <> o.MerchantId OR p.CustomerId <> o.CustomerId OR p.OpenedAt < o.PaidAt
               OR (c.Id IS NOT NULL AND (c.OrderId <> p.OrderId OR p.OpenedAt < c.CreatedAt OR p.OpenedAt > c.UpdatedAt))
            """));

        // A refund the arbiter forced belongs to the disputed case, proposed by the arbiter when deciding.
        Assert.Equal(0, await Database.ScalarAsync("""
            SELECT COUNT(*) FROM Complaints p LEFT JOIN Refunds r ON r.Id = p.RefundId
            WHERE p.RefundId IS NOT NULL AND (r.CaseId IS NOT p.CaseId OR r.ProposedAt <> p.DecidedAt OR r.ProposedBy <> p.DecidedBy
               OR p.Outcome NOT IN ('ForBuyer', 'Partial') OR (p.Outcome = 'Partial') <> (r.DeductionBasisPoints = 10000 - p.AwardBasisPoints))
            """));
        Assert.True(await Database.ScalarAsync("SELECT COUNT(*) FROM Complaints WHERE RefundId IS NOT NULL") > 0);

        await using var db = Database.CreateContext();
        var all = await db.Complaints.AsNoTracking().Include(c => c.History).ToListAsync();
        var rules = new ComplaintRules();
        Assert.All(all, c =>
        {
            var history = c.History.OrderBy(h => h.Id).ToList();
            Assert.Equal((null, ComplaintStatus.Open, c.OpenedAt), (history[0].From, history[0].To, history[0].At));
            Assert.All(history.Zip(history.Skip(1)), pair => Assert.True(pair.First.To == pair.Second.From && pair.First.At <= pair.Second.At, c.ComplaintNo));
            Assert.Equal((c.Status, c.UpdatedAt, c.UpdatedBy), (history[^1].To, history[^1].At, history[^1].ActorName));
            Assert.Equal(c.Status is ComplaintStatus.AwaitingMerchantEvidence or ComplaintStatus.AwaitingBuyerEvidence, c.EvidenceDueAt is not null);
            Assert.True(c.EvidenceDueAt is null || c.EvidenceDueAt > Now, $"{c.ComplaintNo}: its deadline would have passed it on");
            var decided = history.Any(h => h.To == ComplaintStatus.Decided);
            Assert.Equal(decided, c is { Outcome: not null, Reasoning: not null, DecidedBy: not null, DecidedAt: not null });
            Assert.Equal(c.Outcome == ArbitrationOutcome.Partial, c.AwardBasisPoints is not null);
            var points = rules.PointsFor(c.Category);
            Assert.Equal(c.Outcome switch { ArbitrationOutcome.ForBuyer => points, ArbitrationOutcome.Partial => (points + 1) / 2, _ => 0 }, c.PenaltyPoints);
            Assert.True(c.OpenedAt < Now && c.UpdatedAt < Now);
        });
        Assert.Equal(all.Count, all.Select(c => c.ComplaintNo).Distinct().Count());
        // Open lasts minutes to hours before the merchant is asked: only a complaint of the last hours would show it.
        Assert.Subset(all.Select(c => c.Status).ToHashSet(), Enum.GetValues<ComplaintStatus>().Except([ComplaintStatus.Open]).ToHashSet());

        foreach (var category in Enum.GetValues<ComplaintCategory>())
        {
            Assert.Contains(all, c => c.Category == category);
        }
    }

    [Fact]
    public async Task Generate_LeavesNoChangeFeedBehind_AndTheRowsLoadThroughTheModel()
    {
        await using var db = Database.CreateContext();
        Assert.Equal(0, await db.CaseChanges.CountAsync());
        var refund = await db.Refunds.AsNoTracking().Include(r => r.Lines).FirstAsync(r => r.Status == RefundStatus.Succeeded);
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).SingleAsync(o => o.Id == refund.OrderId);
        var line = order.Lines.Single(l => l.Id == refund.Lines.Single().OrderLineId);
        Assert.True(refund.LinesMinor <= line.PaidAmount(order.Currency).Minor);
        Assert.InRange(order.Refundable.Minor, 0, order.PaidMinor - refund.AmountMinor);
    }

    [Fact]
    public async Task Generate_WithTheSameSeed_WritesTheSameRefundsComplaintsAndRatings_AndWithAnotherOtherOnes()
    {
        using var same = new TestDatabase();
        using var other = new TestDatabase();
        await GenerateAsync(same, 7);
        await GenerateAsync(other, 8);

        foreach (var sql in Fingerprints)
        {
            Assert.Equal(await Database.ScalarAsync(sql), await same.ScalarAsync(sql));
        }

        Assert.NotEqual(await Database.ScalarAsync(Fingerprints[0]), await other.ScalarAsync(Fingerprints[0]));
    }

    private static readonly string[] Fingerprints =
    [
        "SELECT SUM(Id * 31 + CaseId * 7 + AmountMinor + DeductionMinor * 3 + ShippingMinor * 5 + ProposedAt % 1000003 + IFNULL(ExecutedAt % 999983, 0) "
            + "+ length(Status) * 11 + length(ProposedBy) + unicode(substr(IdempotencyKey, 4, 1)) + unicode(substr(Version, 1, 1))) FROM Refunds",
        "SELECT SUM(RefundId * 3 + length(ApproverId) + At % 1000003) FROM RefundApprovals",
        "SELECT SUM(Id * 17 + OrderId + IFNULL(CaseId, 0) * 5 + OpenedAt % 1000003 + UpdatedAt % 999983 + length(Status) * 7 + length(Category) "
            + "+ length(Summary) + PenaltyPoints * 13 + IFNULL(RefundId, 0) + IFNULL(EvidenceDueAt % 1000033, 0)) FROM Complaints",
        "SELECT SUM(ComplaintId * 3 + length(\"To\") + length(Note) + At % 1000003) FROM ComplaintEvents",
        "SELECT SUM(Id * 13 + CaseId + Stars * 101 + RatedAt % 1000003 + length(Comment)) FROM CaseRatings",
        "SELECT SUM(RatingId * 7 + length(Status) + DueAt % 1000003 + IFNULL(DoneAt % 999983, 0) + IFNULL(length(Outcome), 0)) FROM FollowUps",
        "SELECT SUM(Id * RefundCommittedMinor % 1000003) FROM Orders",
        "SELECT SUM(Id * WasRefunded) FROM AfterSalesCases",
    ];

    private static async Task<CaseGeneratorReport> GenerateAsync(TestDatabase database, int seed)
    {
        await OrderDataGenerator.GenerateAsync(DatabaseProvider.Sqlite, database.ConnectionString, Orders with { Seed = seed });
        return await CaseDataGenerator.GenerateAsync(DatabaseProvider.Sqlite, database.ConnectionString, Cases with { Seed = seed });
    }

    /// <summary>One generated database for the whole class: 4,000 orders and 4,000 cases with everything that follows them.</summary>
    public sealed class Generated : IAsyncLifetime
    {
        public TestDatabase Database { get; } = new();

        public CaseGeneratorReport Report { get; private set; } = null!;

        public async Task InitializeAsync() => Report = await GenerateAsync(Database, 7);

        public Task DisposeAsync()
        {
            Database.Dispose();
            return Task.CompletedTask;
        }
    }
}
