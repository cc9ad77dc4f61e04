using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;

namespace AfterSalesDesk.Tests.Security;

/// <summary>
/// Who may request every page and endpoint of the app, and what everybody else gets instead. Every
/// route of the app must have a line here (AuthorizationMatrixTests fails naming a missing one), and
/// every line must still be a route of the app.
/// </summary>
/// <remarks>
//                                                               anonymous     agent     supervisor manager   admin     merchant1  merchant1 with merchant2's ids
/// merchant1 with merchant2's ids. Route parameters are filled from <see cref="MatrixApp"/>: the
/// merchant1 column uses M001's case/order/complaint/files, every other column M002's (so staff show
/// that those ids are real, and the last column that merchant1 still cannot reach them).
/// <list type="bullet">
/// <item><c>Ok</c>: 2xx, and a page with an id shows that record (case number, order number, …), a download serves that file.</item>
/// <item><c>Login</c>: 302 to /Account/Login?ReturnUrl=&lt;the path&gt;.</item>
/// <item><c>Denied</c>: 302 to /Account/AccessDenied?ReturnUrl=&lt;the path&gt; (the role may not open the page at all).</item>
/// <item><c>Hidden</c>: the record is not this user's: a page renders "Not found" with status 404, an endpoint answers 404 — as for an id that does not exist.</item>
/// <item><c>Unauthorized</c>: 401 without a redirect (script endpoints and downloads).</item>
/// <item><c>Forbidden</c>: 403 without a redirect (a download the role may not have).</item>
/// <item><c>To(path)</c>: 302 to that path (allowed, but the app sends this user elsewhere); its parameters are filled as the route's.</item>
/// </list>
/// No response that is not <c>Ok</c>, and no response at all to merchant1, may contain any of merchant2's
/// identifying strings (store name, order and case numbers, buyer, complaint, file names).
/// </remarks>
public static class AuthorizationMatrix
{
    private static readonly Outcome Ok = Outcome.Ok, Login = Outcome.Login, Denied = Outcome.Denied, Hidden = Outcome.Hidden,
        Unauthorized = Outcome.Unauthorized, Forbidden = Outcome.Forbidden;

    private static readonly Outcome ToQueues = Outcome.To("/queues?q=All"), ToLogin = Outcome.To("/Account/Login"), ToHome = Outcome.To("/");

    /// <summary>Staff opening a merchant's product list go to the queue with the same filter (the target's parameter filled like the route's).</summary>
    private static readonly Outcome ToProductQueue = Outcome.To("/queues?q=All&product={productId}");

