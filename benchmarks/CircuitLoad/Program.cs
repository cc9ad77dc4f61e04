using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CircuitLoad;
using Microsoft.Playwright;

// UI capacity benchmark (docs/benchmarks.md): on a running app, hold N logged-in queue-page circuits and measure
// the server's managed heap per circuit and the round trip of a click, at each level given.
//
//   CircuitLoad --base http://127.0.0.1:5400/ --pid 1234 --repo /path/to/repo --out dir --label after
//               [--levels 100,300,1000] [--clicks 40 or one count per level: 40,40,10] [--agents agent1@demo.local,agent2@demo.local]
//               [--password Demo-Pass-2026] [--chromium /usr/bin/chromium] [--idle dotnet|browser]
//               [--renderer-limit 8] [--open-parallel 8] [--gcdump-max 300 (above: a full GC without the heap walk)]
//
// One Chromium page (agent1) clicks; every other circuit is idle: a .NET client speaking the Blazor hub protocol
// (--idle dotnet, the default) or more Chromium pages of the same browser (--idle browser, to compare).
var options = Options.Parse(args);
ThreadPool.SetMinThreads(64, 64);
Directory.CreateDirectory(options.Out);
var baseUri = new Uri(options.Base);
var probe = new ServerProbe(options.Pid, options.Repository, options.Out);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromMinutes(3) };

var cookies = new List<(string Name, string Value)>();
foreach (var email in options.Agents)
{
    cookies.Add(await Login.SessionCookieAsync(baseUri, email, options.Password));
}

Log($"{options.Label}: logged in {string.Join(", ", options.Agents)}; load {ServerProbe.LoadAverage()}");
await using var browser = await Browser.LaunchAsync(options.Chromium, baseUri, cookies[0], options.RendererLimit);

// Warm-up: one page of each kind opened and closed, then the baseline with no circuit.
await using (await BlazorCircuit.OpenAsync(http, baseUri, "queues", Pair(cookies[0]), CancellationToken.None))
{
}

var warm = await browser.OpenQueuesAsync();
await ClosePageAsync(warm);
await Task.Delay(TimeSpan.FromSeconds(5));
var baseline = await probe.MeasureAsync($"{options.Label}-0");
var browserBaseline = browser.MemoryPss();
Log($"0 circuits: live heap {Mb(baseline.LiveBytes)}, heap after GC {Mb(baseline.HeapAfterGc)}, RSS {Mb(baseline.RssBytes)}; Chromium {Mb(browserBaseline)}");

