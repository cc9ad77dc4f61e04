using System.Globalization;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Integration;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Features.Integration;

/// <summary>
/// <c>/api/v1</c>: the order system's endpoints (issue 18). Only API clients get in (bearer secrets; cookies never), each
/// endpoint names the scope it needs (checked by <see cref="CheckScopeAsync"/> before the body is read), every POST needs an Idempotency-Key (<see cref="ApiIdempotency"/>), PUT honours
/// If-Match, each client has its own rate limit, and every error is a problem document.
/// </summary>
public static class ApiEndpoints
{
    public const string Policy = "ApiClients";
    public const string RateLimit = "api";

    public static IEndpointRouteBuilder MapApiEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1")
            .RequireAuthorization(Policy)
            .RequireRateLimiting(RateLimit)
            .DisableAntiforgery()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        var merchants = api.MapGroup("/merchants").WithTags("Merchants");
        merchants.MapPut("/{code}", (string code, MerchantInput body, OrderSyncService service, HttpContext http, CancellationToken ct) =>
                SingleAsync(http, body.Code, code, "code", () => service.UpsertMerchantsAsync(Caller(http), Origin(http), [body with { Code = code }], IfMatch(http), ct),
                    () => service.GetMerchantAsync(Caller(http), Origin(http), code, ct, audited: false), $"/api/v1/merchants/{code}"))
            .WithScope(ApiScopes.MerchantsWrite).WithName("UpsertMerchant").WithSummary("Create or update a store by its code.")
            .Produces<MerchantView>(StatusCodes.Status200OK).Produces<MerchantView>(StatusCodes.Status201Created).ProducesUpsertProblems();
        merchants.MapGet("/{code}", async (string code, OrderSyncService service, HttpContext http, CancellationToken ct) =>
                Read(http, await service.GetMerchantAsync(Caller(http), Origin(http), code, ct), $"There is no merchant {code}."))
            .WithScope(ApiScopes.MerchantsWrite).WithName("GetMerchant").WithSummary("A store, with its ETag.")
            .Produces<MerchantView>().ProducesProblem(StatusCodes.Status404NotFound);
        merchants.MapPost("/batch", (Batch<MerchantInput> body, OrderSyncService service, HttpContext http, IOptions<ApiOptions> options, CancellationToken ct) =>
                BatchAsync(body, options, items => service.UpsertMerchantsAsync(Caller(http), Origin(http), items, null, ct)))
            .WithScope(ApiScopes.MerchantsWrite).WithName("UpsertMerchants").WithSummary("Create or update up to 500 stores; each item is reported.")
            .Produces<BatchResult>().ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