    public static readonly IReadOnlyList<RouteRule> Routes =
    [
        //                                                               anonymous     agent     supervisor manager   admin     merchant1  merchant1 with merchant2's ids
        // Account pages: static forms; login, lockout and access denied are for everybody.
        Page("/Account/Login",                                           Ok,           Ok,       Ok,        Ok,       Ok,       Ok,        Ok),
        Page("/Account/Lockout",                                         Ok,           Ok,       Ok,        Ok,       Ok,       Ok,        Ok),
        Page("/Account/AccessDenied",                                    Ok,           Ok,       Ok,        Ok,       Ok,       Ok,        Ok),
        Page("/Account/Manage/ChangePassword",                           Login,        Ok,       Ok,        Ok,       Ok,       Ok,        Ok),
        Page("/Account/Manage/TimeZone",                                 Login,        Ok,       Ok,        Ok,       Ok,       Ok,        Ok),
        Page("/Error",                                                   Ok,           Ok,       Ok,        Ok,       Ok,       Ok,        Ok),
        Page("/not-found",                                               Hidden,       Hidden,   Hidden,    Hidden,   Hidden,   Hidden,    Hidden),

        // Everybody signed in has a home page for their role.
        Page("/",                                                        Login,        Ok,       Ok,        Ok,       Ok,       Ok,        Ok),

        // Cases and orders: staff see every store's, a merchant only its own store's. Staff work cases in the
        // queues. Downloads need only a signed-in user; the service answers 404 to anyone who may not see the case.
        Page("/queues",                                                  Login,        Ok,       Ok,        Ok,       Denied,   Denied,    Denied),
        Page("/cases",                                                   Login,        ToQueues, ToQueues,  ToQueues, Denied,   Ok,        Ok),
        // A product's cases (the dashboard's product quality): another store's product lists nothing and names nothing.
        Page("/cases?product={productId}",                               Login,        ToProductQueue, ToProductQueue, ToProductQueue, Denied, Ok, Ok),
        Page("/cases/{CaseId:long}",                                     Login,        Ok,       Ok,        Ok,       Denied,   Ok,        Hidden),
        Get("/cases/{caseId:long}/attachments/{attachmentId:long}",      Login,        Ok,       Ok,        Ok,       Hidden,   Ok,        Hidden),
        Page("/orders",                                                  Login,        Ok,       Ok,        Ok,       Denied,   Ok,        Ok),
        Page("/orders/{OrderId:long}",                                   Login,        Ok,       Ok,        Ok,       Denied,   Ok,        Hidden),
        Page("/approvals",                                               Login,        Denied,   Ok,        Denied,   Denied,   Denied,    Denied),
        Page("/risk/buyers",                                             Login,        Denied,   Ok,        Denied,   Denied,   Denied,    Denied),

        // Complaints: like cases; the penalty ranking of all merchants is for supervisors and managers.
        Page("/complaints",                                              Login,        Ok,       Ok,        Ok,       Denied,   Ok,        Ok),
        Page("/complaints/{ComplaintId:long}",                           Login,        Ok,       Ok,        Ok,       Denied,   Ok,        Hidden),
        Get("/complaints/{complaintId:long}/evidence/{evidenceId:long}", Login,        Ok,       Ok,        Ok,       Hidden,   Ok,        Hidden),
        Page("/complaints/merchants",                                    Login,        Denied,   Ok,        Ok,       Denied,   Denied,    Denied),

        // Feedback: ratings for whoever reads cases (a merchant its own store's only); follow-ups inside are for staff.
        Page("/feedback",                                                Login,        Ok,       Ok,        Ok,       Denied,   Ok,        Ok),

        // The service-quality dashboard: managers and supervisors for every store, a merchant for its own; not agents.
        Page("/dashboard",                                               Login,        Denied,   Ok,        Ok,       Denied,   Ok,        Ok),
        // The paid refunds behind its refund figures: the dashboard's readers; a merchant naming another store finds none of them.
        Page("/refunds?merchant={merchantId}",                           Login,        Denied,   Ok,        Ok,       Denied,   Ok,        Ok),

        // Reports: managers export every store's data, a merchant its own store's only (another store's id: 404). The
        // download answers with status codes, not redirects, since a browser saves it as a file.
        Page("/reports",                                                 Login,        Denied,   Denied,    Ok,       Denied,   Ok,        Ok),
        Get("/reports/export/{table}?merchant={merchantId}",             Unauthorized, Forbidden, Forbidden, Ok,      Forbidden, Ok,       Hidden),

        // Macros and the knowledge base: platform staff who work cases; never merchants.
        Page("/macros",                                                  Login,        Ok,       Ok,        Denied,   Denied,   Denied,    Denied),
        Page("/kb",                                                      Login,        Ok,       Ok,        Ok,       Denied,   Denied,    Denied),
        Page("/kb/{ArticleId:int}",                                      Login,        Ok,       Ok,        Ok,       Denied,   Denied,    Denied),

        // Oversight and administration.
        Page("/audit",                                                   Login,        Denied,   Ok,        Ok,       Ok,       Denied,    Denied),
        Page("/admin/users",                                             Login,        Denied,   Denied,    Denied,   Ok,       Denied,    Denied),
        Page("/admin/integrations",                                      Login,        Denied,   Denied,    Denied,   Ok,       Denied,    Denied),
        Page("/admin/integrations/api",                                  Login,        Denied,   Denied,    Denied,   Ok,       Denied,    Denied),
        Page("/admin/integrations/{ClientId:int}/webhooks",              Login,        Denied,   Denied,    Denied,   Ok,       Denied,    Denied),

        // Endpoints outside the pages (POSTs are sent with a valid antiforgery token; the token itself is checked separately).
        Post("/Account/Logout",                                          ToLogin,      ToLogin,  ToLogin,   ToLogin,  ToLogin,  ToLogin,   ToLogin),
        Post("/session/ping",                                            Unauthorized, Ok,       Ok,        Ok,       Ok,       Ok,        Ok)
            .ExemptFromAntiforgery("a keep-alive that only slides the session cookie and changes no data; session.js sends it with fetch, without a form token"),
        Get("/culture/set?culture=en&redirectUri=%2F",                   ToHome,       ToHome,   ToHome,    ToHome,   ToHome,   ToHome,    ToHome),
        Any("/health",                                                   Ok,           Ok,       Ok,        Ok,       Ok,       Ok,        Ok),

        // The integration API (issue 18): API clients' bearer secrets only, so every session cookie is refused (401) before
        // anything is read; what API clients may do is proven per endpoint in Integration/ApiSecurityTests. Its document is public.
        Get("/openapi/{documentName}.json",                              Ok,           Ok,       Ok,        Ok,       Ok,       Ok,        Ok),
        Api(RouteKind.Put, "/api/v1/merchants/{code}"),
        Api(RouteKind.Get, "/api/v1/merchants/{code}"),
        Api(RouteKind.Post, "/api/v1/merchants/batch"),
        Api(RouteKind.Put, "/api/v1/merchants/{merchant}/products/{sku}"),
        Api(RouteKind.Get, "/api/v1/merchants/{merchant}/products/{sku}"),
        Api(RouteKind.Post, "/api/v1/products/batch"),
        Api(RouteKind.Put, "/api/v1/buyers/{code}"),
        Api(RouteKind.Get, "/api/v1/buyers/{code}"),
        Api(RouteKind.Post, "/api/v1/buyers/batch"),
        Api(RouteKind.Put, "/api/v1/orders/{orderNo}"),
        Api(RouteKind.Get, "/api/v1/orders/{orderNo}"),
        Api(RouteKind.Get, "/api/v1/orders"),
        Api(RouteKind.Post, "/api/v1/orders/batch"),
        Api(RouteKind.Post, "/api/v1/buyers/{buyer}/cases"),
        Api(RouteKind.Get, "/api/v1/buyers/{buyer}/cases"),
        Api(RouteKind.Get, "/api/v1/buyers/{buyer}/cases/{caseNo}"),
        Api(RouteKind.Post, "/api/v1/buyers/{buyer}/cases/{caseNo}/messages"),
        Api(RouteKind.Post, "/api/v1/buyers/{buyer}/cases/{caseNo}/evidence"),
        Api(RouteKind.Post, "/api/v1/buyers/{buyer}/cases/{caseNo}/return-shipment"),
        Api(RouteKind.Post, "/api/v1/buyers/{buyer}/cases/{caseNo}/counter-offer"),
        Api(RouteKind.Post, "/api/v1/buyers/{buyer}/cases/{caseNo}/repair-quote"),
        Api(RouteKind.Post, "/api/v1/buyers/{buyer}/cases/{caseNo}/cancel"),
        Api(RouteKind.Post, "/api/v1/buyers/{buyer}/cases/{caseNo}/dispute"),
        Api(RouteKind.Post, "/api/v1/buyers/{buyer}/cases/{caseNo}/rating"),
    ];

