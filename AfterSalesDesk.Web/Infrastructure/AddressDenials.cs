using AfterSalesDesk.Data.Audit;

namespace AfterSalesDesk.Web.Infrastructure;

/// <summary>
/// A page or endpoint refused by its role policy is in the audit trail, as the services' own refusals
/// are: over HTTP when the cookie handler answers "access denied" (403 or the redirect to the
/// access-denied page), and inside a live connection when the router shows "Access denied" for a page
/// the user moved to. Who tried to open what is what an investigation asks first.
/// </summary>
public static class AddressDenials
{
    public const string Action = "address.open";

    public const string EntityType = "Address";

    private const int MaxAddress = 300;

    public static Task RecordAsync(AuditWriter audit, AuditActor actor, string address, CancellationToken cancellationToken = default) =>
        audit.RecordAsync(actor, Action, EntityType, address.Length > MaxAddress ? address[..MaxAddress] : address, AuditOutcome.Denied,
            "This role may not open this address.", cancellationToken);

    /// <summary>The refusal of the request being answered (the cookie handler's access-denied event).</summary>
    public static Task RecordAsync(HttpContext http)
    {
        var services = http.RequestServices;
        return RecordAsync(services.GetRequiredService<AuditWriter>(), services.GetRequiredService<AuditActors>().For(http.User),
            http.Request.Path.ToString() + http.Request.QueryString, http.RequestAborted);
    }
}
