using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Providers;
using AfterSalesDesk.Data.Seeding;
using AfterSalesDesk.Data.Sla;
using AfterSalesDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Seeding;

/// <summary>The benchmark's cases must look like cases the domain made, or the benchmark measures fiction.</summary>
public class CaseDataGeneratorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 15, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Generate_WritesCasesWhoseQueueColumnsCountersAndClocksAgree()
    {
        using var database = new TestDatabase();
        await OrderDataGenerator.GenerateAsync(DatabaseProvider.Sqlite, database.ConnectionString, new GeneratorOptions { Orders = 3_000, Seed = 7, NewMerchants = 6, End = Now });

        var report = await CaseDataGenerator.GenerateAsync(DatabaseProvider.Sqlite, database.ConnectionString, new CaseGeneratorOptions
        {
            Cases = 2_500, Seed = 7, Now = Now, Assignees = [("a1", "agent1"), ("a2", "agent2")], BatchSize = 900,
        });

        await using var db = database.CreateContext();
        Assert.Equal(2_500, await db.Cases.CountAsync());
        Assert.Equal(report.Open, await db.Cases.CountAsync(c => c.IsOpen));
        Assert.InRange(report.Open, 100, 2_400);
        var cases = await db.Cases.AsNoTracking().Include(c => c.Deadlines).Include(c => c.Lines).AsSplitQuery().ToListAsync();
        Assert.All(cases, c =>
        {
            Assert.Equal(!CaseTransitions.IsTerminal(c.Status), c.IsOpen);
            Assert.NotNull(CaseTransitions.ShortestPath(c.Kind, c.Status));
            Assert.Single(c.Lines);
            var running = c.Deadlines.Where(d => d.State == DeadlineState.Running).ToList();
            Assert.Equal(running.Count == 0 ? null : running.Min(d => d.DueAt), c.SlaDueAt);
            Assert.Equal(running.Count == 0 ? null : running.Min(d => d.AtRiskAt), c.SlaAttentionAt);
            Assert.Equal(running.Select(d => d.Kind).Distinct().Count(), running.Count);
            if (SlaPolicyRuns(c.Status) is { } party)
            {
                Assert.Contains(running, d => d.Kind == party);
            }
        });

        var buckets = await db.CaseCounts.AsNoTracking().ToListAsync();
        var direct = cases.GroupBy(c => (c.MerchantId, c.AssigneeId ?? "", c.Status.ToString())).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(direct.OrderBy(d => d.Key).ToList(),
            buckets.Where(b => b.Count > 0).ToDictionary(b => (b.MerchantId, b.AssigneeId, b.Status), b => b.Count).OrderBy(d => d.Key).ToList());
        Assert.Equal(0, await db.CaseChanges.CountAsync());
        Assert.Contains(cases, c => c.AssigneeId == "a1");
        Assert.Contains(cases, c => c.AssigneeId is null);
    }

    [Fact]
    public async Task Generate_RefusesADatabaseThatHasCases_OrNoOrders()
    {
        using var database = new TestDatabase();

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            CaseDataGenerator.GenerateAsync(DatabaseProvider.Sqlite, database.ConnectionString, new CaseGeneratorOptions { Cases = 10, Now = Now }));
    }

    private static DeadlineKind? SlaPolicyRuns(CaseStatus status) =>
        Enum.GetValues<DeadlineKind>().Cast<DeadlineKind?>().FirstOrDefault(k => SlaPolicy.RunsWhile(k!.Value) == status);
}
