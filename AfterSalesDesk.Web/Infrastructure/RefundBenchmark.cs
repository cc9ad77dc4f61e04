using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Web.Features.Cases;
using AfterSalesDesk.Web.Features.Refunds;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Web.Infrastructure;

/// <summary>
/// <c>benchmark-refunds [--refunds N] [--parallel P]</c>: on a generated database, proposes N refunds
/// (one per case awaiting a refund; configure the limits so that each needs one approval), then
/// approves them all from P concurrent callers through <see cref="RefundService"/>, as pages would, and
/// reports throughput, latency percentiles and every failure by message ("database is locked" would
/// show here). The proposals are timed the same way.
/// </summary>
internal static class RefundBenchmark
{
    public static async Task<int> RunAsync(IServiceProvider provider, int count, int parallel)
    {
        var contexts = provider.GetRequiredService<IDbContextFactory<AppDbContext>>();
        List<(long Id, long OrderLineId, int Quantity)> cases;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            cases = (await db.Cases.Where(c => c.Status == CaseStatus.AwaitingRefund && !db.Refunds.Any(r => r.CaseId == c.Id))
                    .Select(c => new { c.Id, Line = c.Lines.Select(l => new { l.OrderLineId, l.Quantity }).First() })
                    .Take(count).ToListAsync())
                .Select(c => (c.Id, c.Line.OrderLineId, c.Line.Quantity)).ToList();
        }

        if (cases.Count == 0)
        {
            await Console.Error.WriteLineAsync("No case awaits a refund: run generate-data --orders N --cases C first.");
            return 1;
        }

        var agents = Enumerable.Range(1, 4).Select(i => QueueBenchmark.Principal($"bench-agent-{i}", Roles.Agent)).ToArray();
        var supervisors = Enumerable.Range(1, 4).Select(i => QueueBenchmark.Principal($"bench-supervisor-{i}", Roles.Supervisor)).ToArray();
        await Console.Out.WriteLineAsync($"{cases.Count:N0} cases awaiting a refund; {parallel} concurrent callers.");

        var refundIds = new ConcurrentBag<long>();
        await TimeAsync("propose (cold start included)", cases.Count, parallel, async i =>
        {
            await using var scope = provider.CreateAsyncScope();
            var (caseId, lineId, quantity) = cases[i];
            var result = await scope.ServiceProvider.GetRequiredService<RefundService>().ProposeAsync(agents[i % agents.Length], caseId,
                new RefundInput { Lines = [new RequestedLine { OrderLineId = lineId, Quantity = quantity }] });
            if (result.RefundId is { } id)
            {
                refundIds.Add(id);
            }

            return result.Result;
        });

        // Warm-up outside the figures: the first approvals pay for JIT compilation and cold caches.
        var ids = refundIds.ToArray();
        foreach (var id in ids.Take(10))
        {
            await using var scope = provider.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<RefundService>().ApproveAsync(supervisors[0], id);
        }

        ids = ids.Skip(10).ToArray();
        await TimeAsync("approve", ids.Length, parallel, async i =>
        {
            await using var scope = provider.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<RefundService>().ApproveAsync(supervisors[i % supervisors.Length], ids[i]);
        });
        return 0;
    }

    private static async Task TimeAsync(string name, int count, int parallel, Func<int, Task<Result>> call)
    {
        var latencies = new double[count];
        var failures = new ConcurrentDictionary<string, int>();
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                var one = Stopwatch.StartNew();
                try
                {
                    var result = await call(i);
                    if (!result.Succeeded)
                    {
                        failures.AddOrUpdate(result.Error ?? result.Status.ToString(), 1, (_, n) => n + 1);
                    }
                }
                catch (Exception ex)
                {
                    failures.AddOrUpdate($"{ex.GetType().Name}: {ex.Message}", 1, (_, n) => n + 1);
                }

                latencies[i] = one.Elapsed.TotalMilliseconds;
            }
        })));
        var seconds = watch.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        double P(double q) => latencies[Math.Min(count - 1, (int)Math.Ceiling(count * q) - 1)];
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {count:N0} in {seconds:F2} s = {count / seconds:F0}/s; latency median {P(0.5):F1} ms, p95 {P(0.95):F1} ms, p99 {P(0.99):F1} ms, max {latencies[^1]:F1} ms"));
        foreach (var (message, times) in failures)
        {
            await Console.Out.WriteLineAsync($"  refused {times}×: {message}");
        }
    }
}
