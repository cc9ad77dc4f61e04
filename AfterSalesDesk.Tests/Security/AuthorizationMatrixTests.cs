using System.Net;
using System.Reflection;
using System.Text;
using AfterSalesDesk.Tests.TestSupport;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace AfterSalesDesk.Tests.Security;

/// <summary>
/// Every page and endpoint of the app, requested over HTTP with real session cookies as anonymous, as
/// each role, and as merchant1 with merchant2's ids, answers as <see cref="AuthorizationMatrix"/> says;
/// no refusal, and nothing served to merchant1, carries merchant2's data. A route the matrix does not
/// name fails the coverage tests.
/// </summary>
public abstract class AuthorizationMatrixTestsBase(MatrixApp app)
{
    private const string NotFoundText = "There is nothing at this address, or you may not see it.";

    public static TheoryData<string> Routes() => new(AuthorizationMatrix.Routes.Select(r => r.Key));

    public static TheoryData<string> Posts() =>
        new(AuthorizationMatrix.Routes.Where(r => r.Kind is RouteKind.Page or RouteKind.Post && r.Antiforgery.Checked).Select(r => r.Key));

    [Fact]
    public void Matrix_NamesEveryPageOfTheApp()
    {
        var pages = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>(inherit: false).Select(a => (a.Template, Type: t)))
            .ToList();
        Assert.NotEmpty(pages);

        var missing = pages.Where(p => !AuthorizationMatrix.Routes.Any(r => r.Kind == RouteKind.Page && r.Template == p.Template))
            .Select(p => $"The page {p.Type.FullName} has the route \"{p.Template}\", which the authorization matrix does not name: "
                + $"add a line Page(\"{p.Template}\", …) to AuthorizationMatrix.Routes saying who may open it.")
            .ToList();
        var stale = AuthorizationMatrix.Routes.Where(r => r.Kind == RouteKind.Page && !pages.Any(p => p.Template == r.Template))
            .Select(r => $"The authorization matrix names the page \"{r.Template}\", but no component has that route any more: remove or correct its line.")
            .ToList();

