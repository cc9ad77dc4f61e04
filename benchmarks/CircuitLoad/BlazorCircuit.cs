using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CircuitLoad;

/// <summary>
/// One interactive page held the way blazor.web.js (.NET 10) holds it, without a browser: GET the page with the
/// person's login cookie (the server prerenders it and writes its root components' markers and persisted state into
/// the HTML), open the hub at /_blazor with the blazorpack protocol, StartCircuit, add the prerendered root
/// components with UpdateRootComponents, then acknowledge every render batch (OnRenderCompleted) and answer every
/// JavaScript call the components make (EndInvokeJSFromDotNet) with what a 1280×800 Chromium page answers. The
/// render batches are counted and time-stamped, not applied: nothing here builds a DOM. Closing stops the
/// connection and posts /_blazor/disconnect, as the browser does when a page closes.
/// </summary>
internal sealed partial class BlazorCircuit : IAsyncDisposable
{
    private readonly HubConnection connection;
    private readonly HttpClient http;
    private readonly Uri baseUri;
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? circuitId;
    private long batches;
    private long lastBatch;
    private long armedAt = long.MaxValue;
    private long firstAfterArm;

    private BlazorCircuit(HubConnection connection, HttpClient http, Uri baseUri)
    {
        this.connection = connection;
        this.http = http;
        this.baseUri = baseUri;
    }

    /// <summary>Render batches received so far.</summary>
    public long Batches => Interlocked.Read(ref batches);

    /// <summary>Stopwatch timestamp of the last render batch received.</summary>
    public long LastBatch => Interlocked.Read(ref lastBatch);

    /// <summary>Stopwatch timestamp of the first render batch after <see cref="Arm"/>, 0 until one came.</summary>
    public long FirstBatchAfterArm => Interlocked.Read(ref firstAfterArm);

    /// <summary>From <paramref name="timestamp"/> on, note the first render batch (a click's fan-out).</summary>
    public void Arm(long timestamp)
    {
        Interlocked.Exchange(ref firstAfterArm, 0);
        Interlocked.Exchange(ref armedAt, timestamp);
    }

    /// <summary>Set when the server reported an error to this circuit (JS.Error) or the connection closed.</summary>
    public string? Failure { get; private set; }

    /// <summary>Calls to JS functions this circuit answered, by identifier (shared by all circuits).</summary>
    public static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> JsCalls = new();

