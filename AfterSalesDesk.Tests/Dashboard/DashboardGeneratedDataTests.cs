using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Providers;
using AfterSalesDesk.Data.Seeding;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Dashboard;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSalesDesk.Tests.Dashboard;

/// <summary>
/// The dashboard's rollups over a generated database, the kind the 1,000,000-case benchmark loads: orders,
/// cases, and what the generator writes after them (paid and other refunds, disputes, complaints, ratings),
/// compared figure by figure with the same figures computed straight from the base tables.
/// </summary>
public class DashboardGeneratedDataTests
{
    [Fact]
    public async Task Load_OverGeneratedData_EqualsTheBaseTables_WithRefundsComplaintsAndRatings()
    {
        using var app = new AppFactory(environment: "Production");
        var now = app.Clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var connectionString = app.Services.GetRequiredService<AppPaths>().ConnectionString;
        await OrderDataGenerator.GenerateAsync(DatabaseProvider.Sqlite, connectionString, new GeneratorOptions
        {
            Orders = 3_000, Seed = 11, NewMerchants = 4, Start = now.AddDays(-390), End = now.AddHours(-6), BatchSize = 1_000,
        });
        var generated = await CaseDataGenerator.GenerateAsync(DatabaseProvider.Sqlite, connectionString, new CaseGeneratorOptions
        {
            Cases = 3_000, Seed = 11, Now = now, Assignees = [("a1", "agent1@bench.local"), ("a2", "agent2@bench.local")], BatchSize = 1_000,
        });
        await app.Services.GetRequiredService<DashboardRollups>().RebuildAllAsync();
        var dashboard = app.Get<DashboardService>();
        var manager = QueueBenchmark.Principal("test-manager", Roles.Manager);

        var merchantIds = (await dashboard.MerchantsAsync(manager)).Select(m => (int?)m.Id).Prepend(null).ToList();
        foreach (var days in new[] { 7, 30, 400 })
        {
            foreach (var merchantId in merchantIds)
            {
                var query = new DashboardQuery(today.AddDays(1 - days), today, merchantId);
                DashboardServiceTests.AssertSameFigures(
                    (await dashboard.ComputeDirectAsync(manager, query))!, (await dashboard.LoadAsync(manager, query))!, $"{days} days, merchant {merchantId?.ToString() ?? "all"}");
            }
        }

        await using (var db = app.CreateDbContext())
        {
            var buckets = await DashboardServiceTests.AssertHistogramsBucketAsOfAsync(db);
            Assert.True(buckets > 30, $"the generated durations fill only {buckets} buckets");
        }

        // Orders start 390 days ago: every refund paid, complaint opened and rating given lies in the 400 days, so their totals are the generator's counts.
        var totals = (await dashboard.LoadAsync(manager, new DashboardQuery(today.AddDays(-399), today)))!;
        Assert.Equal((generated.Outcomes.PaidRefunds, generated.Outcomes.Complaints, generated.Outcomes.Ratings), (totals.Totals.Refunds, totals.Totals.Complaints, totals.Totals.Ratings));
        Assert.True(totals.Totals is { Refunds: > 100, RefundMinor: > 0, Complaints: > 50, Ratings: > 500, Stars1: > 0, Stars5: > 0 }, totals.Totals.ToString());
        Assert.True(totals.ByReason.Count > 1 && totals.ByMerchant.Count == 4, $"{totals.ByReason.Count} reasons, {totals.ByMerchant.Count} merchants");
    }
}