        Assert.True(missing.Count + stale.Count == 0, string.Join("\n", missing.Concat(stale)));
    }

    [Fact]
    public void Matrix_NamesEveryEndpointTheAppMaps()
    {
        var endpoints = app.Endpoints;
        var problems = new List<string>();
        foreach (var endpoint in endpoints.Where(e => !AuthorizationMatrix.Excluded.Any(x => x.Covers(e))))
        {
            var pattern = endpoint.RoutePattern.RawText;
            var methods = MethodsOf(endpoint);
            var isPage = endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;
            var rule = AuthorizationMatrix.Routes.FirstOrDefault(r => r.Template == pattern && SameMethods(r.Methods, methods))
                ?? AuthorizationMatrix.Routes.FirstOrDefault(r => r.Template == pattern);
            if (rule is null)
            {
                problems.Add($"The app maps {Describe(methods)} {pattern} ({endpoint.DisplayName}), which the authorization matrix does not name: "
                    + "add a line to AuthorizationMatrix.Routes saying who may request it (or, for framework plumbing, to AuthorizationMatrix.Excluded with the reason).");
            }
            else if (!SameMethods(rule.Methods, methods) || (rule.Kind == RouteKind.Page) != isPage)
            {
                problems.Add($"The app maps {pattern} as {(isPage ? "a page" : "an endpoint")} for {Describe(methods)}, "
                    + $"but the authorization matrix has it as {rule.Kind} ({Describe(rule.Methods)}): correct its line.");
            }
        }

        foreach (var rule in AuthorizationMatrix.Routes.Where(r => !endpoints.Any(e => e.RoutePattern.RawText == r.Template)))
        {
            problems.Add($"The authorization matrix names {rule.Template}, which the app no longer maps: remove or correct its line.");
        }

        foreach (var exclusion in AuthorizationMatrix.Excluded.Where(x => !endpoints.Any(x.Covers)))
        {
            problems.Add($"AuthorizationMatrix.Excluded lists {exclusion.Route}, which the app no longer maps: remove it.");
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_ForEverySubject_IsAllowedOrRefusedAsTheMatrixSays(string route)
    {
        var rule = AuthorizationMatrix.Routes.Single(r => r.Key == route);
        var failures = new List<string>();
        foreach (var subject in Subjects.All)
        {
            var store = subject == Subject.Merchant ? app.Own : app.Other;
            var (path, shows) = app.Fill(rule.Template + rule.Query, store);
            var expected = rule.For(subject);
            HttpResponseMessage response;
            if (rule.Kind == RouteKind.Put)
            {
                response = await app.ClientOf(subject).PutAsync(path, new StringContent("{}", Encoding.UTF8, "application/json"));
            }
            else if (rule.Kind == RouteKind.Post && rule.Template.StartsWith("/api/", StringComparison.Ordinal))
            {
                response = await app.ClientOf(subject).PostAsync(path, new StringContent("{}", Encoding.UTF8, "application/json"));
            }
            else if (rule.Kind == RouteKind.Post)
            {
                // A fresh session: logging out must not end the shared one.
                using var client = await app.SignedInClientAsync(subject);
                using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = await client.AntiforgeryTokenAsync() });
                response = await client.PostAsync(path, form);
            }
            else
            {
                response = await app.ClientOf(subject).GetAsync(path);
            }

            using (response)
            {
                var body = await response.Content.ReadAsByteArrayAsync();
                failures.AddRange(Check(rule, rule.Kind is RouteKind.Post or RouteKind.Put ? rule.Kind.ToString().ToUpperInvariant() : "GET", subject, path, shows, store, expected, response, body));
                failures.AddRange(SecurityHeadersTests.Problems($"{path} as {subject}", response));
            }

            // A refusal by the role policy is audited: who tried to open what.
            if ((expected == Outcome.Denied || expected == Outcome.Forbidden) && !await app.DenialRecordedAsync(subject, path))
            {
                failures.Add($"{path} as {subject}: refused, but the audit trail has no denied '{Web.Infrastructure.AddressDenials.Action}' entry for it");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// A form post without its antiforgery token never gets further than the same request's GET would,
    /// and where that GET is allowed it is refused (400) before any page or endpoint code runs.
    /// </summary>
    [Theory]
    [MemberData(nameof(Posts))]
    public async Task Post_WithoutAntiforgeryToken_IsRefused(string route)
    {
        var rule = AuthorizationMatrix.Routes.Single(r => r.Key == route);
        var failures = new List<string>();
        foreach (var subject in Subjects.All)
        {
            var store = subject == Subject.Merchant ? app.Own : app.Other;
            var (path, _) = app.Fill(rule.Template, store);
            var allowed = rule.For(subject);
            var expected = allowed == Outcome.Login || allowed == Outcome.Denied || allowed == Outcome.Unauthorized || allowed == Outcome.Forbidden ? allowed : null;

            using var client = rule.Kind == RouteKind.Post ? await app.SignedInClientAsync(subject) : null;
            using var response = await (client ?? app.ClientOf(subject)).PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>()));
            var body = await response.Content.ReadAsByteArrayAsync();
            if (expected is null)
            {
                if (response.StatusCode != HttpStatusCode.BadRequest)
                {
                    failures.Add($"POST {path} without a token as {subject}: expected 400, got {Got(response, body)}");
                }
            }
            else
            {
                failures.AddRange(Check(rule, "POST without a token", subject, path, null, store, expected, response, body));
            }

            if (client is not null && subject != Subject.Anonymous && (await client.ProbeAsync("/")).Status != HttpStatusCode.OK)
            {
                failures.Add($"POST {path} without a token as {subject} ended the session.");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private IEnumerable<string> Check(
        RouteRule rule, string method, Subject subject, string path, string? shows, StoreData store, Outcome expected, HttpResponseMessage response, byte[] body)
    {
        var html = Encoding.UTF8.GetString(body);
        var text = WebUtility.HtmlDecode(html);
        var location = response.Headers.Location is { } l ? (l.IsAbsoluteUri ? l.PathAndQuery : l.ToString()) : null;
        var what = $"{method} {path} as {subject}: expected {expected}";
        var status = (int)response.StatusCode;

        string? problem = expected.Name switch
        {
            nameof(Outcome.Ok) when status is < 200 or > 299 => "a 2xx status",
            nameof(Outcome.Ok) when rule.Kind == RouteKind.Page && text.Contains(NotFoundText, StringComparison.Ordinal) => "the page, not \"Not found\"",
            nameof(Outcome.Ok) when rule.Kind == RouteKind.Page && rule.Template != "/Account/AccessDenied" && html.Contains("data-testid=\"access-denied\"", StringComparison.Ordinal)
                => "the page, not \"Access denied\"",
            nameof(Outcome.Ok) when rule.Kind == RouteKind.Page && shows is not null && !text.Contains(shows, StringComparison.Ordinal) => $"the page of {shows}",
            nameof(Outcome.Ok) when rule.Kind == RouteKind.Get && shows is not null
                && (response.Content.Headers.ContentDisposition?.FileNameStar != shows || !body.SequenceEqual(store.FileContent)) => $"the file {shows}",
            nameof(Outcome.Login) when response.StatusCode != HttpStatusCode.Redirect || location != $"/Account/Login?ReturnUrl={Uri.EscapeDataString(path)}"
                => "a redirect to the login page",
            nameof(Outcome.Denied) when response.StatusCode != HttpStatusCode.Redirect || location != $"/Account/AccessDenied?ReturnUrl={Uri.EscapeDataString(path)}"
                => "a redirect to the access-denied page",
            nameof(Outcome.Hidden) when rule.Kind == RouteKind.Page && (response.StatusCode != HttpStatusCode.NotFound || !text.Contains(NotFoundText, StringComparison.Ordinal))
                => "the page saying \"Not found\" with status 404",
            nameof(Outcome.Hidden) when rule.Kind != RouteKind.Page && response.StatusCode != HttpStatusCode.NotFound => "404",
            nameof(Outcome.Unauthorized) when response.StatusCode != HttpStatusCode.Unauthorized => "401",
            nameof(Outcome.Forbidden) when response.StatusCode != HttpStatusCode.Forbidden => "403",
            "To" when response.StatusCode != HttpStatusCode.Redirect || location != app.Fill(expected.Target!, store).Path => $"a redirect to {app.Fill(expected.Target!, store).Path}",
            _ => null,
        };
        if (problem is not null)
        {
            yield return $"{what} ({problem}), got {Got(response, body)}";
        }

        // Refusals carry nobody's data; merchant1 never sees merchant2's, whatever it asks for.
        if (!expected.IsAllowed || subject is Subject.Merchant or Subject.MerchantWithOthersIds)
        {
            var headers = string.Join("\n", response.Headers.Concat(response.Content.Headers).Select(h => $"{h.Key}: {string.Join(",", h.Value)}"));
            var leaked = app.Other.IdentifyingStrings
                .Where(s => html.Contains(s, StringComparison.Ordinal) || text.Contains(s, StringComparison.Ordinal) || WebUtility.UrlDecode(headers).Contains(s, StringComparison.Ordinal))
                .ToList();
            if (leaked.Count > 0)
            {
                yield return $"{what}: the response carries merchant2's data: {string.Join(", ", leaked)}";
            }
        }
    }

    private static string Got(HttpResponseMessage response, byte[] body) =>
        $"{(int)response.StatusCode}{(response.Headers.Location is { } l ? $" to {l}" : "")} ({body.Length} bytes"
        + $"{(body.Length is > 0 and < 300 ? $": {Encoding.UTF8.GetString(body)}" : "")})";

    private static IReadOnlyList<string>? MethodsOf(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods ? methods.Order(StringComparer.Ordinal).ToList() : null;

    private static bool SameMethods(IReadOnlyList<string>? expected, IReadOnlyList<string>? actual) =>
        expected is null ? actual is null : actual is not null && expected.Order(StringComparer.Ordinal).SequenceEqual(actual);

    private static string Describe(IReadOnlyList<string>? methods) => methods is null ? "any method" : string.Join(",", methods);
}

/// <summary>The matrix on SQLite, the embedded default.</summary>
public sealed class AuthorizationMatrixTests(MatrixApp app) : AuthorizationMatrixTestsBase(app), IClassFixture<MatrixApp>;

/// <summary>The matrix on the tests' PostgreSQL server: the same refusals, whatever the database.</summary>
public sealed class AuthorizationMatrixOnPostgreSqlTests(PostgreSqlMatrixApp app) : AuthorizationMatrixTestsBase(app), IClassFixture<PostgreSqlMatrixApp>;
