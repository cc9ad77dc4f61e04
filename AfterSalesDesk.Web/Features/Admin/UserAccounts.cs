using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace AfterSalesDesk.Web.Features.Admin;

/// <summary>
/// Creating an account is one command however it is started (admin page, first-admin command, demo
/// seeding): the user and its role are written in one transaction, or not at all.
/// </summary>
internal static class UserAccounts
{
    public static async Task<Result> CreateAsync(
        IServiceProvider scopedServices, NewAccount account, AuditActor actor, CancellationToken cancellationToken = default)
    {
        var users = scopedServices.GetRequiredService<UserManager<AppUser>>();
        var clock = scopedServices.GetRequiredService<TimeProvider>();
        var db = scopedServices.GetRequiredService<AppDbContext>().AuditAs(actor, "user.create", clock);
        var now = clock.GetUtcNow();

        var user = new AppUser
        {
            UserName = account.Email,
            Email = account.Email,
            EmailConfirmed = true,
            DisplayName = account.DisplayName,
            CreatedAt = now,
        };
        try
        {
            user.ScopeToRole(account.Role, account.MerchantId);
        }
        catch (DomainException ex)
        {
            return Result.Invalid(ex.Message);
        }

        if (await users.FindByEmailAsync(account.Email) is not null)
        {
            return Result.Conflict($"A user with the email {account.Email} exists already.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var outcome = await users.CreateAsync(user, account.Password);
        if (outcome.Succeeded)
        {
            outcome = await users.AddToRoleAsync(user, account.Role);
        }

        if (!outcome.Succeeded)
        {
            return Result.Invalid(Describe(outcome));
        }

        await transaction.CommitAsync(cancellationToken);
        return Result.Ok;
    }

    public static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));
}

public sealed record NewAccount(string Email, string DisplayName, string Role, int? MerchantId, string Password);
