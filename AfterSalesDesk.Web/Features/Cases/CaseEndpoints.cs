namespace AfterSalesDesk.Web.Features.Cases;

internal static class CaseEndpoints
{
    /// <summary>
    /// Attachments are served only through this endpoint, to users allowed to see the case; never from
    /// the web root. The browser may not sniff another type, and active content is sandboxed.
    /// </summary>
    public static IEndpointRouteBuilder MapCaseEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/cases/{caseId:long}/attachments/{attachmentId:long}", async (
            long caseId, long attachmentId, HttpContext context, CaseService cases, CancellationToken cancellationToken) =>
        {
            var file = await cases.OpenAttachmentAsync(context.User, caseId, attachmentId, cancellationToken);
            if (file is null)
            {
                return Results.NotFound("That attachment does not exist, or it is not yours to see.");
            }

            return Serve(context, file);
        }).RequireAuthorization();
        return endpoints;
    }

    /// <summary>A stored file for a user already allowed to see it: never sniffed, active content sandboxed, not cached.</summary>
    public static IResult Serve(HttpContext context, AttachmentFile file)
    {
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.ContentSecurityPolicy = "sandbox";
        context.Response.Headers.CacheControl = "private, no-store";
        return Results.File(file.Content, file.ContentType, file.FileName, enableRangeProcessing: true);
    }
}
