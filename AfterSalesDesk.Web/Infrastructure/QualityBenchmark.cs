using System.Globalization;
using System.Security.Claims;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Web.Components.Account;
using AfterSalesDesk.Web.Features.Dashboard;
using AfterSalesDesk.Web.Features.Quality;
using AfterSalesDesk.Web.Features.Queues;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Web.Infrastructure;

/// <summary>
/// <c>benchmark-quality [--runs R]</c>: the dashboard's product quality (decision 0027) on a generated database. Builds the
/// rollups if they are empty or lack the product rows (timed), times the worker's refresh of two busy days, then the
/// server time of the section's load (the service: its queries and the flag's statistics, no rendering) for the 30 and
/// 365 days up to the last day with orders, as a manager for every store and as the busiest store's merchant, and the
/// cases list a product links to (its first page with the capped count), R runs each after a warm-up.
/// </summary>
internal static class QualityBenchmark
{
    public static async Task<int> RunAsync(IServiceProvider provider, int runs)
    {
        var contexts = provider.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var rollups = provider.GetRequiredService<DashboardRollups>();
        long cases, orders, lines;
        int busiest;
        DateTimeOffset lastOrder;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            cases = await db.Cases.LongCountAsync();
            orders = await db.Orders.LongCountAsync();
            lines = await db.Set<Data.Orders.OrderLine>().LongCountAsync();
            if (cases == 0)
            {
                await Console.Error.WriteLineAsync("The database has no cases: run generate-data --orders N --cases C first.");
                return 1;
            }

            busiest = await db.Cases.GroupBy(c => c.MerchantId).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstAsync();
            lastOrder = await db.Orders.OrderByDescending(o => o.CreatedAt).Select(o => o.CreatedAt).FirstAsync();
        }

        await Console.Out.WriteLineAsync($"{orders:N0} orders ({lines:N0} lines), {cases:N0} cases; {runs} runs per line after one warm-up.");
        if (await rollups.IsEmptyAsync())
        {
            await Console.Out.WriteLineAsync($"full rebuild of every rollup (the product rows were missing): {await rollups.RebuildAllAsync()}");
        }

        var lastDay = DashboardRollups.StartOfDay(lastOrder);
        await Console.Out.WriteLineAsync($"refresh of two busy days, every rollup (what the worker does each pass): {await rollups.RebuildAsync(lastDay.AddDays(-1), lastDay.AddDays(1))}");
        await using (var db = await contexts.CreateDbContextAsync())
        {
            await Console.Out.WriteLineAsync($"product rollup rows: {await db.DailyProductStats.LongCountAsync():N0}");
        }

        var manager = QueueBenchmark.Principal("bench-manager", Roles.Manager);
        var merchant = new ClaimsPrincipal(new ClaimsIdentity(
            [.. QueueBenchmark.Principal("bench-merchant", Roles.Merchant).Claims, new Claim(SessionClaims.MerchantId, busiest.ToString(CultureInfo.InvariantCulture))], "benchmark"));
        var today = DateOnly.FromDateTime(lastDay.UtcDateTime);
        await Console.Out.WriteLineAsync($"periods end on {today:yyyy-MM-dd}, the last day with orders; busiest store {busiest}");

        await using var services = provider.CreateAsyncScope();
        var quality = services.ServiceProvider.GetRequiredService<ProductQualityService>();
        var queues = services.ServiceProvider.GetRequiredService<CaseQueueService>();
        foreach (var days in new[] { 30, 365 })
        {
            var query = new DashboardQuery(today.AddDays(1 - days), today);
            await BenchmarkRuns.MeasureAsync($"product quality, {days} days, every store (manager)", runs, () => quality.LoadAsync(manager, query));
            await BenchmarkRuns.MeasureAsync($"product quality, {days} days, store {busiest} (its merchant)", runs, () => quality.LoadAsync(merchant, query));
            var all = (await quality.LoadAsync(manager, query))!;
            var own = (await quality.LoadAsync(merchant, query))!;
            await Console.Out.WriteLineAsync($"{"",-58} {all.Products.Count:N0} products, {all.Products.Count(p => p.Flagged)} flagged; the store's {own.Products.Count:N0}");
            var top = all.Products.OrderByDescending(p => p.Cases).First();
            var list = new QueueQuery { ProductId = top.ProductId, CreatedFrom = query.From, CreatedTo = query.To };
            await BenchmarkRuns.MeasureAsync($"cases of its busiest product ({top.Cases:N0}), {days} days", runs, () => queues.PageAsync(manager, list));
            var page = (await queues.PageAsync(manager, list))!;
            await Console.Out.WriteLineAsync($"{"",-58} {(page.MatchesCapped ? "more than " : "")}{page.Matches:N0} listed");
        }

        var any = (await quality.LoadAsync(manager, new DashboardQuery(today.AddDays(-29), today)))!.Products.OrderByDescending(p => p.Cases).First();
        await BenchmarkRuns.MeasureAsync("cases of that product, every day", runs, () => queues.PageAsync(manager, new QueueQuery { ProductId = any.ProductId }));
        return 0;
    }
}
