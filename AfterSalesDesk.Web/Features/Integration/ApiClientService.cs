using System.Globalization;
using System.Security.Claims;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Integration;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Web.Features.Integration;

/// <summary>
/// Administration → Integrations: API clients and their secrets (issue 18). Administrators only; every command is one
/// audited transaction, and a secret is in the answer of the command that made it and nowhere else.
/// </summary>
public sealed class ApiClientService(IDbContextFactory<AppDbContext> contextFactory, AuditActors actors, AuditWriter audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<ApiClientRow>?> ListAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (!user.IsInRole(Roles.Admin))
        {
            await audit.RecordAsync(actors.For(user), "api-client.list", "ApiClient", null, AuditOutcome.Denied, "Only administrators manage API clients.", cancellationToken);
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var clients = await db.ApiClients.AsNoTracking().Include(c => c.Secrets)
            .OrderBy(c => c.RevokedAt != null).ThenBy(c => c.Name).ThenBy(c => c.Id)
            .ToListAsync(cancellationToken);
        var merchantIds = clients.Where(c => c.MerchantId is not null).Select(c => c.MerchantId!.Value).Distinct().ToList();
        var merchants = await db.Merchants.Where(m => merchantIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Code + " · " + m.Name, cancellationToken);
        return clients.Select(c => new ApiClientRow(
            c.Id, c.Name, c.Kind, c.ScopeList, c.MerchantId, c.MerchantId is { } m ? merchants[m] : null, c.CreatedAt, c.CreatedBy,
            c.RevokedAt, c.RevokedBy, c.Version,
            c.Secrets.Where(s => s.IsValidAt(now)).OrderBy(s => s.CreatedAt).ThenBy(s => s.Id)
                .Select(s => new SecretRow(s.KeyId, s.CreatedAt, s.ExpiresAt)).ToList())).ToList();
    }

    public async Task<IssuedSecret> CreateAsync(ClaimsPrincipal user, NewApiClient input, CancellationToken cancellationToken = default)
    {
        if (!user.IsInRole(Roles.Admin))
        {
            return new IssuedSecret(await audit.DenyAsync(actors.For(user), "api-client.create", "ApiClient", null, "Only administrators manage API clients."), null, null);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.AuditAs(actors.For(user), "api-client.create", clock);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (input.MerchantId is { } merchantId && !await db.Merchants.AnyAsync(m => m.Id == merchantId, cancellationToken))
        {
            return await RefuseAsync(transaction, user, "api-client.create", null, Result.Invalid("The chosen merchant does not exist."), cancellationToken);
        }

        try
        {
            var (client, secret) = ApiClient.Create(input.Name, input.Kind, input.Scopes, input.MerchantId, user.Identity?.Name ?? "", clock.GetUtcNow());
            db.ApiClients.Add(client);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new IssuedSecret(Result.Ok, client.Id, secret);
        }
        catch (DomainException ex)
        {
            return await RefuseAsync(transaction, user, "api-client.create", null, Result.Invalid(ex.Message), cancellationToken);
        }
    }

    /// <summary>A new secret; the ones in use keep working for <paramref name="overlap"/>.</summary>
    public Task<IssuedSecret> RotateAsync(ClaimsPrincipal user, int clientId, TimeSpan overlap, Guid seenVersion, CancellationToken cancellationToken = default) =>
        CommandAsync(user, clientId, "api-client.rotate", seenVersion, client => client.Rotate(overlap, clock.GetUtcNow()), cancellationToken);

    /// <summary>Ends the client and all its secrets now.</summary>
    public Task<IssuedSecret> RevokeAsync(ClaimsPrincipal user, int clientId, Guid seenVersion, CancellationToken cancellationToken = default) =>
        CommandAsync(user, clientId, "api-client.revoke", seenVersion, client =>
        {
            client.Revoke(user.Identity?.Name ?? "", clock.GetUtcNow());
            return null;
        }, cancellationToken);

    private async Task<IssuedSecret> CommandAsync(
        ClaimsPrincipal user, int clientId, string action, Guid seenVersion, Func<ApiClient, string?> change, CancellationToken cancellationToken)
    {
        var id = clientId.ToString(CultureInfo.InvariantCulture);
        if (!user.IsInRole(Roles.Admin))
        {
            return new IssuedSecret(await audit.DenyAsync(actors.For(user), action, "ApiClient", id, "Only administrators manage API clients."), null, null);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.AuditAs(actors.For(user), action, clock);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var client = await db.ApiClients.Include(c => c.Secrets).SingleOrDefaultAsync(c => c.Id == clientId, cancellationToken);
        if (client is null)
        {
            return await RefuseAsync(transaction, user, action, id, Result.NotFound("That API client does not exist."), cancellationToken);
        }

        if (client.Version != seenVersion)
        {
            return await RefuseAsync(transaction, user, action, id, Result.Conflict($"Client {client.Name} was changed since you loaded it; reload and try again."), cancellationToken);
        }

        try
        {
            var secret = change(client);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new IssuedSecret(Result.Ok, client.Id, secret);
        }
        catch (DomainException ex)
        {
            return await RefuseAsync(transaction, user, action, id, Result.Invalid(ex.Message), cancellationToken);
        }
    }

    /// <summary>
    /// A refused command is audited as failed, with its reason. The command's transaction ends first: it holds the write
    /// lock, which the refusal's own entry would otherwise wait for.
    /// </summary>
    private async Task<IssuedSecret> RefuseAsync(
        Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, ClaimsPrincipal user, string action, string? id, Result refusal, CancellationToken cancellationToken)
    {
        await transaction.RollbackAsync(cancellationToken);
        await audit.RecordAsync(actors.For(user), action, "ApiClient", id, AuditOutcome.Failed, refusal.Error, cancellationToken);
        return new IssuedSecret(refusal, null, null);
    }
}

public sealed class NewApiClient
{
    public string Name { get; set; } = "";

    public ApiClientKind Kind { get; set; } = ApiClientKind.OrderSystem;

    public IReadOnlyCollection<string> Scopes { get; set; } = [];

    public int? MerchantId { get; set; }
}

/// <summary>The outcome of a command; <see cref="Secret"/> is the new token, shown once.</summary>
public sealed record IssuedSecret(Result Result, int? ClientId, string? Secret);

public sealed record SecretRow(string KeyId, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

public sealed record ApiClientRow(
    int Id, string Name, ApiClientKind Kind, IReadOnlyList<string> Scopes, int? MerchantId, string? Merchant, DateTimeOffset CreatedAt, string CreatedBy,
    DateTimeOffset? RevokedAt, string? RevokedBy, Guid Version, IReadOnlyList<SecretRow> LiveSecrets);
