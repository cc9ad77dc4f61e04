using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Features.Webhooks;

/// <summary>The outcome of one attempt, as logged.</summary>
public sealed record SendOutcome(int? StatusCode, TimeSpan Duration, string? Error, string? ResponseExcerpt)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}

/// <summary>
/// Sends one signed message (Standard Webhooks: <c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature: v1,</c>
/// base64 HMAC-SHA256 of <c>id.timestamp.body</c>). The address is resolved and checked in the connection callback, so the
/// address checked is the one connected to: a name that resolves to a public address when checked and a private one when
/// connecting (DNS rebinding) cannot slip through. No proxy, no redirects (a 3xx is a failed attempt).
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private const int ExcerptChars = 500;
    private readonly HttpClient http;
    private readonly IOptions<WebhookOptions> options;

    public WebhookSender(IOptions<WebhookOptions> options)
    {
        this.options = options;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = options.Value.Timeout,
            ConnectCallback = ConnectAsync,
        };
        http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("AfterSalesDesk-Webhooks/1.0");
    }

    /// <summary>The <c>webhook-signature</c> header's value for a message signed with <paramref name="secret"/>.</summary>
    public static string Sign(string secret, string messageId, long timestamp, string body)
    {
        var content = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{messageId}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(Data.Integration.WebhookSubscription.KeyOf(secret), content));
    }

    public async Task<SendOutcome> SendAsync(Uri url, string secret, string messageId, DateTimeOffset now, string body, CancellationToken cancellationToken)
    {
        var timestamp = now.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", messageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", Sign(secret, messageId, timestamp, body));

        var timeout = options.Value.Timeout;
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timer.Token);
            var excerpt = await ExcerptAsync(response, timer.Token);
            var code = (int)response.StatusCode;
            return new SendOutcome(code, watch.Elapsed, code is >= 200 and < 300 ? null : $"HTTP {code} {response.ReasonPhrase}", excerpt);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendOutcome(null, watch.Elapsed, string.Create(CultureInfo.InvariantCulture, $"No answer within {timeout.TotalSeconds:0.###} s."), null);
        }
        catch (HttpRequestException ex)
        {
            return new SendOutcome(null, watch.Elapsed, ForbiddenIn(ex)?.Message ?? $"Could not connect: {ex.Message}", null);
        }
    }

    public void Dispose() => http.Dispose();

    private static ForbiddenAddressException? ForbiddenIn(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is ForbiddenAddressException forbidden)
            {
                return forbidden;
            }
        }

        return null;
    }

    private static async Task<string?> ExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var buffer = new char[ExcerptChars];
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
        return read == 0 ? null : new string(buffer, 0, read);
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = options.Value.AllowPrivateAddresses ? addresses : addresses.Where(a => !AddressGuard.IsForbidden(a)).ToArray();
        if (allowed.Length == 0)
        {
            throw new ForbiddenAddressException(
                $"Refused: {host} is {string.Join(", ", addresses.Select(a => a.ToString()))}, a loopback, private or link-local address or one that leads to such an address.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>The receiver's address may not be reached (decision 0026).</summary>
public sealed class ForbiddenAddressException(string message) : Exception(message);
