namespace AfterSalesDesk.Web.Features.Complaints;

internal static class ComplaintEndpoints
{
    /// <summary>Evidence files, only to users allowed to see the complaint; served like case attachments.</summary>
    public static IEndpointRouteBuilder MapComplaintEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/complaints/{complaintId:long}/evidence/{evidenceId:long}", async (
            long complaintId, long evidenceId, HttpContext context, ComplaintService complaints, CancellationToken cancellationToken) =>
        {
            var file = await complaints.OpenEvidenceAsync(context.User, complaintId, evidenceId, cancellationToken);
            if (file is null)
            {
                return Results.NotFound("That file does not exist, or it is not yours to see.");
            }

            return Cases.CaseEndpoints.Serve(context, file);
        }).RequireAuthorization();
        return endpoints;
    }
}
