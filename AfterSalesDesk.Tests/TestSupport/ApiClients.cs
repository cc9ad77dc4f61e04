using System.Net.Http.Headers;
using System.Net.Http.Json;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Integration;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AfterSalesDesk.Tests.TestSupport;

/// <summary>API clients for tests: created as an administrator would (hashed secret, audited), and HTTP clients that carry their secret.</summary>
public static class ApiClients
{
    public static async Task<(int Id, string Secret)> CreateApiClientAsync(
        this AppFactory app, ApiClientKind kind, IEnumerable<string>? scopes = null, int? merchantId = null, string name = "Test system")
    {
        await using var db = app.CreateDbContext();
        db.AuditAs(AuditActor.Cli("test"), "api-client.create", app.Clock);
        var (client, secret) = ApiClient.Create(name, kind, scopes ?? ApiScopes.AllowedFor(kind), merchantId, "test", app.Clock.GetUtcNow());
        db.ApiClients.Add(client);
        await db.SaveChangesAsync();
        return (client.Id, secret);
    }

    /// <summary>An HTTP client of the in-memory app that sends <paramref name="secret"/> as its bearer token (null: none).</summary>
    public static HttpClient ApiHttpClient(this AppFactory app, string? secret)
    {
        var http = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (secret is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        }

        return http;
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient http, string path, object body, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return http.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient http, string path, object body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return http.SendAsync(request);
    }
}

public static class ApiResponses
{
    /// <summary>Like EnsureSuccessStatusCode, with the problem document in the failure.</summary>
    public static async Task EnsureOkAsync(this Task<HttpResponseMessage> pending)
    {
        using var response = await pending;
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
