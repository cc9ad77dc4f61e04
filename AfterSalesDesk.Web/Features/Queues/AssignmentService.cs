using System.Globalization;
using System.Security.Claims;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Sla;
using AfterSalesDesk.Web.Features.Cases;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Features.Queues;

/// <summary>
/// Who works which case: an agent takes an unassigned case; a supervisor assigns or reassigns one or
/// many. Each command is one IMMEDIATE transaction, so two agents taking the same case at once are
/// serialized and the second is told who was first; a double click is answered "already yours".
/// </summary>
public sealed class AssignmentService(
    IDbContextFactory<AppDbContext> contextFactory,
    IOptions<SlaPolicy> sla,
    AuditActors actors,
    AuditWriter audit,
    CaseFeed feed,
    TimeProvider clock)
{
    public const int MaxBulk = 100;
    private const string NotFound = "That case does not exist.";

    public static bool CanTake(ClaimsPrincipal user) => user.IsInRole(Roles.Agent) || user.IsInRole(Roles.Supervisor);

    public static bool CanAssign(ClaimsPrincipal user) => user.IsInRole(Roles.Supervisor);

    /// <summary>Active agents and supervisors, who can hold cases.</summary>
    public async Task<IReadOnlyList<Assignee>> AssigneesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var roleIds = await db.Roles.Where(r => r.Name == Roles.Agent || r.Name == Roles.Supervisor).Select(r => new { r.Id, r.Name }).ToListAsync(cancellationToken);
        var ids = roleIds.Select(r => r.Id).ToList();
        var users = await db.UserRoles.Where(ur => ids.Contains(ur.RoleId))
            .Join(db.Users.Where(u => !u.IsDisabled), ur => ur.UserId, u => u.Id, (ur, u) => new { u.Id, u.Email, u.DisplayName, ur.RoleId })
            .ToListAsync(cancellationToken);
        return users.Select(u => new Assignee(u.Id, u.Email ?? u.DisplayName, roleIds.Single(r => r.Id == u.RoleId).Name!))
            .OrderBy(u => u.Role).ThenBy(u => u.Name).ToList();
    }

    public Task<Result> TakeAsync(ClaimsPrincipal user, long caseId, CancellationToken cancellationToken = default)
    {
        if (!CanTake(user))
        {
            return DenyAsync(user, "case.take", caseId, "Only agents and supervisors take cases.", cancellationToken);
        }

        var actor = CaseService.ActorOf(user);
        return ChangeAsync(user, "case.take", [caseId], (c, at) =>
        {
            if (c.AssigneeId == actor.UserId)
            {
                return false;
            }

            c.Take(actor, at);
            return true;
        }, cancellationToken);
    }

    public async Task<Result> AssignAsync(ClaimsPrincipal user, IReadOnlyCollection<long> caseIds, string assigneeId, CancellationToken cancellationToken = default)
    {
        if (!CanAssign(user))
        {
            return await DenyAsync(user, "case.assign", caseIds.FirstOrDefault(), "Only supervisors assign cases.", cancellationToken);
        }

        if (caseIds.Count == 0)
        {
            return Result.Invalid("Select at least one case.");
        }

        if (caseIds.Count > MaxBulk)
        {
            return Result.Invalid($"Assign at most {MaxBulk} cases at once.");
        }

        var assignee = (await AssigneesAsync(cancellationToken)).SingleOrDefault(a => a.Id == assigneeId);
        if (assignee is null)
        {
            return Result.Invalid("Choose an active agent or supervisor.");
        }

        var actor = CaseService.ActorOf(user);
        return await ChangeAsync(user, "case.assign", caseIds.Distinct().ToList(), (c, at) =>
        {
            if (c.AssigneeId == assignee.Id)
            {
                return false;
            }

            c.AssignTo(assignee.Id, assignee.Name, actor, at);
            return true;
        }, cancellationToken, $"to {assignee.Name}");
    }

    public Task<Result> SetPriorityAsync(ClaimsPrincipal user, long caseId, CasePriority priority, CancellationToken cancellationToken = default)
    {
        if (!CanTake(user))
        {
            return DenyAsync(user, "case.priority", caseId, "Only agents and supervisors change priorities.", cancellationToken);
        }

        var actor = CaseService.ActorOf(user);
        return ChangeAsync(user, "case.priority", [caseId], (c, at) =>
        {
            if (c.Priority == priority)
            {
                return false;
            }

            c.SetPriority(priority, actor, at, sla.Value);
            return true;
        }, cancellationToken);
    }

    /// <summary>All cases or none: a rule broken on one case refuses the whole command, naming the case.</summary>
    private async Task<Result> ChangeAsync(
        ClaimsPrincipal user, string action, IReadOnlyList<long> caseIds, Func<AfterSalesCase, DateTimeOffset, bool> change,
        CancellationToken cancellationToken, string? detail = null)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.AuditAs(actors.For(user), action, clock, detail);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var cases = await db.Cases.Include(c => c.History).Include(c => c.Deadlines).AsSplitQuery()
            .Where(c => caseIds.Contains(c.Id)).ToListAsync(cancellationToken);
        if (cases.Count != caseIds.Count)
        {
            return Result.NotFound(caseIds.Count == 1 ? NotFound : "Some of the selected cases no longer exist; reload the queue.");
        }

        var now = clock.GetUtcNow();
        try
        {
            var changed = cases.Count(c => change(c, now));
            if (changed == 0)
            {
                return Result.Ok;
            }
        }
        catch (DomainException ex)
        {
            await transaction.RollbackAsync(cancellationToken);
            await audit.RecordAsync(actors.For(user), action, "AfterSalesCase", string.Join(",", caseIds.Select(i => i.ToString(CultureInfo.InvariantCulture))),
                AuditOutcome.Failed, ex.Message, cancellationToken);
            return Result.Invalid(ex.Message);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        feed.Poke();
        return Result.Ok;
    }

    private async Task<Result> DenyAsync(ClaimsPrincipal user, string action, long caseId, string why, CancellationToken cancellationToken) =>
        await audit.DenyAsync(actors.For(user), action, "AfterSalesCase", caseId.ToString(CultureInfo.InvariantCulture), why);
}