    /// <summary>
    /// Endpoints the matrix does not request, each with the reason. Anything else the app maps must be
    /// in <see cref="Routes"/>.
    /// </summary>
    public static readonly IReadOnlyList<Exclusion> Excluded =
    [
        new("/_blazor", "Blazor Server's SignalR hub: the interactive session of a page whose route was authorized when it was requested; components re-check [Authorize] inside it"),
        new("/_blazor/negotiate", "SignalR negotiation for the /_blazor hub"),
        new("/_blazor/disconnect/", "lets the browser end its own circuit"),
        new("/_blazor/initializers/", "lists the JavaScript initializers of the Razor libraries; no app data"),
        new("/_framework/opaque-redirect", "framework helper that turns a redirect of enhanced navigation into a full page load"),
        new("{**path:file}", "MapStaticAssets' fallback when running from build output (not in a published app): serves files added to wwwroot after the build"),
        new(StaticAssets, "files of wwwroot and of MudBlazor's _content, mapped by MapStaticAssets: public by design, never app data",
            endpoint => endpoint.Metadata.GetMetadata<StaticAssetDescriptor>() is not null),
    ];

    private const string StaticAssets = "(every static asset)";

    private static RouteRule Page(string route, params Outcome[] outcomes) => new(route, RouteKind.Page, Antiforgery.Required, outcomes);

