using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AfterSalesDesk.Tests.TestSupport;

/// <summary>
/// The real app as its own process on Kestrel at a free loopback port, over its own SQLite file, in
/// demo mode: what the browser tests talk to. Sessions are re-checked every 2 seconds instead of 30
/// so that tests of disabled users do not wait, and the refund worker and the dashboard's refresh run often.
/// </summary>
public class AppProcess : IAsyncLifetime
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(300);

    private readonly TempDirectory? ownedData;
    private readonly string dataDirectory;
    private readonly StringBuilder log = new();
    private readonly List<Func<Task>> closers = [];
    private Process? process;

    /// <summary>The built web app next to this test assembly's build (same configuration).</summary>
    public static string ExecutablePath
    {
        get
        {
            var testBin = AppContext.BaseDirectory; // .../AfterSalesDesk.Tests/bin/<Configuration>/net10.0/
            var path = testBin.Replace(
                $"{Path.DirectorySeparatorChar}AfterSalesDesk.Tests{Path.DirectorySeparatorChar}",
                $"{Path.DirectorySeparatorChar}AfterSalesDesk.Web{Path.DirectorySeparatorChar}");
            var executable = Path.Combine(path, "AfterSalesDesk.Web");
            return File.Exists(executable)
                ? executable
                : throw new FileNotFoundException($"The web app is not built at {executable}; build the solution first.");
        }
    }

    /// <summary>
    /// How the tests start the built app (a browser test's server, a command): its executable in its folder, output
    /// read by the test, and no dynamic PGO. A test's app lives for seconds to minutes, and without PGO's instrumented
    /// tier it starts on about a quarter less CPU (11 s instead of 15 s to /health and the JIT's settling after it;
    /// decision 0024).
    /// </summary>
    public static ProcessStartInfo StartInfo()
    {
        var start = new ProcessStartInfo(ExecutablePath)
        {
            WorkingDirectory = Path.GetDirectoryName(ExecutablePath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_TieredPGO"] = "0";
        return start;
    }

    public Uri BaseAddress { get; private set; } = default!;

    /// <summary>An app with a data folder of its own. The only public constructor, without parameters: xunit builds a
    /// class fixture only from a single public constructor it can fill, and does not use an optional parameter's default.</summary>
    public AppProcess()
        : this(null)
    {
    }

    /// <param name="dataDirectory">A folder the test keeps (an app started again on the same data); null: a folder of its own.</param>
    protected AppProcess(string? dataDirectory)
    {
        ownedData = dataDirectory is null ? new TempDirectory() : null;
        this.dataDirectory = dataDirectory ?? ownedData!.Path;
    }

    public string DataDirectory => dataDirectory;

    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        var start = StartInfo();
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = BaseAddress.ToString().TrimEnd('/');
        start.Environment["Storage__DataDirectory"] = dataDirectory;
        start.Environment["Session__RevalidationSeconds"] = "2";

        // Low refund limits, so that any demo refund needs two supervisors (the four-eyes browser test).
        start.Environment["Refunds__AgentLimitMinor"] = "100";
        start.Environment["Refunds__DualApprovalAboveMinor"] = "200";
        start.Environment["Refunds__WorkerIntervalSeconds"] = "1";

        start.Environment["Logging__LogLevel__Default"] = "Warning";

        Configure(start.Environment);
        process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        // Generous: on two cores the rest of the suite (thousands of tests, each class with its own app and
        // demo data) runs beside this start-up, which then took over 90 s in CI; a healthy start alone takes ~10 s.
        var deadline = DateTime.UtcNow.Add(StartupTimeout);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with {process.ExitCode} while starting:\n{Log}");
            }

            try
            {
                if ((await http.GetAsync("health")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The app did not answer /health within {StartupTimeout.TotalSeconds:0} s:\n{Log}");
    }

    /// <summary>Settings of a test class's own app (environment variables, <c>Section__Key</c>), after the common ones.</summary>
    protected virtual void Configure(IDictionary<string, string?> environment)
    {
    }

    /// <summary>
    /// Closes what a test opened against this app (browser contexts) before the app stops. A test that fails
    /// half-way, or forgets to close its pages, would otherwise leave them retrying their lost connection for
    /// the rest of the run, each using CPU beside the next class's tests.
    /// </summary>
    public void CloseOnDispose(Func<Task> close)
    {
        lock (closers)
        {
            closers.Add(close);
        }
    }

    /// <summary>Closes the browser contexts opened against this app so far (after each test, and before the app stops).</summary>
    public async Task ClosePagesAsync()
    {
        List<Func<Task>> toClose;
        lock (closers)
        {
            toClose = [.. closers];
            closers.Clear();
        }

        foreach (var close in toClose)
        {
            try
            {
                await close();
            }
            catch (Exception)
            {
                // Already closed, or the browser is gone: nothing left to stop.
            }
        }
    }

    /// <summary>Ends the app as a crash would (SIGKILL: no shutdown, no flushing), keeping its data.</summary>
    public async Task KillAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async Task DisposeAsync()
    {
        await ClosePagesAsync();

        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process?.Dispose();
        ownedData?.Dispose();

        // Kept for diagnosis after a failed browser test: bin/.../app-logs/<port>.log.
        var logs = Path.Combine(AppContext.BaseDirectory, "app-logs");
        Directory.CreateDirectory(logs);
        await File.WriteAllTextAsync(Path.Combine(logs, $"{BaseAddress.Port}.log"), Log);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
