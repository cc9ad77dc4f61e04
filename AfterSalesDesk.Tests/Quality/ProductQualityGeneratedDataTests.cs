using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Orders;
using AfterSalesDesk.Data.Providers;
using AfterSalesDesk.Data.Refunds;
using AfterSalesDesk.Data.Seeding;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Dashboard;
using AfterSalesDesk.Web.Features.Quality;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSalesDesk.Tests.Quality;

/// <summary>
/// The product rollups' SQL (one text for every provider) over generated data, the kind the 1,000,000-order benchmark
/// loads, on SQLite and on PostgreSQL: each product's figures as the service reads them equal the same figures counted
/// here from the base tables with LINQ, over a week, a month and more than a year.
/// </summary>
public class ProductQualityGeneratedDataTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Load_OverGeneratedData_EqualsTheBaseTables(DatabaseProvider provider)
    {
        using var app = new AppFactory(provider: provider, settings: new Dictionary<string, string?> { ["Demo:Enabled"] = "false" });
        var now = app.Clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        string connectionString;
        await using (var db = app.CreateDbContext())
        {
            connectionString = db.Database.GetConnectionString()!;
        }

        await OrderDataGenerator.GenerateAsync(provider, connectionString, new GeneratorOptions
        {
            Orders = 3_000, Seed = 7, NewMerchants = 6, ProductsPerMerchant = 5, Start = now.AddDays(-390), End = now.AddHours(-6), BatchSize = 1_000,
        });
        await CaseDataGenerator.GenerateAsync(provider, connectionString, new CaseGeneratorOptions
        {
            Cases = 2_000, Seed = 7, Now = now, Assignees = [("a1", "agent1@bench.local")], BatchSize = 1_000,
        });
        await app.Services.GetRequiredService<DashboardRollups>().RebuildAllAsync();
        var manager = QueueBenchmark.Principal("test-manager", Roles.Manager);

        foreach (var days in new[] { 7, 30, 400 })
        {
            var query = new DashboardQuery(today.AddDays(1 - days), today);
            var rows = (await app.Get<ProductQualityService>().LoadAsync(manager, query))!.Products;
            await using var db = app.CreateDbContext();
            var expected = await DirectAsync(db, query.Start, query.End);

            Assert.Equal(expected.Keys.Order(), rows.Select(r => r.ProductId).Order());
            foreach (var row in rows)
            {
                var e = expected[row.ProductId];
                Assert.True((e.Orders, e.Cases, e.GoodsBack, e.Refunds, e.Ratings, e.Stars) == (row.Orders, row.Cases, row.Returned, row.Refunded, row.Ratings, row.RatingStars),
                    $"{days} days, product {row.ProductId}: expected {e}, read {(row.Orders, row.Cases, row.Returned, row.Refunded, row.Ratings, row.RatingStars)}");
                Assert.Equal(e.TopReasons, row.TopReasons);
            }

            if (days == 400)
            {
                // Over every day of the data the comparison covers every kind of event.
                Assert.True(rows.Sum(r => r.Orders) == await db.Set<OrderLine>().LongCountAsync() && rows.Sum(r => r.Cases) >= 2_000, "not every event counted");
                Assert.True(rows.Sum(r => r.Refunded) > 50 && rows.Sum(r => r.Ratings) > 200 && rows.Sum(r => r.Returned) > 500,
                    $"{rows.Sum(r => r.Refunded)} refunds, {rows.Sum(r => r.Ratings)} ratings, {rows.Sum(r => r.Returned)} returns");
            }
        }
    }

    private sealed record Direct(long Orders, long Cases, long GoodsBack, long Refunds, long Ratings, long Stars, List<ReasonCount> TopReasons);

    /// <summary>The figures of <see cref="ProductQualityService"/> counted from the base tables, each event on its own day, once per product.</summary>
    private static async Task<Dictionary<int, Direct>> DirectAsync(AppDbContext db, DateTimeOffset start, DateTimeOffset end)
    {
        var lines = db.Set<OrderLine>();
        var orders = await db.Orders.Where(o => o.CreatedAt >= start && o.CreatedAt < end).SelectMany(o => o.Lines).Select(l => l.ProductId).ToListAsync();
        var cases = (await (from c in db.Cases
                            where c.CreatedAt >= start && c.CreatedAt < end
                            from cl in c.Lines
                            join l in lines on cl.OrderLineId equals l.Id
                            select new { c.Id, l.ProductId, c.Kind, c.Reason }).ToListAsync()).Distinct().ToList();
        var refunds = (await (from r in db.Refunds
                              where r.Status == RefundStatus.Succeeded && r.ExecutedAt >= start && r.ExecutedAt < end
                              from rl in r.Lines
                              join l in lines on rl.OrderLineId equals l.Id
                              select new { r.Id, l.ProductId }).ToListAsync()).Distinct().ToList();
        var ratings = (await (from g in db.CaseRatings
                              where g.RatedAt >= start && g.RatedAt < end
                              join cl in db.CaseLines on g.CaseId equals cl.CaseId
                              join l in lines on cl.OrderLineId equals l.Id
                              select new { g.Id, l.ProductId, g.Stars }).ToListAsync()).Distinct().ToList();
        return orders.Concat(cases.Select(c => c.ProductId)).Concat(refunds.Select(r => r.ProductId)).Concat(ratings.Select(r => r.ProductId)).Distinct()
            .ToDictionary(p => p, p =>
            {
                var own = cases.Where(c => c.ProductId == p).ToList();
                return new Direct(
                    orders.Count(o => o == p), own.Count, own.Count(c => CaseTransitions.GoodsGoBack.Contains(c.Kind)), refunds.Count(r => r.ProductId == p),
                    ratings.Count(r => r.ProductId == p), ratings.Where(r => r.ProductId == p).Sum(r => (long)r.Stars),
                    own.GroupBy(c => c.Reason).Select(g => new ReasonCount(g.Key, g.Count())).OrderByDescending(r => r.Cases).ThenBy(r => r.Reason, StringComparer.Ordinal).Take(3).ToList());
            });
    }
}
