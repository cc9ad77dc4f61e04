using System.Globalization;
using System.Text.Encodings.Web;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Integration;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Features.Integration;

/// <summary>
/// Authenticates <c>Authorization: Bearer asd_…</c> against the stored hashes, on every request (no cache: a revoke or
/// the end of a rotation's overlap takes effect on the next call). A refusal of a key that names a client is audited
/// with that client as the actor; a header that names no client of ours is only logged, so that strangers cannot fill
/// the audit trail. Cookies never authenticate the API, so a browser session cannot be used against it (no CSRF).
/// </summary>
public sealed class ApiClientAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IDbContextFactory<AppDbContext> contextFactory,
    AuditWriter audit,
    AuditActors actors,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    private const string FailureItem = "asd:api_auth_failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return Refuse("Send the client's secret in the Authorization header: Bearer asd_….");
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Refuse("The Authorization header must be \"Bearer\" followed by the client's secret.");
        }

        var token = header["Bearer ".Length..].Trim();
        if (ApiClientSecret.KeyIdOf(token) is not { } keyId)
        {
            return Refuse("That is not a secret issued by this platform.");
        }

        await using var db = await contextFactory.CreateDbContextAsync(Context.RequestAborted);
        var found = await db.ApiClients.AsNoTracking()
            .SelectMany(c => c.Secrets.Where(s => s.KeyId == keyId), (c, s) => new { Client = c, Secret = s })
            .SingleOrDefaultAsync(Context.RequestAborted);
        if (found is null)
        {
            Logger.LogWarning("API call with unknown key {KeyId} from {Origin}", keyId, actors.Origin);
            return Refuse("That secret is not known; it may have been mistyped.");
        }

        var now = clock.GetUtcNow();
        var (client, secret) = (found.Client, found.Secret);
        var refusal = !secret.Matches(token) ? "That secret is not valid."
            : client.IsRevoked ? $"Client {client.Name} was revoked on {client.RevokedAt:u}."
            : !secret.IsValidAt(now) ? $"That secret was replaced and stopped working on {secret.ExpiresAt:u}; use the new one."
            : null;
        if (refusal is not null)
        {
            await audit.RecordAsync(ApiCaller.ActorOf(client.Id, client.Name, actors.Origin), "api.authenticate", "ApiClient",
                client.Id.ToString(CultureInfo.InvariantCulture), AuditOutcome.Denied, $"{refusal} (key {keyId}, {Request.Method} {Request.Path})", Context.RequestAborted);
            return Refuse(refusal);
        }

        var caller = new ApiCaller(client.Id, client.Name, client.Kind, client.MerchantId, client.ScopeList, keyId);
        return AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var reason = Context.Items[FailureItem] as string ?? "Authenticate with the client's secret.";
        Response.Headers.WWWAuthenticate = "Bearer realm=\"AfterSalesDesk API\", error=\"invalid_token\"";
        await ApiProblem.Write(Context, StatusCodes.Status401Unauthorized, "Not authenticated", reason);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblem.Write(Context, StatusCodes.Status403Forbidden, "Not allowed", "This client may not call this endpoint.");

    private AuthenticateResult Refuse(string reason)
    {
        Context.Items[FailureItem] = reason;
        return AuthenticateResult.Fail(reason);
    }
}
