using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace AfterSalesDesk.Web.Infrastructure;

/// <summary>
/// <c>benchmark-api --url URL --secret SECRET [--orders N] [--batch B] [--parallel P]</c>: a load client for the
/// integration API over real HTTP (issue 18). It creates 10 stores with 20 products each and 5,000 buyers through the
/// API, then sends N orders (each placed, paid, shipped and delivered, two lines) in batches of B from P connections at
/// once, and prints orders per second and the batches' latency (docs/benchmarks.md, benchmarks/api.sh). With
/// <c>--cases C --storefront SECRET [--clients K]</c> it then opens C cases as the storefront (one per order, on its
/// first line, each with its own Idempotency-Key) from K clients at once, and prints cases per second and the requests'
/// latency percentiles.
/// </summary>
internal static class ApiBenchmark
{
    public const string Command = "benchmark-api";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<int> RunAsync(string[] args)
    {
        if (CommandLine.Option(args, "--url") is not { } url || CommandLine.Option(args, "--secret") is not { } secret)
        {
            await Console.Error.WriteLineAsync("Usage: benchmark-api --url URL --secret SECRET [--orders N] [--batch B] [--parallel P] [--cases C --storefront SECRET [--clients K]]");
            return 2;
        }

        var orders = Number(args, "--orders", 20_000);
        var batch = Math.Clamp(Number(args, "--batch", 500), 1, 500);
        var parallel = Math.Max(1, Number(args, "--parallel", 4));
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = parallel + 1 }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        var run = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

        // The catalog the orders name.
        await PostAsync(http, "/api/v1/merchants/batch", new { items = Enumerable.Range(1, 10).Select(m => new { code = $"BM{run}-{m}", name = $"Benchmark store {m}" }) });
        await PostAsync(http, "/api/v1/products/batch", new
        {
            items = Enumerable.Range(1, 10).SelectMany(m => Enumerable.Range(1, 20).Select(p => new
            {
                merchant = $"BM{run}-{m}", sku = $"SKU-{p}", name = $"Product {p}", category = "Benchmark", priceMinor = 1000 + p * 100, warrantyMonths = 12,
            })),
        });
        foreach (var chunk in Enumerable.Range(1, 5000).Chunk(500))
        {
            await PostAsync(http, "/api/v1/buyers/batch", new { items = chunk.Select(b => new { code = $"BB{run}-{b}", name = $"Buyer {b}", phone = "13800000000", city = "Hangzhou" }) });
        }

        var placedAt = DateTimeOffset.UtcNow.AddDays(-10);
        var bodies = Enumerable.Range(0, (orders + batch - 1) / batch).Select(b => Enumerable.Range(b * batch, Math.Min(batch, orders - b * batch)).Select(i =>
        {
            var m = i % 10 + 1;
            var (p1, p2) = (i % 20 + 1, (i + 7) % 20 + 1);
            var due = 1000 + p1 * 100 + (1000 + p2 * 100) * 2 + 800;
            return new
            {
                orderNo = $"BO{run}-{i}", merchant = $"BM{run}-{m}", buyer = $"BB{run}-{i % 5000 + 1}", shippingFeeMinor = 800, placedAt,
                lines = new object[] { new { sku = $"SKU-{p1}", quantity = 1, unitPriceMinor = 1000 + p1 * 100 }, new { sku = $"SKU-{p2}", quantity = 2, unitPriceMinor = 1000 + p2 * 100 } },
                payment = new { amountMinor = due, method = "alipay", transactionNo = $"BT{run}-{i}", paidAt = placedAt.AddMinutes(1) },
                shipment = new { carrier = "SF Express", trackingNo = $"SF{run}{i}", shippedAt = placedAt.AddHours(6) },
                deliveredAt = placedAt.AddDays(2),
            };
        }).ToArray()).ToList();

