using System.Globalization;
using Microsoft.Playwright;

namespace CircuitLoad;

/// <summary>
/// Chromium pages on the queue page, logged in with a session cookie made by <see cref="Login"/> (no login per page).
/// One browser, one context; pages share renderer processes as far as <c>--renderer-process-limit</c> allows. The
/// clicking page measures a click's round trip inside the page: from the click on a take button until that button
/// has left the DOM (the server's re-render of the row has been applied).
/// </summary>
internal sealed class Browser : IAsyncDisposable
{
    private readonly IPlaywright playwright;
    private readonly IBrowserContext context;
    private readonly string profile;

    private Browser(IPlaywright playwright, IBrowserContext context, string profile)
    {
        this.playwright = playwright;
        this.context = context;
        this.profile = profile;
    }

    public static async Task<Browser> LaunchAsync(string executable, Uri baseUri, (string Name, string Value) cookie, int rendererLimit)
    {
        var playwright = await Playwright.CreateAsync();
        var profile = Path.Combine(Path.GetTempPath(), "circuitload-chromium-" + Guid.NewGuid().ToString("N"));
        var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new()
        {
            ExecutablePath = executable,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", $"--renderer-process-limit={rendererLimit}"],
            BaseURL = baseUri.ToString(),
            ViewportSize = new() { Width = 1280, Height = 800 },
        });
        await context.AddCookiesAsync([new Cookie { Name = cookie.Name, Value = cookie.Value, Url = baseUri.ToString() }]);
        return new Browser(playwright, context, profile);
    }

    public async Task<IPage> OpenQueuesAsync()
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("queues", new() { Timeout = 120_000 });
        await page.Locator("main[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 120_000 });
        await page.Locator("[data-testid^=take-]").First.WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 120_000 });
        return page;
    }

    /// <summary>Clicks the first take button; returns the case's test id and the milliseconds until that button left the page (-1: not within a minute).</summary>
    public static async Task<(string Id, double Ms)> TakeFirstAsync(IPage page)
    {
        var take = page.Locator("[data-testid^=take-]:not([disabled])").First;
        await take.WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 120_000 });
        var id = await take.GetAttributeAsync("data-testid") ?? throw new InvalidOperationException("take button without test id");
        var ms = await page.EvaluateAsync<double>(
            """
            id => new Promise(resolve => {
                const selector = `[data-testid="${id}"]`;
                const button = document.querySelector(selector);
                const started = performance.now();
                const observer = new MutationObserver(() => {
                    if (!document.querySelector(selector)) {
                        observer.disconnect();
                        resolve(performance.now() - started);
                    }
                });
                observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-testid'] });
                setTimeout(() => { observer.disconnect(); resolve(-1); }, 60000);
                button.click();
            })
            """, id);
        return (id, ms);
    }

    /// <summary>Proportional set size of the browser and all its child processes (renderers, GPU, utilities), in bytes.</summary>
    public long MemoryPss()
    {
        var parents = new Dictionary<int, int>();
        int? root = null;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
                if (cmdline.Contains(profile, StringComparison.Ordinal) && !cmdline.Contains("--type=", StringComparison.Ordinal))
                {
                    root = pid;
                }
            }
            catch (IOException)
            {
                // The process ended meanwhile.
            }
        }

        if (root is null)
        {
            return 0;
        }

        var tree = new HashSet<int> { root.Value };
        bool grew;
        do
        {
            grew = false;
            foreach (var (pid, parent) in parents)
            {
                if (tree.Contains(parent) && tree.Add(pid))
                {
                    grew = true;
                }
            }
        }
        while (grew);

        long total = 0;
        foreach (var pid in tree)
        {
            try
            {
                var pss = File.ReadLines($"/proc/{pid}/smaps_rollup").FirstOrDefault(l => l.StartsWith("Pss:", StringComparison.Ordinal));
                if (pss is not null)
                {
                    total += long.Parse(pss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
                }
            }
            catch (IOException)
            {
                // The process ended meanwhile.
            }
        }

        return total;
    }

    public async ValueTask DisposeAsync()
    {
        await context.CloseAsync();
        playwright.Dispose();
        try
        {
            Directory.Delete(profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still hold a file for a moment; the temp folder is cleaned up eventually.
        }
    }
}
