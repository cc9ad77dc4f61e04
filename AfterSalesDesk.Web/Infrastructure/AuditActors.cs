using System.Security.Claims;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Identity;

namespace AfterSalesDesk.Web.Infrastructure;

/// <summary>
/// Builds the audit actor for a signed-in user: id, name, role and the IP address of the request
/// (in an interactive page, the address of the circuit's connection).
/// </summary>
public sealed class AuditActors(IHttpContextAccessor httpContextAccessor)
{
    public AuditActor For(ClaimsPrincipal user) => Features.Integration.ApiCaller.Of(user) is { } caller
        ? caller.Actor(Origin, Features.Integration.ApiCaller.BuyerOf(user))
        : new(
            user.FindFirstValue(ClaimTypes.NameIdentifier),
            user.Identity?.Name ?? "anonymous",
            Roles.All.FirstOrDefault(user.IsInRole) ?? "None",
            Origin);

    /// <summary>Someone not (yet) signed in, e.g. a login attempt with the name they typed.</summary>
    public AuditActor Anonymous(string claimedName) => new(null, claimedName, "Anonymous", Origin);

    public string Origin => OriginOf(httpContextAccessor.HttpContext);

    /// <summary>The IP address a request came from, as audit entries record it.</summary>
    public static string OriginOf(HttpContext? http) => http?.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
