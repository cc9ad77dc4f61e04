using System.Diagnostics;
using System.Globalization;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Web.Features.Dashboard;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Web.Infrastructure;

/// <summary>
/// <c>benchmark-dashboard [--runs R] [--direct-runs D]</c>: rebuilds the dashboard's rollups (timed), then
/// times a dashboard load (server time: every query and the assembly of the figures, no rendering) for the
/// 30 and the 365 days up to the last day with orders, all merchants and the busiest merchant, R runs each after a warm-up;
/// and, in the same run, the same figures computed from the base tables without rollups (D runs) as the
/// baseline, with the ratio of the medians.
/// </summary>
internal static class DashboardBenchmark
{
    /// <param name="rebuild">False (<c>--keep-rollups</c>) skips the full rebuild when rollups exist, for a second run.</param>
    public static async Task<int> RunAsync(IServiceProvider provider, int runs, int directRuns, bool rebuild)
    {
        var contexts = provider.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var rollups = provider.GetRequiredService<DashboardRollups>();
        var dashboard = provider.GetRequiredService<DashboardService>();
        long cases, orders;
        int busiest;
        DateTimeOffset lastOrder;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            cases = await db.Cases.LongCountAsync();
            orders = await db.Orders.LongCountAsync();
            if (cases == 0)
            {
                await Console.Error.WriteLineAsync("The database has no cases: run generate-data --orders N --cases C first.");
                return 1;
            }

            busiest = await db.Cases.GroupBy(c => c.MerchantId).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstAsync();
            lastOrder = await db.Orders.OrderByDescending(o => o.CreatedAt).Select(o => o.CreatedAt).FirstAsync();
        }

        await Console.Out.WriteLineAsync($"{cases:N0} cases, {orders:N0} orders; {runs} runs per rollup line, {directRuns} per baseline line, after one warm-up.");
        if (rebuild || await rollups.IsEmptyAsync())
        {
            await Console.Out.WriteLineAsync($"full rebuild: {await rollups.RebuildAllAsync()}");
        }

        var refresh = await rollups.RefreshRecentAsync();
        await Console.Out.WriteLineAsync($"refresh of today and yesterday: {refresh}");

        // Generated data stops some days before the day it was made, so today may have no events: the
        // worker's refresh is also timed on the two last days with orders, and the periods end there.
        var lastDay = DashboardRollups.StartOfDay(lastOrder);
        var busy = await rollups.RebuildAsync(lastDay.AddDays(-1), lastDay.AddDays(1));
        await Console.Out.WriteLineAsync($"refresh of two busy days (what the worker does each pass): {busy}");

        var manager = QueueBenchmark.Principal("bench-manager", Roles.Manager);
        var today = DateOnly.FromDateTime(lastDay.UtcDateTime);
        await Console.Out.WriteLineAsync($"periods end on {today:yyyy-MM-dd}, the last day with orders");

        foreach (var (label, days) in new[] { ("30 days", 30), ("365 days", 365) })
        {
            foreach (var (scope, merchantId) in new[] { ("all merchants", (int?)null), ($"merchant {busiest}", busiest) })
            {
                var query = new DashboardQuery(today.AddDays(1 - days), today, merchantId);
                var fast = await BenchmarkRuns.MeasureAsync($"dashboard, {label}, {scope} (rollups)", runs, () => dashboard.LoadAsync(manager, query));
                var slow = await BenchmarkRuns.MeasureAsync($"dashboard, {label}, {scope} (base tables)", directRuns, () => dashboard.ComputeDirectAsync(manager, query));
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{"",-58} baseline / rollups: {slow.Median / fast.Median:F0}×"));
            }
        }

        return 0;
    }
}

/// <summary>Server time of one action, measured the same way by every benchmark command that uses it.</summary>
internal static class BenchmarkRuns
{
    /// <summary>One warm-up, then <paramref name="count"/> timed runs; prints and returns the median and the 95th percentile (nearest rank), in ms.</summary>
    public static async Task<(double Median, double P95)> MeasureAsync(string name, int count, Func<Task> action)
    {
        await action();
        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            var watch = Stopwatch.StartNew();
            await action();
            times[i] = watch.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        var result = (times[count / 2], times[Math.Min(count - 1, (int)Math.Ceiling(count * 0.95) - 1)]);
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{name,-58} median {result.Item1,9:F1} ms   p95 {result.Item2,9:F1} ms"));
        return result;
    }
}