    public static async Task<BlazorCircuit> OpenAsync(HttpClient http, Uri baseUri, string path, string cookie, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUri, path));
        request.Headers.Add("Cookie", cookie);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var response = await http.SendAsync(request, cancellationToken);
        var html = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode || !html.Contains("queue-table", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode} without the queue page (not logged in?)");
        }

        var operations = new JsonArray();
        var sequence = 0;
        foreach (Match marker in ServerMarker().Matches(html))
        {
            var json = JsonNode.Parse(marker.Groups[1].Value)!.AsObject();
            json["uniqueId"] = sequence;
            operations.Add(new JsonObject { ["type"] = "add", ["ssrComponentId"] = sequence + 1, ["marker"] = json });
            sequence++;
        }

        if (sequence == 0)
        {
            throw new InvalidOperationException($"GET {path}: no interactive server components in the page");
        }

        var state = ComponentState().Match(html) is { Success: true } s ? s.Groups[1].Value : "";
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(baseUri, "_blazor"), HttpTransportType.WebSockets, options => options.Headers["Cookie"] = cookie);
        builder.Services.RemoveAll<IHubProtocol>();
        builder.Services.AddSingleton<IHubProtocol, BlazorPackProtocol>();
        var connection = builder.Build();
        // A forced full GC over a heap of gigabytes (dotnet-gcdump) stops the server for minutes; the browser's
        // client would reconnect after its 30 s, this one just waits.
        connection.ServerTimeout = TimeSpan.FromMinutes(10);
        connection.HandshakeTimeout = TimeSpan.FromMinutes(2);
        var circuit = new BlazorCircuit(connection, http, baseUri);
        circuit.Listen();
        await connection.StartAsync(cancellationToken);
        circuit.circuitId = await connection.InvokeAsync<string>("StartCircuit", baseUri.ToString(), new Uri(baseUri, path).ToString(), "[]", state, cancellationToken);
        if (string.IsNullOrEmpty(circuit.circuitId))
        {
            await connection.DisposeAsync();
            throw new InvalidOperationException("StartCircuit returned no circuit id");
        }

        var batch = new JsonObject { ["batchId"] = 1, ["operations"] = operations };
        await connection.SendAsync("UpdateRootComponents", batch.ToJsonString(), state, cancellationToken);
        await circuit.ready.Task.WaitAsync(TimeSpan.FromSeconds(120), cancellationToken);
        return circuit;
    }

    private void Listen()
    {
        connection.On("JS.RenderBatch", [typeof(long), typeof(byte[])], async args =>
        {
            var now = Stopwatch.GetTimestamp();
            Interlocked.Exchange(ref lastBatch, now);
            if (now > Interlocked.Read(ref armedAt))
            {
                Interlocked.CompareExchange(ref firstAfterArm, now, 0);
            }

            Interlocked.Increment(ref batches);
            await connection.SendAsync("OnRenderCompleted", (long)args[0]!, null);
        });
        connection.On("JS.BeginInvokeJS", [typeof(long), typeof(string), typeof(string), typeof(int), typeof(long), typeof(int)], async args =>
        {
            var handle = (long)args[0]!;
            var identifier = (string)args[1]!;
            JsCalls.AddOrUpdate(identifier, 1, (_, n) => n + 1);
            if (handle != 0)
            {
                await connection.SendAsync("EndInvokeJSFromDotNet", handle, true, $"[{handle},true,{JsAnswers.For(identifier, (int)args[3]!)}]");
            }
        });
        connection.On("JS.EndUpdateRootComponents", [typeof(long)], _ =>
        {
            ready.TrySetResult();
            return Task.CompletedTask;
        });
        connection.On("JS.AttachComponent", [typeof(int), typeof(string)], _ => Task.CompletedTask);
        connection.On("JS.EndInvokeDotNet", [typeof(string), typeof(bool), typeof(string)], _ => Task.CompletedTask);
        connection.On("JS.Error", [typeof(string)], args =>
        {
            Failure = "JS.Error: " + args[0];
            ready.TrySetException(new InvalidOperationException(Failure));
            return Task.CompletedTask;
        });
        connection.Closed += error =>
        {
            Failure ??= "connection closed" + (error is null ? "" : ": " + error.Message);
            ready.TrySetException(new InvalidOperationException(Failure));
            return Task.CompletedTask;
        };
    }

    public async ValueTask DisposeAsync()
    {
        var id = circuitId;
        try
        {
            await connection.StopAsync();
        }
        catch (Exception)
        {
            // Already closed.
        }

        await connection.DisposeAsync();
        if (id is not null)
        {
            using var form = new MultipartFormDataContent { { new StringContent(id), "circuitId" } };
            try
            {
                using var _ = await http.PostAsync(new Uri(baseUri, "_blazor/disconnect"), form);
            }
            catch (HttpRequestException)
            {
                // The server is gone; nothing to release.
            }
        }
    }

    [GeneratedRegex("""<!--Blazor:(\{"type":"server".*?\})-->""")]
    private static partial Regex ServerMarker();

    [GeneratedRegex("""<!--Blazor-Server-Component-State:([A-Za-z0-9+/=]+)-->""")]
    private static partial Regex ComponentState();
}

/// <summary>
/// What a Chromium page at 1280×800 (light scheme) answered to the queue page's JS calls, recorded from its
/// WebSocket frames; everything else answers null (MudBlazor's and Radzen's calls are mostly void).
/// </summary>
internal static class JsAnswers
{
    private static long nextObject = 1000;

    public static string For(string identifier, int resultType) => identifier switch
    {
        "mudThemeProvider.isDarkMode" => "false",
        "window.hasOwnProperty" => "true",
        "mudpopoverHelper.countProviders" => "0",
        "mudElementRef.getBoundingClientRect" =>
            """{"x":0,"y":64,"width":240,"height":736,"top":64,"right":240,"bottom":800,"left":0,"scrollY":0,"scrollX":0,"windowHeight":800,"windowWidth":1280}""",
        "mudResizeListener.getBrowserWindowSize" => """{"height":800,"width":1280}""",
        _ when resultType == 1 => $$"""{"__jsObjectId":{{Interlocked.Increment(ref nextObject)}}}""",
        _ => "null",
    };
}