var clicker = await browser.OpenQueuesAsync();
var circuits = new List<BlazorCircuit>();
var pages = new List<IPage>();
var results = new List<LevelResult>();
foreach (var level in options.Levels)
{
    var watch = Stopwatch.StartNew();
    var failedOpens = 0;
    var wanted = level - 1 - (options.IdleInBrowser ? pages.Count : circuits.Count);
    if (options.IdleInBrowser)
    {
        for (var i = 0; i < wanted; i++)
        {
            pages.Add(await browser.OpenQueuesAsync());
        }
    }
    else
    {
        using var gate = new SemaphoreSlim(options.OpenParallel);
        var next = circuits.Count;
        var opening = Enumerable.Range(next, wanted).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var circuit = await BlazorCircuit.OpenAsync(http, baseUri, "queues", Pair(cookies[i % cookies.Count]), CancellationToken.None);
                lock (circuits)
                {
                    circuits.Add(circuit);
                }
            }
            catch (Exception ex)
            {
                Interlocked.Increment(ref failedOpens);
                Log($"open failed: {ex.GetType().Name}: {ex.Message}");
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(opening);
    }

    var held = 1 + (options.IdleInBrowser ? pages.Count : circuits.Count);
    Log($"{held} circuits open ({failedOpens} failed) in {watch.Elapsed.TotalSeconds:0.0} s; load {ServerProbe.LoadAverage()}");
    await SettleAsync(circuits);
    Log($"  settled; {circuits.Count(c => c.Failure is not null)} circuits lost so far; load {ServerProbe.LoadAverage()}");
    var walk = level <= options.GcdumpMax;
    var heap = await probe.MeasureAsync($"{options.Label}-{level}", walk);
    var browserMemory = browser.MemoryPss();
    var lost = circuits.Count(c => c.Failure is not null);
    foreach (var reason in circuits.Where(c => c.Failure is not null).GroupBy(c => c.Failure))
    {
        Log($"  {reason.Count()} circuits lost: {reason.Key}");
    }

    var perCircuit = walk ? (heap.LiveBytes - baseline.LiveBytes) / (double)held : double.NaN;
    var perCircuitAfterGc = (heap.HeapAfterGc - baseline.HeapAfterGc) / (double)held;
    Log($"{held} circuits ({(walk ? "gcdump" : "full GC only")}): live heap {Mb(heap.LiveBytes)} ({perCircuit / 1024:0} KB per circuit), heap after GC {Mb(heap.HeapAfterGc)} " +
        $"({perCircuitAfterGc / 1024:0} KB per circuit), RSS {Mb(heap.RssBytes)}; Chromium {Mb(browserMemory)}; {lost} circuits lost; load {ServerProbe.LoadAverage()}");

    var roundTrips = new List<double>();
    var fanOut = new List<double>();
    var fanOutMax = new List<double>();
    var missed = 0;
    var loads = new List<string> { ServerProbe.LoadAverage() };
    var clicks = options.Clicks[Math.Min(results.Count, options.Clicks.Length - 1)];
    for (var i = 0; i < clicks; i++)
    {
        var live = circuits.Where(c => c.Failure is null).ToList();
        var t0 = Stopwatch.GetTimestamp();
        foreach (var c in live)
        {
            c.Arm(t0);
        }

        var (id, ms) = await Browser.TakeFirstAsync(clicker);
        if (ms >= 0)
        {
            roundTrips.Add(ms);
        }

        // Wait until every idle circuit has had its re-render after the take (the case feed reloads every open
        // queue page), at most 60 s; then a pause, so that clicks do not overlap.
        var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 60);
        while (Stopwatch.GetTimestamp() < deadline && live.Any(c => c.FirstBatchAfterArm == 0))
        {
            await Task.Delay(20);
        }

        var delays = live.Where(c => c.FirstBatchAfterArm != 0).Select(c => Stats.Ms(t0, c.FirstBatchAfterArm)).ToList();
        missed += live.Count - delays.Count;
        fanOut.AddRange(delays);
        if (delays.Count > 0)
        {
            fanOutMax.Add(delays.Max());
        }

        if (i % 10 == 9)
        {
            loads.Add(ServerProbe.LoadAverage());
            Log($"  {i + 1} clicks; last {id} {ms:0} ms; load {ServerProbe.LoadAverage()}");
        }

        await Task.Delay(options.PauseMs);
    }

    loads.Add(ServerProbe.LoadAverage());
    var result = new LevelResult(
        options.Label, level, held, failedOpens, lost, baseline.LiveBytes, heap.LiveBytes, perCircuit, baseline.HeapAfterGc, heap.HeapAfterGc, perCircuitAfterGc,
        baseline.RssBytes, heap.RssBytes, browserBaseline, browserMemory, roundTrips.Count, Stats.Percentile(roundTrips, 50), Stats.Percentile(roundTrips, 95),
        roundTrips.Count > 0 ? roundTrips.Max() : double.NaN, Stats.Percentile(fanOut, 50), Stats.Percentile(fanOut, 95), Stats.Percentile(fanOutMax, 50), missed,
        loads, PerCircuit(baseline, heap, held), roundTrips);
    results.Add(result);
    Log("  per circuit, by type:\n    " + string.Join("\n    ", result.TopTypes.Take(12)));
    Log($"{held} circuits: click round trip median {result.RoundTripMedian:0} ms, p95 {result.RoundTripP95:0} ms ({roundTrips.Count} clicks); " +
        $"others re-rendered after median {result.FanOutMedian:0} ms, p95 {result.FanOutP95:0} ms, all after (median of clicks) {result.FanOutAllMedian:0} ms; {missed} missed; load {string.Join(" | ", loads)}");
    await File.WriteAllTextAsync(Path.Combine(options.Out, $"{options.Label}.json"), JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
}

