using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Web.Features.Cases;
using AfterSalesDesk.Web.Features.Queues;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Web.Infrastructure;

/// <summary>
/// <c>benchmark-queues</c>: times the queue services as a page calls them (server time: query and
/// materialisation, no rendering), on whatever database the configuration points at, normally one
/// made by <c>generate-data --orders N --cases C</c>. Each measurement runs R times after one warm-up;
/// it prints medians and 95th percentiles, and, as the baseline measured in the same run, the OFFSET
/// page and full COUNT that keyset paging and the counters replace.
/// </summary>
internal static class QueueBenchmark
{
    private const int PageSize = 25;

    public static async Task<int> RunAsync(IServiceProvider provider, int runs)
    {
        var contexts = provider.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var queues = provider.GetRequiredService<CaseQueueService>();
        var cases = provider.GetRequiredService<CaseService>();
        long total;
        string agentId;
        long deepKeyUpdated, deepId;
        List<long> sampleIds;
        string sampleOrderNo;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            total = await db.Cases.LongCountAsync();
            if (total == 0)
            {
                await Console.Error.WriteLineAsync("The database has no cases: run generate-data --orders N --cases C first.");
                return 1;
            }

            agentId = await db.Cases.Where(c => c.AssigneeId != null).GroupBy(c => c.AssigneeId).OrderByDescending(g => g.Count()).Select(g => g.Key!).FirstAsync();
            var deep = await db.Cases.OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id).Skip((int)(total / 2)).Select(c => new { c.UpdatedAt, c.Id }).FirstAsync();
            (deepKeyUpdated, deepId) = (deep.UpdatedAt.UtcTicks, deep.Id);
            var random = new Random(7);
            sampleIds = Enumerable.Range(0, runs).Select(_ => 1 + random.NextInt64(total)).ToList();
            sampleOrderNo = await db.Cases.Where(c => c.Id == sampleIds[0]).Select(c => c.Order!.OrderNo).SingleAsync();
        }

        var agent = Principal(agentId, Roles.Agent);
        var supervisor = Principal("bench-supervisor", Roles.Supervisor);
        var results = new List<(string Name, double Median, double P95)>();

        async Task Measure(string name, Func<int, Task> action)
        {
            await action(0);
            var times = new double[runs];
            for (var i = 0; i < runs; i++)
            {
                var watch = Stopwatch.StartNew();
                await action(i);
                times[i] = watch.Elapsed.TotalMilliseconds;
            }

            Array.Sort(times);
            var result = (name, times[runs / 2], times[Math.Min(runs - 1, (int)Math.Ceiling(runs * 0.95) - 1)]);
            results.Add(result);
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{name,-58} median {result.Item2,8:F2} ms   p95 {result.Item3,8:F2} ms"));
        }

        await Console.Out.WriteLineAsync($"{total:N0} cases; {runs} runs per line after one warm-up; page size {PageSize}.");
        await Measure("counts: all six queues (agent)", _ => queues.CountsAsync(agent));
        foreach (var queue in Enum.GetValues<Queue>())
        {
            var user = queue == Queue.Mine ? agent : supervisor;
            var sort = queue == Queue.AtRisk ? QueueSort.DueSoonest : QueueSort.UpdatedNewest;
            await Measure($"page 1: {queue}", _ => queues.PageAsync(user, new QueueQuery { Queue = queue, Sort = sort, Take = PageSize }));
            var first = await queues.PageAsync(user, new QueueQuery { Queue = queue, Sort = sort, Take = PageSize });
            await Measure($"page 2 (next): {queue}", _ => queues.PageAsync(user, new QueueQuery { Queue = queue, Sort = sort, After = first!.LastRow, Take = PageSize }));
            await Measure($"last page: {queue}", _ => queues.PageAsync(user, new QueueQuery { Queue = queue, Sort = sort, Last = true, Take = PageSize }));
        }

        var middle = new QueueCursor(deepKeyUpdated, deepId);
        await Measure($"page at depth {total / 2:N0} (keyset): All", _ => queues.PageAsync(supervisor, new QueueQuery { After = middle, Take = PageSize }));
        await Measure("page 1: All, sorted by created (oldest)", _ => queues.PageAsync(supervisor, new QueueQuery { Sort = QueueSort.CreatedOldest, Take = PageSize }));
        await Measure("page 1: All, filter kind + priority", _ => queues.PageAsync(supervisor, new QueueQuery { Kind = CaseKind.Exchange, Priority = CasePriority.High, Take = PageSize }));
        await Measure("page 1: Unassigned, filter kind + status", _ => queues.PageAsync(supervisor, new QueueQuery { Queue = Queue.Unassigned, Kind = CaseKind.ReturnAndRefund, Status = CaseStatus.AwaitingReturnShipment, Take = PageSize }));
        await Measure("page 1: All, created in one week", _ => queues.PageAsync(supervisor, new QueueQuery
        {
            CreatedFrom = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-60)), CreatedTo = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-53)), Take = PageSize,
        }));
        await Measure("page 1: All, text = an order number", _ => queues.PageAsync(supervisor, new QueueQuery { Text = sampleOrderNo, Take = PageSize }));
        await Measure("case page (random case)", i => cases.GetAsync(supervisor, sampleIds[i]));

        // Baseline: what the list did before (OFFSET and a full COUNT per request).
        var offset = (int)(total / 2);
        await using (var db = await contexts.CreateDbContextAsync())
        {
            await Measure($"baseline: OFFSET {offset:N0} page: All", _ => db.Cases.AsNoTracking().OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id)
                .Skip(offset).Take(PageSize).Select(c => c.Id).ToListAsync());
            await Measure("baseline: full COUNT of cases", _ => db.Cases.AsNoTracking().CountAsync());
        }

        return 0;
    }

    /// <summary>A signed-in user as the services see one, for benchmarks that call them directly.</summary>
    internal static ClaimsPrincipal Principal(string id, string role) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, $"{id}@bench.local"), new Claim(ClaimTypes.Role, role)], "benchmark"));
}
