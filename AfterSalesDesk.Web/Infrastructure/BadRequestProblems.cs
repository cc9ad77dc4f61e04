using System.Text.RegularExpressions;

namespace AfterSalesDesk.Web.Infrastructure;

/// <summary>
/// A value in the address that cannot be read (<c>merchant=99999999999</c>, a date that is no date) is
/// answered with 400 and a problem+json body naming the field, in every environment: never a stack trace,
/// never an empty body. Endpoints throw on such values everywhere (not only in Development), so that this
/// is the one place that answers them.
/// </summary>
internal static partial class BadRequestProblems
{
    public static IServiceCollection AddBadRequestProblems(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    public static IApplicationBuilder UseBadRequestProblems(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            var match = UnboundParameter().Match(ex.Message);
            var errors = new Dictionary<string, string[]>();
            if (match.Success)
            {
                errors[match.Groups["name"].Value] = [$"'{match.Groups["value"].Value}' is not a valid {match.Groups["type"].Value.Replace("Nullable<", "", StringComparison.Ordinal).TrimEnd('>')}."];
            }

            await Results.ValidationProblem(errors,
                title: match.Success ? $"The value of '{match.Groups["name"].Value}' cannot be read." : "The request cannot be read.",
                detail: match.Success ? null : ex.Message,
                statusCode: ex.StatusCode).ExecuteAsync(context);
        }
    });

    // Minimal APIs say: Failed to bind parameter "Nullable<int> merchant" from "99999999999".
    [GeneratedRegex("""parameter "(?<type>[^"]*) (?<name>\w+)" from "(?<value>[^"]*)"\.""")]
    private static partial Regex UnboundParameter();
}
