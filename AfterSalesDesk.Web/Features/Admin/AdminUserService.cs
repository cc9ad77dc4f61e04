using System.Security.Claims;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Web.Components.Account;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Web.Features.Admin;

/// <summary>
/// User administration. Every method checks that the acting user is an administrator; pages hiding
/// buttons is a convenience, not the protection. Each command runs in its own scope and transaction.
/// </summary>
public sealed class AdminUserService(
    IServiceScopeFactory scopeFactory,
    IDbContextFactory<AppDbContext> contextFactory,
    TimeProvider timeProvider,
    AuditActors actors,
    AuditWriter audit)
{
    public const int MaxPageSize = 100;

    public async Task<PagedRows<UserRow>?> ListAsync(ClaimsPrincipal actor, UserQuery query, CancellationToken cancellationToken = default)
    {
        if (!IsAdmin(actor))
        {
            await audit.RecordAsync(actors.For(actor), "user.list", "User", null, AuditOutcome.Denied, "Only administrators can list users.", cancellationToken);
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // Filter and sort on columns, then project: EF cannot translate members of a constructed record.
        var users =
            from user in db.Users
            join userRole in db.UserRoles on user.Id equals userRole.UserId into userRoles
            from userRole in userRoles.DefaultIfEmpty()
            join role in db.Roles on userRole.RoleId equals role.Id into roles
            from role in roles.DefaultIfEmpty()
            select new { User = user, RoleName = role.Name ?? "" };

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var text = query.Search.Trim().ToUpperInvariant();
            users = users.Where(r => r.User.NormalizedEmail!.Contains(text) || r.User.DisplayName.ToUpper().Contains(text));
        }

        if (Roles.IsKnown(query.Role))
        {
            users = users.Where(r => r.RoleName == query.Role);
        }

        var total = await users.CountAsync(cancellationToken);
        // Ties (many users share a role) are ordered by id, so that pages neither repeat nor skip a user.
        var sorted = query.SortBy switch
        {
            nameof(UserRow.DisplayName) => query.Descending ? users.OrderByDescending(r => r.User.DisplayName) : users.OrderBy(r => r.User.DisplayName),
            nameof(UserRow.Role) => query.Descending ? users.OrderByDescending(r => r.RoleName) : users.OrderBy(r => r.RoleName),
            nameof(UserRow.CreatedAt) => query.Descending ? users.OrderByDescending(r => r.User.CreatedAt) : users.OrderBy(r => r.User.CreatedAt),
            _ => query.Descending ? users.OrderByDescending(r => r.User.Email) : users.OrderBy(r => r.User.Email),
        };
        users = sorted.ThenBy(r => r.User.Id);
        var page = await users
            .Skip(Math.Max(0, query.Skip))
            .Take(Math.Clamp(query.Take, 1, MaxPageSize))
            .Select(r => new UserRow(
                r.User.Id,
                r.User.Email ?? "",
                r.User.DisplayName,
                r.RoleName,
                r.User.MerchantId,
                r.User.Merchant != null ? r.User.Merchant.Name : null,
                r.User.IsDisabled,
                r.User.LockoutEnd,
                r.User.CreatedAt,
                r.User.ConcurrencyStamp ?? ""))
            .ToListAsync(cancellationToken);
        return new PagedRows<UserRow>(page, total);
    }

    public async Task<IReadOnlyList<MerchantOption>> MerchantOptionsAsync(ClaimsPrincipal actor, CancellationToken cancellationToken = default)
    {
        if (!IsAdmin(actor))
        {
            return [];
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Merchants.OrderBy(m => m.Code)
            .Select(m => new MerchantOption(m.Id, m.Code + " · " + m.Name))
            .ToListAsync(cancellationToken);
    }

    public async Task<Result> CreateAsync(ClaimsPrincipal actor, CreateUserInput input, CancellationToken cancellationToken = default)
    {
        if (!IsAdmin(actor))
        {
            return await audit.DenyAsync(actors.For(actor), "user.create", "User", null, "Only administrators can create users.");
        }

        if (Validate(input) is { } invalid)
        {
            return invalid;
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        if (input.Role == Roles.Merchant && !await MerchantExistsAsync(scope, input.MerchantId, cancellationToken))
        {
            return Result.Invalid("The chosen merchant does not exist.");
        }

        var account = new NewAccount(input.Email.Trim(), input.DisplayName.Trim(), input.Role, input.Role == Roles.Merchant ? input.MerchantId : null, input.Password);
        return await UserAccounts.CreateAsync(scope.ServiceProvider, account, actors.For(actor), cancellationToken);
    }

    /// <summary>
    /// Changes name, role and merchant. The stamp the editor loaded must still be current, so a second
    /// administrator's save never silently overwrites the first. The security stamp changes too, so the
    /// user's open sessions pick up the new role at their next check.
    /// </summary>
    public async Task<Result> UpdateAsync(ClaimsPrincipal actor, UpdateUserInput input, CancellationToken cancellationToken = default)
    {
        if (!IsAdmin(actor))
        {
            return await audit.DenyAsync(actors.For(actor), "user.update", "User", input.UserId, "Only administrators can change users.");
        }

        if (string.IsNullOrWhiteSpace(input.DisplayName) || input.DisplayName.Trim().Length > 100)
        {
            return Result.Invalid("Enter a display name of at most 100 characters.");
        }

        if (input.UserId == actor.FindFirstValue(ClaimTypes.NameIdentifier) && input.Role != Roles.Admin)
        {
            return Result.Invalid("You cannot remove your own administrator role; ask another administrator.");
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        if (input.Role == Roles.Merchant && !await MerchantExistsAsync(scope, input.MerchantId, cancellationToken))
        {
            return Result.Invalid("The chosen merchant does not exist.");
        }

        return await ChangeUserAsync(scope, actors.For(actor), "user.update", input.UserId, input.ConcurrencyStamp, async (users, user) =>
        {
            user.DisplayName = input.DisplayName.Trim();
            user.ScopeToRole(input.Role, input.Role == Roles.Merchant ? input.MerchantId : null);
            var current = await users.GetRolesAsync(user);
            var outcome = IdentityResult.Success;
            if (current.Except([input.Role]).ToList() is { Count: > 0 } stale)
            {
                outcome = await users.RemoveFromRolesAsync(user, stale);
            }

            if (outcome.Succeeded && !current.Contains(input.Role))
            {
                outcome = await users.AddToRoleAsync(user, input.Role);
            }

            // Saves the name and merchant too, and makes open sessions reload their claims.
            return outcome.Succeeded ? await users.UpdateSecurityStampAsync(user) : outcome;
        }, cancellationToken);
    }

    /// <summary>Disabling ends the user's sessions: their next request is refused, an open page within the revalidation interval.</summary>
    public async Task<Result> DisableAsync(ClaimsPrincipal actor, string userId, string concurrencyStamp, CancellationToken cancellationToken = default)
    {
        if (!IsAdmin(actor))
        {
            return await audit.DenyAsync(actors.For(actor), "user.disable", "User", userId, "Only administrators can disable users.");
        }

        if (userId == actor.FindFirstValue(ClaimTypes.NameIdentifier))
        {
            return Result.Invalid("You cannot disable your own account.");
        }

        // Every session of the user ends in the same transaction: a copied cookie stops working at once.
        await using var scope = scopeFactory.CreateAsyncScope();
        return await ChangeUserAsync(scope, actors.For(actor), "user.disable", userId, concurrencyStamp, async (users, user) =>
        {
            user.Disable();
            var outcome = await users.UpdateSecurityStampAsync(user);
            if (outcome.Succeeded)
            {
                await scope.ServiceProvider.GetRequiredService<SessionStore>().EndAllAsync(
                    scope.ServiceProvider.GetRequiredService<AppDbContext>(), user.Id, SessionEndReason.Disabled, cancellationToken: cancellationToken);
            }

            return outcome;
        }, cancellationToken);
    }

    public async Task<Result> EnableAsync(ClaimsPrincipal actor, string userId, string concurrencyStamp, CancellationToken cancellationToken = default) =>
        IsAdmin(actor)
            ? await ChangeAsync(actors.For(actor), "user.enable", userId, concurrencyStamp, user => user.Enable(), cancellationToken)
            : await audit.DenyAsync(actors.For(actor), "user.enable", "User", userId, "Only administrators can enable users.");

    /// <summary>Lifts a lockout after failed logins and resets the failure count.</summary>
    public async Task<Result> UnlockAsync(ClaimsPrincipal actor, string userId, string concurrencyStamp, CancellationToken cancellationToken = default)
    {
        if (!IsAdmin(actor))
        {
            return await audit.DenyAsync(actors.For(actor), "user.unlock", "User", userId, "Only administrators can unlock users.");
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        return await ChangeUserAsync(scope, actors.For(actor), "user.unlock", userId, concurrencyStamp, async (users, user) =>
        {
            var outcome = await users.SetLockoutEndDateAsync(user, null);
            return outcome.Succeeded ? await users.ResetAccessFailedCountAsync(user) : outcome;
        }, cancellationToken);
    }

    private async Task<Result> ChangeAsync(
        AuditActor actor, string action, string userId, string concurrencyStamp, Action<AppUser> change, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        return await ChangeUserAsync(scope, actor, action, userId, concurrencyStamp, async (users, user) =>
        {
            change(user);
            return await users.UpdateSecurityStampAsync(user);
        }, cancellationToken);
    }

    private async Task<Result> ChangeUserAsync(
        AsyncServiceScope scope,
        AuditActor actor,
        string action,
        string userId,
        string concurrencyStamp,
        Func<UserManager<AppUser>, AppUser, Task<IdentityResult>> change,
        CancellationToken cancellationToken)
    {
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditAs(actor, action, timeProvider);
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return Result.NotFound("That user does not exist.");
        }

        // What the editor saw must still be current. A change that lands between this check and the
        // save is caught by the concurrency token Identity's store checks on every update.
        if (user.ConcurrencyStamp != concurrencyStamp)
        {
            var stale = StaleEdit(user);
            await audit.RecordAsync(actor, action, "User", userId, AuditOutcome.Failed, stale.Error, cancellationToken);
            return stale;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        IdentityResult outcome;
        try
        {
            outcome = await change(users, user);
        }
        catch (DomainException ex)
        {
            return await FailedAsync(Result.Invalid(ex.Message));
        }

        if (!outcome.Succeeded)
        {
            return await FailedAsync(outcome.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure))
                ? StaleEdit(user)
                : Result.Invalid(UserAccounts.Describe(outcome)));
        }

        await transaction.CommitAsync(cancellationToken);
        return Result.Ok;

        // The command's transaction is rolled back; the failed attempt is recorded on its own.
        async Task<Result> FailedAsync(Result failure)
        {
            await transaction.RollbackAsync(cancellationToken);
            await audit.RecordAsync(actor, action, "User", userId, AuditOutcome.Failed, failure.Error, cancellationToken);
            return failure;
        }
    }

    private static Result StaleEdit(AppUser user) =>
        Result.Conflict($"{user.Email} was changed by someone else since you opened it. Reload and try again.");

    private static async Task<bool> MerchantExistsAsync(AsyncServiceScope scope, int? merchantId, CancellationToken cancellationToken) =>
        merchantId is { } id
        && await scope.ServiceProvider.GetRequiredService<AppDbContext>().Merchants.AnyAsync(m => m.Id == id, cancellationToken);

    private static Result? Validate(CreateUserInput input)
    {
        var email = input.Email?.Trim() ?? "";
        if (email.Length is 0 or > 256 || !new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email))
        {
            return Result.Invalid("Enter a valid email address.");
        }

        if (string.IsNullOrWhiteSpace(input.DisplayName) || input.DisplayName.Trim().Length > 100)
        {
            return Result.Invalid("Enter a display name of at most 100 characters.");
        }

        if (!Roles.IsKnown(input.Role))
        {
            return Result.Invalid("Choose a role.");
        }

        if (string.IsNullOrEmpty(input.Password))
        {
            return Result.Invalid("Enter an initial password.");
        }

        return null;
    }

    private static bool IsAdmin(ClaimsPrincipal actor) => actor.IsInRole(Roles.Admin);
}

public sealed record UserRow(
    string Id,
    string Email,
    string DisplayName,
    string Role,
    int? MerchantId,
    string? MerchantName,
    bool IsDisabled,
    DateTimeOffset? LockoutEnd,
    DateTimeOffset CreatedAt,
    string ConcurrencyStamp);

public sealed record MerchantOption(int Id, string Label);

public sealed record UserQuery(string? Search = null, string? Role = null, string? SortBy = null, bool Descending = false, int Skip = 0, int Take = 20);

public sealed class CreateUserInput
{
    public string Email { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Role { get; set; } = Roles.Agent;
    public int? MerchantId { get; set; }
    public string Password { get; set; } = "";
}

public sealed class UpdateUserInput
{
    public string UserId { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Role { get; set; } = "";
    public int? MerchantId { get; set; }
    public string ConcurrencyStamp { get; set; } = "";
}
