using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AfterSalesDesk.Tests.TestSupport;

/// <summary>A request the receiver got: the Standard Webhooks headers, the body as sent, and what it answered.</summary>
public sealed record ReceivedWebhook(string Id, string Timestamp, string Signature, string Body, int Answer);

/// <summary>
/// A webhook receiver on a loopback port (Kestrel): it records every request and answers as the test scripts it, by the
/// request's number (1, 2, …): a status code, or a pause longer than the sender's timeout.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    /// <summary>An answer that means "do not answer in time".</summary>
    public const int Hang = -1;

    private readonly WebApplication app;
    private readonly ConcurrentQueue<ReceivedWebhook> received = new();
    private readonly Func<int, int> answer;
    private int count;

    private WebhookReceiver(WebApplication app, Func<int, int> answer)
    {
        this.app = app;
        this.answer = answer;
    }

    public Uri Url { get; private set; } = default!;

    public IReadOnlyList<ReceivedWebhook> Received => [.. received];

    /// <summary>The messages it accepted (2xx), in the order they came.</summary>
    public IReadOnlyList<ReceivedWebhook> Accepted => [.. received.Where(r => r.Answer is >= 200 and < 300)];

    public static async Task<WebhookReceiver> StartAsync(Func<int, int>? answer = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, answer ?? (_ => 200));
        app.MapPost("/hooks", receiver.HandleAsync);
        await app.StartAsync();
        receiver.Url = new Uri(app.Urls.First() + "/hooks");
        return receiver;
    }

    /// <summary>Waits until <paramref name="done"/> holds of what was received (no fixed sleep; fails after the timeout).</summary>
    public async Task WaitForAsync(Func<IReadOnlyList<ReceivedWebhook>, bool> done, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!done(Received))
        {
            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"The receiver got {Received.Count} requests in {timeout.TotalSeconds} s, not what the test waits for.");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync();
        var status = answer(Interlocked.Increment(ref count));
        received.Enqueue(new ReceivedWebhook(
            http.Request.Headers["webhook-id"].ToString(), http.Request.Headers["webhook-timestamp"].ToString(),
            http.Request.Headers["webhook-signature"].ToString(), body, status));
        if (status == Hang)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(30), http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }

            return;
        }

        http.Response.StatusCode = status;
        await http.Response.WriteAsync(status is >= 200 and < 300 ? "ok" : "not now");
    }
}

/// <summary>Runs tools/webhook-verify/verify.mjs, the Node receiver's check written from the Standard Webhooks specification.</summary>
public static class NodeWebhookVerifier
{
    public static string Script => Path.Combine(RepositoryPaths.Root, "tools", "webhook-verify", "verify.mjs");

    /// <summary>The verifier's exit code (0: valid) and what it said.</summary>
    /// <param name="now">The receiver's clock for the 5-minute tolerance (the test app's clock); null: the real time.</param>
    public static async Task<(int Exit, string Output)> VerifyAsync(string secret, string id, string timestamp, string signature, string body, DateTimeOffset? now = null)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, body, new System.Text.UTF8Encoding(false));
            string[] arguments = now is { } at ? [Script, secret, id, timestamp, signature, file, "--now", at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)]
                : [Script, secret, id, timestamp, signature, file];
            var start = new ProcessStartInfo("node", arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await stdout + await stderr);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static async Task AssertValidAsync(string secret, ReceivedWebhook message, DateTimeOffset? now = null)
    {
        var (exit, output) = await VerifyAsync(secret, message.Id, message.Timestamp, message.Signature, message.Body, now);
        Assert.True(exit == 0, $"The Node verifier refused {message.Id}: {output}");
    }
}