    private static RouteRule Get(string route, params Outcome[] outcomes) => new(route, RouteKind.Get, Antiforgery.NotApplicable, outcomes);

    private static RouteRule Post(string route, params Outcome[] outcomes) => new(route, RouteKind.Post, Antiforgery.Required, outcomes);

    private static RouteRule Any(string route, params Outcome[] outcomes) => new(route, RouteKind.AnyMethod, Antiforgery.NotApplicable, outcomes);

    /// <summary>An API endpoint: no cookie opens it, whoever's it is.</summary>
    private static RouteRule Api(RouteKind kind, string route) => new(
        route, kind,
        kind == RouteKind.Get ? Antiforgery.NotApplicable : Antiforgery.Exempt("the API authenticates bearer secrets only, never cookies, so a cross-site request cannot act with a session"),
        [Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized]);
}

/// <summary>A page (GET to view, POST for its forms), or an endpoint mapped for one method or for all.</summary>
public enum RouteKind
{
    Page,
    Get,
    Post,
    Put,
    AnyMethod,
}

/// <summary>What a response must be for one subject.</summary>
public sealed record Outcome(string Name, string? Target = null)
{
    public static readonly Outcome Ok = new(nameof(Ok)), Login = new(nameof(Login)), Denied = new(nameof(Denied)),
        Hidden = new(nameof(Hidden)), Unauthorized = new(nameof(Unauthorized)), Forbidden = new(nameof(Forbidden));

    public static Outcome To(string target) => new(nameof(To), target);

    public bool IsAllowed => this == Ok || Name == nameof(To);

    public override string ToString() => Target is null ? Name : $"To({Target})";
}

/// <summary>Whether a POST must carry an antiforgery token, and if not, why.</summary>
public sealed record Antiforgery(bool Checked, string? ExemptBecause)
{
    public static readonly Antiforgery Required = new(true, null);

    public static readonly Antiforgery NotApplicable = new(false, "no POST");

    public static Antiforgery Exempt(string because) => new(false, because);
}

/// <param name="Route">The route template exactly as the app declares it, with a sample query string where the endpoint needs one.</param>
public sealed record RouteRule(string Route, RouteKind Kind, Antiforgery Antiforgery, IReadOnlyList<Outcome> Outcomes)
{
    /// <summary>The template as the app maps it (without the sample query).</summary>
    public string Template => Route.Split('?')[0];

    public string? Query => Route.Contains('?') ? Route[Route.IndexOf('?')..] : null;

    public Outcome For(Subject subject) =>
        Outcomes.Count == Subjects.All.Count
            ? Outcomes[(int)subject]
            : throw new InvalidOperationException($"{Route} names {Outcomes.Count} outcomes; the matrix has {Subjects.All.Count} columns.");

    /// <summary>The methods the app maps for this kind of route, as its endpoint metadata lists them (null: any).</summary>
    public IReadOnlyList<string>? Methods => Kind switch
    {
        RouteKind.Page => ["GET", "POST"],
        RouteKind.Get => ["GET"],
        RouteKind.Post => ["POST"],
        RouteKind.Put => ["PUT"],
        _ => null,
    };

    public RouteRule ExemptFromAntiforgery(string because) => this with { Antiforgery = Antiforgery.Exempt(because) };

    /// <summary>Names the rule among those of one template (an API resource has GET and PUT).</summary>
    public string Key => Kind is RouteKind.Put or RouteKind.Post && Template.StartsWith("/api/", StringComparison.Ordinal) ? $"{Kind.ToString().ToUpperInvariant()} {Route}" : Route;

    public override string ToString() => Key;
}

/// <summary>Endpoints left out of the matrix: one route template, or (with a predicate) a family such as static files.</summary>
public sealed record Exclusion(string Route, string Reason, Func<RouteEndpoint, bool>? Matches = null)
{
    public bool Covers(RouteEndpoint endpoint) => Matches?.Invoke(endpoint) ?? endpoint.RoutePattern.RawText == Route;
}