        merchants.MapPut("/{merchant}/products/{sku}", (string merchant, string sku, ProductInput body, OrderSyncService service, HttpContext http, CancellationToken ct) =>
                body.Merchant is not null && body.Merchant.Trim() != merchant
                    ? Task.FromResult(Disagrees("merchant", body.Merchant, merchant))
                    : SingleAsync(http, body.Sku, sku, "sku", () => service.UpsertProductsAsync(Caller(http), Origin(http), [body with { Merchant = merchant, Sku = sku }], IfMatch(http), ct),
                        () => service.GetProductAsync(Caller(http), Origin(http), merchant, sku, ct, audited: false), $"/api/v1/merchants/{merchant}/products/{sku}"))
            .WithScope(ApiScopes.ProductsWrite).WithTags("Products").WithName("UpsertProduct").WithSummary("Create or update a store's product by its SKU, with its warranty.")
            .Produces<ProductView>(StatusCodes.Status200OK).Produces<ProductView>(StatusCodes.Status201Created).ProducesUpsertProblems();
        merchants.MapGet("/{merchant}/products/{sku}", async (string merchant, string sku, OrderSyncService service, HttpContext http, CancellationToken ct) =>
                Read(http, await service.GetProductAsync(Caller(http), Origin(http), merchant, sku, ct), $"There is no product {sku} of merchant {merchant}."))
            .WithScope(ApiScopes.ProductsWrite).WithTags("Products").WithName("GetProduct").WithSummary("A product, with its ETag.")
            .Produces<ProductView>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/products/batch", (Batch<ProductInput> body, OrderSyncService service, HttpContext http, IOptions<ApiOptions> options, CancellationToken ct) =>
                BatchAsync(body, options, items => service.UpsertProductsAsync(Caller(http), Origin(http), items, null, ct)))
            .WithScope(ApiScopes.ProductsWrite).WithTags("Products").WithName("UpsertProducts").WithSummary("Create or update up to 500 products; each item is reported.")
            .Produces<BatchResult>().ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

        var buyers = api.MapGroup("/buyers").WithTags("Buyers");
        buyers.MapPut("/{code}", (string code, BuyerInput body, OrderSyncService service, HttpContext http, CancellationToken ct) =>
                SingleAsync(http, body.Code, code, "code", () => service.UpsertBuyersAsync(Caller(http), Origin(http), [body with { Code = code }], IfMatch(http), ct),
                    () => service.GetBuyerAsync(Caller(http), Origin(http), code, ct, audited: false), $"/api/v1/buyers/{code}"))
            .WithScope(ApiScopes.BuyersWrite).WithName("UpsertBuyer").WithSummary("Create or update a buyer by the platform's account number.")
            .Produces<BuyerView>(StatusCodes.Status200OK).Produces<BuyerView>(StatusCodes.Status201Created).ProducesUpsertProblems();
        buyers.MapGet("/{code}", async (string code, OrderSyncService service, HttpContext http, CancellationToken ct) =>
                Read(http, await service.GetBuyerAsync(Caller(http), Origin(http), code, ct), $"There is no buyer {code}."))
            .WithScope(ApiScopes.BuyersWrite).WithName("GetBuyer").WithSummary("A buyer, with its ETag.")
            .Produces<BuyerView>().ProducesProblem(StatusCodes.Status404NotFound);
        buyers.MapPost("/batch", (Batch<BuyerInput> body, OrderSyncService service, HttpContext http, IOptions<ApiOptions> options, CancellationToken ct) =>
                BatchAsync(body, options, items => service.UpsertBuyersAsync(Caller(http), Origin(http), items, null, ct)))
            .WithScope(ApiScopes.BuyersWrite).WithName("UpsertBuyers").WithSummary("Create or update up to 500 buyers; each item is reported.")
            .Produces<BatchResult>().ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

        var orders = api.MapGroup("/orders").WithTags("Orders");
        orders.MapPut("/{orderNo}", (string orderNo, OrderInput body, OrderSyncService service, HttpContext http, CancellationToken ct) =>
                SingleAsync(http, body.OrderNo, orderNo, "orderNo", () => service.UpsertOrdersAsync(Caller(http), Origin(http), [body with { OrderNo = orderNo }], IfMatch(http), ct),
                    () => service.GetOrderAsync(Caller(http), Origin(http), orderNo, ct, audited: false), $"/api/v1/orders/{orderNo}"))
            .WithScope(ApiScopes.OrdersWrite).WithName("UpsertOrder")
            .WithSummary("Place an order, or record its next steps: payment, shipment, delivery, completion.")
            .WithDescription("What was placed never changes and nothing recorded is taken back. A step out of the order's life cycle (delivered before shipped) is 409 and changes nothing.")
            .Produces<OrderView>(StatusCodes.Status200OK).Produces<OrderView>(StatusCodes.Status201Created).ProducesUpsertProblems();
        orders.MapGet("/{orderNo}", async (string orderNo, OrderSyncService service, HttpContext http, CancellationToken ct) =>
                Read(http, await service.GetOrderAsync(Caller(http), Origin(http), orderNo, ct), $"There is no order {orderNo}."))
            .WithScope(ApiScopes.OrdersRead).WithName("GetOrder").WithSummary("An order with its lines (their ids name them in cases), payment and shipment, with its ETag.")
            .Produces<OrderView>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/orders", async (string? merchant, string? cursor, int? limit, OrderSyncService service, HttpContext http, CancellationToken ct) =>
                await PageAsync(cursor, limit, async (after, size) => Results.Ok(await service.ListOrdersAsync(Caller(http), Origin(http), merchant, after, size, ct))))
            .WithScope(ApiScopes.OrdersRead).WithTags("Orders").WithName("ListOrders").WithSummary("Orders, oldest first, a page at a time: pass the last page's next as cursor.")
            .Produces<Page<OrderView>>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        orders.MapPost("/batch", (Batch<OrderInput> body, OrderSyncService service, HttpContext http, IOptions<ApiOptions> options, CancellationToken ct) =>
                BatchAsync(body, options, items => service.UpsertOrdersAsync(Caller(http), Origin(http), items, null, ct)))
            .WithScope(ApiScopes.OrdersWrite).WithName("UpsertOrders").WithSummary("Place or advance up to 500 orders; each item is reported.")
            .Produces<BatchResult>().ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        MapStorefront(api);
        return app;
    }

    /// <summary>The storefront, acting for the buyer named in the address (scope cases:buyer).</summary>
    private static void MapStorefront(RouteGroupBuilder api)
    {
        const string cases = "/buyers/{buyer}/cases";
        var buyerCases = api.MapGroup(cases).WithTags("Storefront");
        api.MapPost(cases, (string buyer, OpenCaseRequest body, StorefrontService service, HttpContext http, CancellationToken ct) =>
                AsBuyerAsync(http, service, buyer, ct, async b =>
                {
                    if (service.Check(body) is { Count: > 0 } errors)
                    {
                        return ApiProblem.Invalid(errors);
                    }

                    var location = $"/api/v1/buyers/{buyer}/cases/";
                    var (result, opened) = await service.OpenAsync(b, body, ApiIdempotency.RecordIdOf(http), location, ct);
                    if (opened is not { } created)
                    {
                        return ApiProblem.From(result);
                    }

                    http.Response.Headers.ETag = created.ETag;
                    if (ApiIdempotency.RecordIdOf(http) is not null)
                    {
                        // The case's transaction stored this very response with its key (decision 0025 §13).
                        http.Items[ApiIdempotency.StoredItem] = true;
                    }

                    return Results.Created(location + created.View.CaseNo, created.View);
                }))
            .WithScope(ApiScopes.BuyerCases).WithTags("Storefront").WithName("OpenCase")
            .WithSummary("Open an after-sales case for the buyer on lines of one of their orders.")
            .WithDescription("The same rules as when an agent opens it: the order's after-sales window, what was already requested on each line, the kind allowed at this stage. The response is stored with the case, so a retry with the same Idempotency-Key never opens a second one.")
            .Produces<BuyerCaseView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet(cases, (string buyer, string? cursor, int? limit, StorefrontService service, HttpContext http, CancellationToken ct) =>
                AsBuyerAsync(http, service, buyer, ct, b =>
                    PageAsync(cursor, limit, async (after, size) => Results.Ok(await service.ListAsync(b, after, size, ct)))))
            .WithScope(ApiScopes.BuyerCases).WithTags("Storefront").WithName("ListBuyerCases").WithSummary("The buyer's cases, oldest first, a page at a time.")
            .Produces<Page<BuyerCaseSummary>>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        buyerCases.MapGet("/{caseNo}", (string buyer, string caseNo, StorefrontService service, HttpContext http, CancellationToken ct) =>
                AsBuyerAsync(http, service, buyer, ct, async b => Read(http, await service.GetAsync(b, caseNo, ct), StorefrontService.NoSuchCase)))
            .WithScope(ApiScopes.BuyerCases).WithName("GetBuyerCase")
            .WithSummary("One of the buyer's cases as the buyer may see it (never internal notes), with what they may do now and its ETag.")
            .Produces<BuyerCaseView>().ProducesProblem(StatusCodes.Status404NotFound);

        MapCaseCommand<MessageRequest>(buyerCases, "/{caseNo}/messages", "PostBuyerMessage", "Post the buyer's message to the case's conversation.",
            (s, b, caseNo, body, _, ct) => s.MessageAsync(b, caseNo, body, ct));
        buyerCases.MapPost("/{caseNo}/evidence", (string buyer, string caseNo, StorefrontService service, HttpContext http, CancellationToken ct) =>
                AsBuyerAsync(http, service, buyer, ct, async b =>
                {
                    // Read here rather than bound: a bound form makes routing answer 415 before authentication, to anyone.
                    if (!http.Request.HasFormContentType)
                    {
                        return ApiProblem.Of(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the file as multipart/form-data, in the field \"file\".");
                    }

                    var form = await http.Request.ReadFormAsync(ct);
                    if (form.Files.GetFile("file") is not { } file)
                    {
                        return ApiProblem.Invalid(new Dictionary<string, string[]> { ["file"] = ["Send the file in the multipart field \"file\"."] });
                    }

                    return await AfterCommandAsync(http, service, b, caseNo, await service.EvidenceAsync(b, caseNo, file, ct), ct);
                }))
            .WithScope(ApiScopes.BuyerCases).WithName("UploadBuyerEvidence").WithMetadata(new MultipartFile("file"))
            .WithSummary("Upload a photo or document as evidence (multipart form field \"file\"); the same content checks as on the case page.")
            .ProducesCommandResults().ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        MapCaseCommand<ReturnShipmentRequest>(buyerCases, "/{caseNo}/return-shipment", "SubmitReturnWaybill", "Submit the waybill of the goods the buyer sent back.",
            (s, b, caseNo, body, ifMatch, ct) => s.ReturnShipmentAsync(b, caseNo, body, ifMatch, ct));
        MapCaseCommand<AnswerRequest>(buyerCases, "/{caseNo}/counter-offer", "AnswerCounterOffer", "Accept the merchant's counter-offer, or decline it and ask the platform to step in.",
            (s, b, caseNo, body, ifMatch, ct) => s.AnswerCounterOfferAsync(b, caseNo, body, ifMatch, ct));
        MapCaseCommand<AnswerRequest>(buyerCases, "/{caseNo}/repair-quote", "AnswerRepairQuote", "Accept or decline the merchant's quote for a charged repair.",
            (s, b, caseNo, body, ifMatch, ct) => s.AnswerQuoteAsync(b, caseNo, body, ifMatch, ct));
        MapCaseCommand<CancelRequest>(buyerCases, "/{caseNo}/cancel", "CancelBuyerCase", "Withdraw the buyer's request.",
            (s, b, caseNo, body, ifMatch, ct) => s.CancelAsync(b, caseNo, body, ifMatch, ct));
        MapCaseCommand<DisputeRequest>(buyerCases, "/{caseNo}/dispute", "DisputeRejection", "Dispute the merchant's rejection: the platform arbitrates with evidence from both sides.",
            (s, b, caseNo, body, ifMatch, ct) => s.DisputeAsync(b, caseNo, body, ifMatch, ct));
        MapCaseCommand<RatingRequest>(buyerCases, "/{caseNo}/rating", "RateService", "Rate the service of a finished case, 1 to 5 stars; a low rating opens a follow-up.",
            (s, b, caseNo, body, _, ct) => s.RateAsync(b, caseNo, body, ct));
    }

    private delegate Task<Result> CaseCommand<T>(StorefrontService service, Buyer buyer, string caseNo, T body, string? ifMatch, CancellationToken cancellationToken);

    private static void MapCaseCommand<T>(RouteGroupBuilder group, string pattern, string name, string summary, CaseCommand<T> command) =>
        group.MapPost(pattern, (string buyer, string caseNo, T body, StorefrontService service, HttpContext http, CancellationToken ct) =>
                AsBuyerAsync(http, service, buyer, ct, async b =>
                    await AfterCommandAsync(http, service, b, caseNo, await command(service, b, caseNo, body, IfMatch(http), ct), ct)))
            .WithScope(ApiScopes.BuyerCases).WithName(name).WithSummary(summary).WithMetadata(new IfMatchOnPost()).ProducesCommandResults();

    /// <summary>The buyer named in the address, or 404 the same for a made-up account number and one this client may not act for.</summary>
    private static async Task<IResult> AsBuyerAsync(HttpContext http, StorefrontService service, string buyerCode, CancellationToken ct, Func<Buyer, Task<IResult>> act) =>
        await service.BuyerAsync(Caller(http), Origin(http), buyerCode, ct) is { } buyer
            ? await act(buyer)
            : ApiProblem.Of(StatusCodes.Status404NotFound, "Not found", $"There is no buyer {buyerCode}.");

    /// <summary>A command's refusal as its problem (a stale If-Match is 412), else the case as it now is.</summary>
    private static async Task<IResult> AfterCommandAsync(HttpContext http, StorefrontService service, Buyer buyer, string caseNo, Result result, CancellationToken ct)
    {
        if (!result.Succeeded)
        {
            return result.Error == StorefrontService.PreconditionFailed
                ? ApiProblem.Of(StatusCodes.Status412PreconditionFailed, "Precondition failed", result.Error)
                : ApiProblem.From(result);
        }

        return Read(http, await service.GetAsync(buyer, caseNo, ct), StorefrontService.NoSuchCase);
    }

    private static RouteHandlerBuilder ProducesCommandResults(this RouteHandlerBuilder builder) => builder
        .Produces<BuyerCaseView>()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed)
        .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

    /// <summary>A list's page: the cursor as a page gave it (else 400) and 1 to 200 items (default 50; else 422).</summary>
    private static Task<IResult> PageAsync(string? cursor, int? limit, Func<long, int, Task<IResult>> list) =>
        ApiCursor.Decode(cursor) is not { } after
            ? Task.FromResult(ApiProblem.Of(StatusCodes.Status400BadRequest, "Unknown cursor", "Pass the cursor exactly as the last page's \"next\" gave it."))
            : limit is < 1 or > 200
                ? Task.FromResult(ApiProblem.Invalid(new Dictionary<string, string[]> { ["limit"] = ["From 1 to 200."] }))
                : list(after, limit ?? 50);

    private static ApiCaller Caller(HttpContext http) => ApiCaller.Of(http.User) ?? throw new InvalidOperationException("The API policy lets only API clients in.");

    private static string Origin(HttpContext http) => AuditActors.OriginOf(http);

    private static string? IfMatch(HttpContext http) => http.Request.Headers.IfMatch.ToString() is { Length: > 0 } value ? value : null;

    /// <summary>One upsert: its item's status, with the resource as it now is and its ETag, or the item's problem.</summary>
    private static async Task<IResult> SingleAsync<TView>(
        HttpContext http, string? bodyId, string pathId, string field, Func<Task<BatchResult>> upsert, Func<Task<(TView View, string ETag)?>> read, string location)
    {
        if (bodyId is not null && !string.Equals(bodyId.Trim(), pathId, StringComparison.Ordinal))
        {
            return Disagrees(field, bodyId, pathId);
        }

        var item = (await upsert()).Items[0];
        if (item.Problem is { } problem)
        {
            return ApiProblem.Of(item.Status, problem.Title, problem.Detail, problem.Errors);
        }

        var (view, etag) = (await read())!.Value;
        http.Response.Headers.ETag = etag;
        return item.Status == StatusCodes.Status201Created ? Results.Created(location, view) : Results.Ok(view);
    }

    private static IResult Disagrees(string field, string bodyId, string? pathId) =>
        ApiProblem.Invalid(new Dictionary<string, string[]> { [field] = [$"The body names {bodyId}, the address {pathId}; leave it out or make them agree."] });

    private static async Task<IResult> BatchAsync<T>(Batch<T> body, IOptions<ApiOptions> options, Func<IReadOnlyList<T>, Task<BatchResult>> upsert)
    {
        var max = options.Value.MaxBatchItems;
        if (body.Items is not { Count: > 0 } items || items.Count > max)
        {
            return ApiProblem.Invalid(new Dictionary<string, string[]>
            {
                ["items"] = [string.Create(CultureInfo.InvariantCulture, $"From 1 to {max} items; this has {body.Items?.Count ?? 0}.")],
            });
        }

        return Results.Ok(await upsert(items));
    }

    private static IResult Read<TView>(HttpContext http, (TView View, string ETag)? found, string missing)
    {
        if (found is not { } resource)
        {
            return ApiProblem.Of(StatusCodes.Status404NotFound, "Not found", missing);
        }

        http.Response.Headers.ETag = resource.ETag;
        if (http.Request.Headers.IfNoneMatch.ToString() == resource.ETag)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Ok(resource.View);
    }

    private static RouteHandlerBuilder ProducesUpsertProblems(this RouteHandlerBuilder builder) => builder
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed)
        .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

    private static RouteHandlerBuilder WithScope(this RouteHandlerBuilder builder, string scope) => builder.WithMetadata(new RequiredScope(scope));

    /// <summary>An endpoint whose body is a multipart form with one file in this field (for the OpenAPI document).</summary>
    public sealed record MultipartFile(string Field);

    /// <summary>A POST command on a resource that honours If-Match (for the OpenAPI document).</summary>
    public sealed record IfMatchOnPost;

    /// <summary>The scope an endpoint needs; a client without it is refused (403) and the refusal audited.</summary>
    public sealed record RequiredScope(string Scope);

    /// <summary>
    /// Refuses a client without the endpoint's scope (403, audited) before anything else of the request is read: a
    /// client that may not call an endpoint learns nothing from it, not even whether its body would have been valid.
    /// </summary>
    public static async Task CheckScopeAsync(HttpContext http, Func<Task> next)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<RequiredScope>() is not { } required || ApiCaller.Of(http.User) is not { } caller || caller.Has(required.Scope))
        {
            await next();
            return;
        }

        var audit = http.RequestServices.GetRequiredService<AuditWriter>();
        await audit.RecordAsync(caller.Actor(Origin(http)), "api.scope", "ApiClient", caller.ClientId.ToString(CultureInfo.InvariantCulture), AuditOutcome.Denied,
            $"{http.Request.Method} {http.Request.Path} needs scope {required.Scope}; the client has {string.Join(" ", caller.Scopes)}.", http.RequestAborted);
        await ApiProblem.Write(http, StatusCodes.Status403Forbidden, "Scope missing", $"This endpoint needs the scope {required.Scope}; this client has {string.Join(", ", caller.Scopes)}.");
    }
}
