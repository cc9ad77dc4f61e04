using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using AfterSalesDesk.Web.Infrastructure;

namespace AfterSalesDesk.Web.Features.Integration;

/// <summary>The API's services and its part of the request pipeline (issue 18, decision 0025).</summary>
public static class IntegrationSetup
{
    public static IServiceCollection AddAfterSalesApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiOptions>().Bind(configuration.GetSection(ApiOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiOptions>>(new OptionsProblems<ApiOptions>(api => api.Validate()));
        services.AddScoped<OrderSyncService>();
        services.AddScoped<StorefrontService>();
        services.AddScoped<ApiDocumentSource>();
        services.AddSingleton<IdempotencyCleanup>();
        services.AddHostedService<IdempotencyCleanupService>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiClientAuthenticationHandler>(ApiCaller.Scheme, displayName: null, configureOptions: null);
        services.Configure<AuthorizationOptions>(options =>
            options.AddPolicy(ApiEndpoints.Policy, policy => policy.AddAuthenticationSchemes(ApiCaller.Scheme).RequireAuthenticatedUser()));

        // Strict JSON: enums by name, and a field the API does not know is an error, not silently dropped (a typo in
        // "deliveredAt" must not look like an order that was never delivered).
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
            options.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        });

        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(ApiEndpoints.RateLimit, http =>
            {
                var settings = http.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value;
                var key = ApiCaller.Of(http.User) is { } caller
                    ? "client:" + caller.ClientId.ToString(CultureInfo.InvariantCulture)
                    : "address:" + http.Connection.RemoteIpAddress;
                return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = settings.Burst,
                    TokensPerPeriod = settings.RequestsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 1;
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await ApiProblem.Write(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                    string.Create(CultureInfo.InvariantCulture, $"This client has used its requests for now; retry after {seconds} s."));
            };
        });

        services.AddOpenApi("v1", ApiDocument.Configure);
        return services;
    }

    /// <summary>After authentication and authorization, for the API's paths only: errors as problems, the scope, the rate limit, then idempotency.</summary>
    public static WebApplication UseAfterSalesApi(this WebApplication app)
    {
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api"), api => api.UseMiddleware<ApiErrors>());
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api/v1"), api => api.Use(ApiEndpoints.CheckScopeAsync));
        app.UseRateLimiter();
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api/v1"), api => api.UseMiddleware<ApiIdempotency>());
        return app;
    }

    public static WebApplication MapAfterSalesApi(this WebApplication app)
    {
        app.MapApiEndpoints();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        return app;
    }
}

/// <summary>An unexpected failure in the API is a problem document (logged with its trace id), not the app's HTML error page.</summary>
public sealed class ApiErrors(RequestDelegate next, ILogger<ApiErrors> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted && ex.InnerException is System.Text.Json.JsonException json)
        {
            // The body is not the JSON the endpoint takes: say where (the JSON path) and why.
            context.Response.Clear();
            var field = string.IsNullOrEmpty(json.Path) ? "$" : json.Path;
            await ApiProblem.Of(StatusCodes.Status400BadRequest, "The body cannot be read.", "See errors for where.",
                new Dictionary<string, string[]> { [field] = [json.Message.Split(" Path:", 2)[0]] }).ExecuteAsync(context);
        }
        catch (Exception ex) when (ex is not BadHttpRequestException && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(ex, "API request {Method} {Path} failed ({TraceId})", context.Request.Method, context.Request.Path, context.TraceIdentifier);
            context.Response.Clear();
            await ApiProblem.Write(context, StatusCodes.Status500InternalServerError, "Something went wrong",
                $"Quote {context.TraceIdentifier} when reporting it. Retrying with the same Idempotency-Key is safe: a failed request's key is not kept.");
        }
    }
}
