using System.Net;
using System.Text.Json;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Infrastructure;

namespace AfterSalesDesk.Tests.Security;

/// <summary>
/// Every response carries the app's security headers (AuthorizationMatrixTests checks them on every page and
/// endpoint for every role; this class covers what the matrix does not request: static files, health, errors),
/// and a value in the address that cannot be read is a problem+json 400 naming the field, never a stack trace.
/// </summary>
public sealed class SecurityHeadersTests : IDisposable
{
    private readonly AppFactory app = new();

    public void Dispose() => app.Dispose();

    /// <summary>What is wrong with a response's security headers, if anything.</summary>
    internal static IEnumerable<string> Problems(string what, HttpResponseMessage response)
    {
        var headers = response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        var expected = new Dictionary<string, string>
        {
            ["Content-Security-Policy"] = SecurityHeaders.ContentSecurityPolicy,
            ["X-Content-Type-Options"] = "nosniff",
            ["Referrer-Policy"] = SecurityHeaders.ReferrerPolicy,
            ["X-Frame-Options"] = "DENY",
        };
        foreach (var (name, value) in expected)
        {
            if (!headers.TryGetValue(name, out var actual) || actual != value)
            {
                yield return $"{what}: header {name} should be \"{value}\", was {(actual is null ? "missing" : $"\"{actual}\"")}";
            }
        }
    }

    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/health")]
    [InlineData("/app.css")]
    [InlineData("/_framework/blazor.web.js")]
    [InlineData("/favicon.png")]
    [InlineData("/no/such/address")]
    public async Task Response_WhenAnonymous_CarriesTheSecurityHeaders(string path)
    {
        var response = await app.CreateBrowserLikeClient().GetAsync(path);

        Assert.Empty(Problems(path, response));
    }

    [Fact]
    public async Task ContentSecurityPolicy_AllowsOnlyTheAppsOwnScripts()
    {
        var policy = SecurityHeaders.ContentSecurityPolicy.Split(';', StringSplitOptions.TrimEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d.Split(' ').Skip(1).ToArray());

        Assert.Equal(["'self'"], policy["script-src"]);
        Assert.Equal(["'self'"], policy["default-src"]);
        Assert.Equal(["'self'"], policy["connect-src"]);
        Assert.Equal(["'none'"], policy["frame-ancestors"]);
        Assert.Equal(["'none'"], policy["object-src"]);
        // A page has no inline script the policy would block (Blazor's import map is not rendered).
        var client = app.CreateBrowserLikeClient();
        await client.LoginAsync("agent1@demo.local");
        var html = await client.GetStringAsync("/");
        Assert.DoesNotMatch("<script(?![^>]*\\bsrc=)[^>]*>", html);
    }

    [Theory]
    [InlineData("/reports/export/cases?merchant=99999999999", "merchant")]
    [InlineData("/reports/export/cases?run=not-a-guid", "run")]
    public async Task Endpoint_WhenAQueryValueCannotBeRead_Answers400ProblemJsonNamingTheField(string path, string field)
    {
        // Development is where the stack trace used to show; the handler is the same in every environment.
        var client = app.CreateBrowserLikeClient();
        await client.LoginAsync("manager@demo.local");

        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), body);
        Assert.DoesNotContain("   at ", body);
        Assert.Empty(Problems(path, response));
    }
}