        var latencies = new List<double>();
        var next = -1;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < bodies.Count)
            {
                var watch = Stopwatch.StartNew();
                var result = await PostAsync(http, "/api/v1/orders/batch", new { items = bodies[index] });
                watch.Stop();
                if (result.GetProperty("created").GetInt32() != bodies[index].Length)
                {
                    throw new InvalidOperationException($"Batch {index} was not applied whole: {result}");
                }

                lock (latencies)
                {
                    latencies.Add(watch.Elapsed.TotalMilliseconds);
                }
            }
        }));
        total.Stop();
        latencies.Sort();
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"orders={orders} batch={batch} parallel={parallel} seconds={total.Elapsed.TotalSeconds:F2} orders_per_second={orders / total.Elapsed.TotalSeconds:F0} "
            + $"batch_ms_median={latencies[latencies.Count / 2]:F0} batch_ms_p95={latencies[(int)(latencies.Count * 0.95)]:F0} batch_ms_max={latencies[^1]:F0}"));

        var cases = Math.Min(Number(args, "--cases", 0), orders);
        if (cases > 0 && CommandLine.Option(args, "--storefront") is { } storefront)
        {
            await OpenCasesAsync(url, storefront, run, cases, Math.Max(1, Number(args, "--clients", 16)));
        }

        return 0;
    }

    /// <summary>Case openings as the storefront: K clients, each opening one case at a time, as buyers would.</summary>
    private static async Task OpenCasesAsync(string url, string secret, string run, int cases, int clients)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients + 1 }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);

        // Each order's first line, read through the API before the clock starts (the storefront knows its orders' lines).
        var lines = new Dictionary<string, long>(StringComparer.Ordinal);
        string? cursor = null;
        do
        {
            var page = JsonDocument.Parse(await http.GetStringAsync($"/api/v1/orders?limit=200{(cursor is null ? "" : "&cursor=" + cursor)}")).RootElement;
            foreach (var order in page.GetProperty("items").EnumerateArray())
            {
                lines[order.GetProperty("orderNo").GetString()!] = order.GetProperty("lines")[0].GetProperty("id").GetInt64();
            }

            cursor = page.GetProperty("next").GetString();
        }
        while (cursor is not null);

        var work = Enumerable.Range(0, cases).Select(i => (Buyer: $"BB{run}-{i % 5000 + 1}", OrderNo: $"BO{run}-{i}")).ToList();
        var latencies = new List<double>(cases);
        var next = -1;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < work.Count)
            {
                var (buyer, orderNo) = work[index];
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/buyers/{buyer}/cases")
                {
                    Content = JsonContent.Create(new
                    {
                        orderNo, kind = "refundOnly", reason = "Quality problem", description = "Benchmark: the item stopped working.",
                        lines = new[] { new { lineId = lines[orderNo], quantity = 1 } },
                    }, options: Json),
                };
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                var watch = Stopwatch.StartNew();
                using var response = await http.SendAsync(request);
                watch.Stop();
                if (response.StatusCode != System.Net.HttpStatusCode.Created)
                {
                    throw new InvalidOperationException($"Opening a case on {orderNo}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }

                lock (latencies)
                {
                    latencies.Add(watch.Elapsed.TotalMilliseconds);
                }
            }
        }));
        total.Stop();
        latencies.Sort();
        double At(double share) => latencies[Math.Min(latencies.Count - 1, (int)(latencies.Count * share))];
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"cases={cases} clients={clients} seconds={total.Elapsed.TotalSeconds:F2} cases_per_second={cases / total.Elapsed.TotalSeconds:F0} "
            + $"ms_p50={At(0.50):F1} ms_p95={At(0.95):F1} ms_p99={At(0.99):F1} ms_max={latencies[^1]:F1}"));
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: Json) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {text}");
        }

        var result = JsonDocument.Parse(text).RootElement.Clone();
        if (result.GetProperty("rejected").GetInt32() > 0)
        {
            throw new InvalidOperationException($"POST {path} refused items: {text[..Math.Min(text.Length, 2000)]}");
        }

        return result;
    }

    private static int Number(string[] args, string name, int fallback) =>
        int.TryParse(CommandLine.Option(args, name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}
