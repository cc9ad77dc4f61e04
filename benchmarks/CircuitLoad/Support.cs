using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CircuitLoad;

/// <summary>Logs in through the real login form, once per person, and returns the session cookie ("name=value").</summary>
internal static partial class Login
{
    public static async Task<(string Name, string Value)> SessionCookieAsync(Uri baseUri, string email, string password)
    {
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = baseUri };
        var page = await http.GetStringAsync("Account/Login");
        var token = WebUtility.HtmlDecode(AntiforgeryToken().Match(page).Groups[1].Value);
        using var response = await http.PostAsync("Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"login of {email} answered {(int)response.StatusCode}");
        }

        var session = cookies.GetCookies(baseUri).FirstOrDefault(c => c.Name.Contains("Session", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"login of {email} set no session cookie");
        return (session.Name, session.Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}

/// <summary>
/// The app process seen from outside: its managed heap after a full GC (dotnet-gcdump forces one and walks the
/// heap; dotnet-counters then reads the GC's own sizes of that collection), its resident set and the load average.
/// </summary>
internal sealed partial class ServerProbe(int pid, string repository, string outputDirectory)
{
    public sealed record Heap(long LiveBytes, long HeapAfterGc, long RssBytes, Dictionary<string, (long Bytes, long Count)> Types);

    /// <summary>
    /// With <paramref name="walkHeap"/>, dotnet-gcdump (a full GC and a walk of the heap: live objects by type; the
    /// process stands still for the walk, tens of seconds at a gigabyte, long enough for SignalR to drop connections);
    /// without, a full GC alone, forced by an EventPipe session with the GCHeapCollect keyword (dotnet-trace), and no
    /// live-object figures (0).
    /// </summary>
    public async Task<Heap> MeasureAsync(string label, bool walkHeap = true)
    {
        long live = 0;
        var report = "";
        if (walkHeap)
        {
            var dump = Path.Combine(outputDirectory, $"{label}.gcdump");
            await RunAsync("dotnet", $"gcdump collect -p {pid} -o {dump}");
            report = await RunAsync("dotnet", $"gcdump report {dump}");
            live = long.Parse(Regex.Match(report, @"([\d,]+)\s+GC Heap bytes").Groups[1].Value.Replace(",", ""), CultureInfo.InvariantCulture);
            await File.WriteAllTextAsync(Path.Combine(outputDirectory, $"{label}.report.txt"), report);
        }
        else
        {
            await RunAsync("dotnet", $"trace collect -p {pid} --providers Microsoft-Windows-DotNETRuntime:0x800000:4 --duration 00:00:00:02 -o {Path.Combine(outputDirectory, label + ".nettrace")}");
        }

        var counters = Path.Combine(outputDirectory, $"{label}.counters.json");
        await RunAsync("dotnet", $"counters collect -p {pid} --counters System.Runtime[dotnet.gc.last_collection.heap.size] --format json -o {counters} --duration 00:00:00:02");
        long afterGc = 0;
        if (File.Exists(counters))
        {
            // The last sample of each generation's size after the last collection (the full one gcdump forced,
            // unless a young collection came in between).
            using var json = JsonDocument.Parse(File.ReadAllText(counters));
            var sizes = new Dictionary<string, long>();
            foreach (var e in json.RootElement.GetProperty("Events").EnumerateArray())
            {
                if (e.GetProperty("name").GetString()!.StartsWith("dotnet.gc.last_collection.heap.size", StringComparison.Ordinal))
                {
                    sizes[e.GetProperty("tags").GetString()!] = (long)e.GetProperty("value").GetDouble();
                }
            }

            afterGc = sizes.Values.Sum();
        }

        return new Heap(live, afterGc, Rss(pid), Types(report));
    }

    /// <summary>
    /// Bytes and objects per type from gcdump's report, whose lines give a type (per size bucket) with the size of
    /// one object and the count: the products are added up per type.
    /// </summary>
    private static Dictionary<string, (long Bytes, long Count)> Types(string report)
    {
        var types = new Dictionary<string, (long Bytes, long Count)>();
        foreach (Match line in ReportLine().Matches(report))
        {
            var size = long.Parse(line.Groups[1].Value.Replace(",", ""), CultureInfo.InvariantCulture);
            var count = long.Parse(line.Groups[2].Value.Replace(",", ""), CultureInfo.InvariantCulture);
            var type = line.Groups[3].Value.Trim();
            types[type] = types.TryGetValue(type, out var t) ? (t.Bytes + (size * count), t.Count + count) : (size * count, count);
        }

        return types;
    }

    [GeneratedRegex(@"^\s*([\d,]+)\s+([\d,]+)\s+(.+?)(?: \(Bytes > [\d]+[KM]?\))?\s+\[[^\]]+\]\s*$", RegexOptions.Multiline)]
    private static partial Regex ReportLine();

    public static long Rss(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private async Task<string> RunAsync(string file, string arguments)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = repository,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} exited {process.ExitCode}: {await error}");
        }

        return await output;
    }
}

internal static class Stats
{
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = p / 100 * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }

    public static double Ms(long fromTimestamp, long toTimestamp) => Stopwatch.GetElapsedTime(fromTimestamp, toTimestamp).TotalMilliseconds;
}
