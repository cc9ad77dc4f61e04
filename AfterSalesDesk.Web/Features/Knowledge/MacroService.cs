using System.Globalization;
using System.Security.Claims;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Knowledge;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Web.Features.Knowledge;

/// <summary>
/// Macros (canned replies). Supervisors write, change, deactivate and reactivate them; agents and
/// supervisors list the active ones (supervisors also the inactive); merchants, managers and admins get
/// nothing, and their attempts are audited. Every change is audited by the context.
/// </summary>
public sealed class MacroService(
    IDbContextFactory<AppDbContext> contextFactory,
    AuditActors actors,
    AuditWriter audit,
    TimeProvider clock,
    UserClock userClock)
{
    public const int MaxPageSize = 100;

    public static bool CanManage(ClaimsPrincipal user) => user.IsInRole(Roles.Supervisor);

    public static bool CanUse(ClaimsPrincipal user) => user.IsInRole(Roles.Agent) || user.IsInRole(Roles.Supervisor);

    /// <summary>Macros by title. Agents always get active macros only; supervisors see inactive ones when they ask.</summary>
    public async Task<MacroListing> ListAsync(ClaimsPrincipal user, MacroQuery query, CancellationToken cancellationToken = default)
    {
        if (!CanUse(user))
        {
            var denied = await audit.DenyAsync(actors.For(user), "macro.list", "Macro", null, "Only agents and supervisors use macros.");
            return new MacroListing(denied, [], 0);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var macros = db.Macros.AsNoTracking();
        if (!(query.IncludeInactive && CanManage(user)))
        {
            macros = macros.Where(m => m.IsActive);
        }

        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var pattern = SearchPatterns.Contains(query.Text.Trim(), db.Database);
            macros = macros.Where(m => EF.Functions.Like(m.Title.ToLower(), pattern, SearchPatterns.Escape) || EF.Functions.Like(m.Body.ToLower(), pattern, SearchPatterns.Escape));
        }

        var total = await macros.CountAsync(cancellationToken);
        var rows = await macros.OrderBy(m => m.Title)
            .Skip(Math.Max(0, query.Skip))
            .Take(Math.Clamp(query.Take, 1, MaxPageSize))
            .Select(m => new MacroRow(m.Id, m.Title, m.Body, m.DefaultVisibility, m.IsActive, m.UpdatedAt, m.UpdatedBy, m.Version))
            .ToListAsync(cancellationToken);
        return new MacroListing(Result.Ok, rows, total);
    }

    public async Task<Result> CreateAsync(ClaimsPrincipal user, MacroInput input, CancellationToken cancellationToken = default)
    {
        if (!CanManage(user))
        {
            return await audit.DenyAsync(actors.For(user), "macro.create", "Macro", null, "Only supervisors write macros.");
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.AuditAs(actors.For(user), "macro.create", clock);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        Macro macro;
        try
        {
            macro = Macro.Create(input.Title, input.Body, input.DefaultVisibility, NameOf(user), clock.GetUtcNow());
        }
        catch (DomainException ex)
        {
            return Result.Invalid(ex.Message);
        }

        if (await TitleTakenAsync(db, macro.Title, null, cancellationToken))
        {
            return TitleTaken(macro.Title);
        }

        db.Macros.Add(macro);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result.Ok;
    }

    /// <summary>Changes a macro's text. The version the supervisor saw must still be current.</summary>
    public Task<Result> UpdateAsync(ClaimsPrincipal user, int macroId, MacroInput input, Guid seenVersion, CancellationToken cancellationToken = default) =>
        ChangeAsync(user, macroId, seenVersion, "macro.update", async (db, macro) =>
        {
            macro.Edit(input.Title, input.Body, input.DefaultVisibility, NameOf(user), clock.GetUtcNow());
            return await TitleTakenAsync(db, macro.Title, macro.Id, cancellationToken) ? TitleTaken(macro.Title) : null;
        }, cancellationToken);

    /// <summary>Deactivating hides the macro from agents; it stays, and can be activated again.</summary>
    public Task<Result> SetActiveAsync(ClaimsPrincipal user, int macroId, bool active, Guid seenVersion, CancellationToken cancellationToken = default) =>
        ChangeAsync(user, macroId, seenVersion, active ? "macro.activate" : "macro.deactivate", (_, macro) =>
        {
            if (active)
            {
                macro.Activate(NameOf(user), clock.GetUtcNow());
            }
            else
            {
                macro.Deactivate(NameOf(user), clock.GetUtcNow());
            }

            return Task.FromResult<Result?>(null);
        }, cancellationToken);

    private async Task<Result> ChangeAsync(
        ClaimsPrincipal user, int macroId, Guid seenVersion, string action, Func<AppDbContext, Macro, Task<Result?>> change, CancellationToken cancellationToken)
    {
        var id = macroId.ToString(CultureInfo.InvariantCulture);
        if (!CanManage(user))
        {
            return await audit.DenyAsync(actors.For(user), action, "Macro", id, "Only supervisors change macros.");
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.AuditAs(actors.For(user), action, clock);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var macro = await db.Macros.SingleOrDefaultAsync(m => m.Id == macroId, cancellationToken);
        if (macro is null)
        {
            return Result.NotFound("That macro does not exist.");
        }

        if (macro.Version != seenVersion)
        {
            var stale = Stale(macro.Title, macro.UpdatedBy, macro.UpdatedAt, userClock);
            await transaction.RollbackAsync(cancellationToken);
            await audit.RecordAsync(actors.For(user), action, "Macro", id, AuditOutcome.Failed, stale.Error, cancellationToken);
            return stale;
        }

        try
        {
            if (await change(db, macro) is { } refused)
            {
                return refused;
            }
        }
        catch (DomainException ex)
        {
            return Result.Invalid(ex.Message);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result.Ok;
    }

    // Inside the command's IMMEDIATE transaction, so no other writer can take the title meanwhile;
    // the unique index guards the exact spelling as well.
    private static Task<bool> TitleTakenAsync(AppDbContext db, string title, int? exceptId, CancellationToken cancellationToken)
    {
        var upper = title.ToUpperInvariant();
        return db.Macros.AnyAsync(m => m.Title.ToUpper() == upper && m.Id != exceptId, cancellationToken);
    }

    private static Result TitleTaken(string title) =>
        Result.Invalid($"A macro titled \"{title}\" exists already (it may be deactivated); choose another title.");

    internal static Result Stale(string title, string by, DateTimeOffset at, UserClock userClock) =>
        Result.Conflict($"\"{title}\" was changed by {by} at {userClock.Format(at, "HH:mm:ss")}. Reload to see the change, then try again.");

    internal static string NameOf(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";
}

public sealed record MacroQuery(string? Text = null, bool IncludeInactive = false, int Skip = 0, int Take = 50);

public sealed record MacroRow(int Id, string Title, string Body, MessageVisibility DefaultVisibility, bool IsActive, DateTimeOffset UpdatedAt, string UpdatedBy, Guid Version);

public sealed record MacroListing(Result Result, IReadOnlyList<MacroRow> Rows, int Total);

/// <summary>The macro dialog's form.</summary>
public sealed class MacroInput
{
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    public MessageVisibility DefaultVisibility { get; set; } = MessageVisibility.ToBuyer;
}
