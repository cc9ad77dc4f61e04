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
/// last 30 days and the last 365 days, all merchants and the busiest merchant, R runs each after a warm-up;
/// and, in the same run, the same figures computed from the base tables without rollups (D runs) as the
/// baseline, with the ratio of the medians.
/// </summary>
internal static class DashboardBenchmark
{
    public static async Task<int> RunAsync(IServiceProvider provider, int runs, int directRuns)
    {
        var contexts = provider.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var rollups = provider.GetRequiredService<DashboardRollups>();
        var dashboard = provider.GetRequiredService<DashboardService>();
        long cases, orders;
        int busiest;
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
        }

        await Console.Out.WriteLineAsync($"{cases:N0} cases, {orders:N0} orders; {runs} runs per rollup line, {directRuns} per baseline line, after one warm-up.");
        var rebuild = await rollups.RebuildAllAsync();
        await Console.Out.WriteLineAsync($"full rebuild: {rebuild}");
        var refresh = await rollups.RefreshRecentAsync();
        await Console.Out.WriteLineAsync($"refresh of today and yesterday: {refresh}");

        var manager = QueueBenchmark.Principal("bench-manager", Roles.Manager);
        var today = DateOnly.FromDateTime(provider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);

        async Task<(double Median, double P95)> Measure(string name, int count, Func<Task> action)
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

        foreach (var (label, days) in new[] { ("last 30 days", 30), ("last 365 days", 365) })
        {
            foreach (var (scope, merchantId) in new[] { ("all merchants", (int?)null), ($"merchant {busiest}", busiest) })
            {
                var query = new DashboardQuery(today.AddDays(1 - days), today, merchantId);
                var fast = await Measure($"dashboard, {label}, {scope} (rollups)", runs, () => dashboard.LoadAsync(manager, query));
                var slow = await Measure($"dashboard, {label}, {scope} (base tables)", directRuns, () => dashboard.ComputeDirectAsync(manager, query));
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{"",-58} baseline / rollups: {slow.Median / fast.Median:F0}×"));
            }
        }

        return 0;
    }
}
