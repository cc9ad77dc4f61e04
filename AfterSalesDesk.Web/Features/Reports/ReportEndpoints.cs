using System.Globalization;
using System.Security.Claims;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AfterSalesDesk.Web.Features.Reports;

internal static class ReportEndpoints
{
    /// <summary>
    /// <c>GET /reports/export/{table}?from=yyyy-MM-dd&amp;to=yyyy-MM-dd&amp;merchant=ID&amp;run=GUID</c>: the
    /// workbook, streamed as it is written (chunked, no length), for managers and merchants (a merchant
    /// naming another store's id gets 404). <c>run</c> is the id under which the reports page follows
    /// the download's progress and can cancel it. A cancelled or failed export aborts the connection, so
    /// the browser never keeps a cut-off file as if it were whole.
    /// </summary>
    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/reports/export/{table}", async (
            string table, string? from, string? to, int? merchant, Guid? run,
            HttpContext context, ReportService reports, ReportRuns runs, IOptions<ReportOptions> options, ILogger<ReportService> logger) =>
        {
            if (!TryDay(from, out var first) || !TryDay(to, out var last))
            {
                return Results.Text("Dates are written yyyy-MM-dd.", statusCode: StatusCodes.Status400BadRequest);
            }

            var prepared = await reports.PrepareAsync(context.User, table, new ReportRequest(first, last, merchant, UserTimeZones.Resolve(context, options.Value.TimeZone).Id), context.RequestAborted);
            if (prepared.Export is not { } export)
            {
                return Results.Text(prepared.Result.Error, statusCode: prepared.Result.Status switch
                {
                    ResultStatus.NotFound => StatusCodes.Status404NotFound,
                    ResultStatus.Forbidden => StatusCodes.Status403Forbidden,
                    _ => StatusCodes.Status400BadRequest,
                });
            }

            using var tracked = run is { } id ? runs.Start(id, context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", export.Table.Key, context.RequestAborted) : null;
            if (run is not null && tracked is null)
            {
                return Results.Text("This export has already been started.", statusCode: StatusCodes.Status409Conflict);
            }

            var response = context.Response;
            response.ContentType = ReportService.ContentType;
            response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment")
            {
                FileName = export.FileName,
                FileNameStar = export.FileName,
            }.ToString();
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers.CacheControl = "private, no-store";
            try
            {
                await export.WriteAsync(response.Body, rows => tracked?.Progress(rows), tracked?.Token ?? context.RequestAborted);
                tracked?.End(ReportRunState.Finished);
            }
            catch (OperationCanceledException)
            {
                tracked?.End(ReportRunState.Cancelled);
                context.Abort();
            }
            catch (Exception ex)
            {
                tracked?.End(ReportRunState.Failed);
                logger.LogError(ex, "Export {Table} failed", export.Table.Key);
                context.Abort();
            }

            return Results.Empty;
        }).RequireAuthorization(Policies.ReportExporters);
        return endpoints;
    }

    private static bool TryDay(string? text, out DateOnly? day)
    {
        day = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            day = parsed;
            return true;
        }

        return false;
    }
}