Log("JS calls answered by the .NET circuits: " + string.Join(", ", BlazorCircuit.JsCalls.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} ×{kv.Value}")));
Log("closing");
await Task.WhenAll(circuits.Select(async c => await c.DisposeAsync()));
foreach (var page in pages.Append(clicker))
{
    await ClosePageAsync(page);
}

Console.WriteLine();
Console.WriteLine("| build | circuits | managed heap: live objects (MB) | per circuit (KB) | heap after full GC (MB) | per circuit (KB) | server RSS (MB) | click p50 (ms) | click p95 (ms) | others re-rendered p50 / p95 (ms) | load (1 min) |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
foreach (var r in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {r.Label} | {r.Circuits:N0} | {r.LiveBytes / 1048576.0:0.0} | {r.LivePerCircuit / 1024:0} | {r.HeapAfterGc / 1048576.0:0.0} | {r.HeapAfterGcPerCircuit / 1024:0} | {r.Rss / 1048576.0:0} | {r.RoundTripMedian:0} | {r.RoundTripP95:0} | {r.FanOutMedian:0} / {r.FanOutP95:0} | {string.Join(" → ", r.Loads.Select(l => l.Split(' ')[0]))} |"));
}

return 0;

// What one circuit adds, by type: (bytes at N − bytes with none) / N, the largest first.
static List<string> PerCircuit(ServerProbe.Heap baseline, ServerProbe.Heap heap, int circuits) =>
    heap.Types
        .Select(t => (Type: t.Key, Bytes: (t.Value.Bytes - baseline.Types.GetValueOrDefault(t.Key).Bytes) / (double)circuits,
            Count: (t.Value.Count - baseline.Types.GetValueOrDefault(t.Key).Count) / (double)circuits))
        .OrderByDescending(t => t.Bytes).Take(20)
        .Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Bytes / 1024,8:0.0} KB {t.Count,8:0.0} objects  {t.Type}")).ToList();

static string Pair((string Name, string Value) cookie) => $"{cookie.Name}={cookie.Value}";

static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.0} MB");

static void Log(string text) => Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {text}");

// A page that navigates away sends Blazor's disconnect beacon, so the server ends the circuit at once instead of
// keeping it as a disconnected circuit for minutes.
static async Task ClosePageAsync(IPage page)
{
    await page.GotoAsync("about:blank");
    await page.CloseAsync();
}

// The pages finished loading: over 2 s, fewer render batches than a tenth of the circuits (idle pages still
// re-render on their 30 s timer and on case changes from the deadline scheduler); at least 5 s, at most 90 s.
static async Task SettleAsync(List<BlazorCircuit> circuits)
{
    await Task.Delay(3000);
    var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 90);
    while (Stopwatch.GetTimestamp() < deadline)
    {
        var before = circuits.Sum(c => c.Batches);
        await Task.Delay(2000);
        if (circuits.Sum(c => c.Batches) - before <= Math.Max(1, circuits.Count / 10))
        {
            return;
        }
    }
}

internal sealed record LevelResult(
    string Label, int Level, int Circuits, int FailedOpens, int Lost, long BaselineLiveBytes, long LiveBytes, double LivePerCircuit, long BaselineHeapAfterGc,
    long HeapAfterGc, double HeapAfterGcPerCircuit, long BaselineRss, long Rss, long BrowserBaselinePss, long BrowserPss, int Clicks, double RoundTripMedian,
    double RoundTripP95, double RoundTripMax, double FanOutMedian, double FanOutP95, double FanOutAllMedian, int FanOutMissed, List<string> Loads, List<string> TopTypes,
    List<double> RoundTrips);

internal sealed record Options(
    string Base, int Pid, string Repository, string Out, string Label, int[] Levels, int[] Clicks, string[] Agents, string Password, string Chromium,
    bool IdleInBrowser, int RendererLimit, int OpenParallel, int PauseMs, int GcdumpMax)
{
    public static Options Parse(string[] args)
    {
        string Get(string name, string? fallback = null)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback ?? throw new ArgumentException($"{name} is required");
        }

        return new Options(
            Get("--base"), int.Parse(Get("--pid"), CultureInfo.InvariantCulture), Get("--repo"), Get("--out"), Get("--label"),
            Get("--levels", "100,300,1000").Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray(),
            Get("--clicks", "40").Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray(),
            Get("--agents", "agent1@demo.local,agent2@demo.local").Split(','), Get("--password", "Demo-Pass-2026"), Get("--chromium", "/usr/bin/chromium"),
            Get("--idle", "dotnet") == "browser", int.Parse(Get("--renderer-limit", "8"), CultureInfo.InvariantCulture),
            int.Parse(Get("--open-parallel", "8"), CultureInfo.InvariantCulture), int.Parse(Get("--pause-ms", "500"), CultureInfo.InvariantCulture),
            int.Parse(Get("--gcdump-max", "300"), CultureInfo.InvariantCulture));
    }
}
