using AfterSalesDesk.Web.Infrastructure;

namespace AfterSalesDesk.Web.Features.Integration;

/// <summary>
/// Every API error is RFC 9457 <c>application/problem+json</c>: a title, the detail a person can act on, and for bad
/// input the field errors (<c>errors</c>: field → messages), as ASP.NET Core's validation problems have them.
/// </summary>
public static class ApiProblem
{
    public static IResult Of(int status, string title, string? detail = null, IDictionary<string, string[]>? errors = null)
    {
        var problem = errors is { Count: > 0 } ? new HttpValidationProblemDetails(errors) : new Microsoft.AspNetCore.Mvc.ProblemDetails();
        problem.Status = status;
        problem.Title = title;
        problem.Detail = detail;
        problem.Type = TypeOf(status);
        return TypedResults.Problem(problem);
    }

    /// <summary>A service's refusal as a problem: not found 404, forbidden 403, conflict 409, invalid 422.</summary>
    public static IResult From(Result result) => result.Status switch
    {
        ResultStatus.NotFound => Of(StatusCodes.Status404NotFound, "Not found", result.Error),
        ResultStatus.Forbidden => Of(StatusCodes.Status403Forbidden, "Not allowed", result.Error),
        ResultStatus.Conflict => Of(StatusCodes.Status409Conflict, "Conflict", result.Error),
        _ => Of(StatusCodes.Status422UnprocessableEntity, "Not accepted", result.Error),
    };

    public static IResult Invalid(IDictionary<string, string[]> errors) =>
        Of(StatusCodes.Status422UnprocessableEntity, "The request has invalid fields.", "See errors for each field.", errors);

    public static Task Write(HttpContext context, int status, string title, string? detail) => Of(status, title, detail).ExecuteAsync(context);

    private static string TypeOf(int status) => status switch
    {
        400 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1",
        401 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2",
        403 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.4",
        404 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5",
        409 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.10",
        412 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.13",
        413 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14",
        422 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.21",
        428 => "https://www.rfc-editor.org/rfc/rfc6585#section-3",
        429 => "https://www.rfc-editor.org/rfc/rfc6585#section-4",
        _ => "about:blank",
    };
}
