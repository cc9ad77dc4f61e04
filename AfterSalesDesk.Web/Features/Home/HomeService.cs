using System.Security.Claims;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Orders;
using AfterSalesDesk.Web.Components.Account;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Web.Features.Home;

/// <summary>
/// What each role's home page shows, read for the signed-in user and within their scope: a merchant
/// user reads only its own store and its colleagues there; platform roles read the platform team.
/// </summary>
public sealed class HomeService(IDbContextFactory<AppDbContext> contextFactory, TimeProvider timeProvider)
{
    public async Task<HomeSummary> GetAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var role = Roles.All.FirstOrDefault(user.IsInRole) ?? "";
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var people =
            from u in db.Users
            join ur in db.UserRoles on u.Id equals ur.UserId
            join r in db.Roles on ur.RoleId equals r.Id
            select new { u.DisplayName, u.Email, Role = r.Name!, u.MerchantId, u.IsDisabled, u.LockoutEnd };

        if (role == Roles.Merchant)
        {
            var merchantId = user.GetMerchantId();
            var store = await db.Merchants.Where(m => m.Id == merchantId)
                .Select(m => new StoreSummary(m.Code, m.Name))
                .SingleOrDefaultAsync(cancellationToken);
            var colleagues = await people.Where(p => p.MerchantId == merchantId && !p.IsDisabled)
                .OrderBy(p => p.DisplayName)
                .Select(p => new TeamMember(p.DisplayName, p.Email ?? "", p.Role))
                .ToListAsync(cancellationToken);
            var storeOrders = await OrdersByStatusAsync(db.Orders.Where(o => o.MerchantId == merchantId), cancellationToken);
            var storeCases = await OpenCasesAsync(db.Cases.Where(c => c.MerchantId == merchantId), cancellationToken);
            return new HomeSummary(user.GetDisplayName(), role, store, colleagues, [], 0, storeOrders, storeCases);
        }

        var platform = role is Roles.Admin or Roles.Manager
            ? people
            : people.Where(p => p.Role == Roles.Agent || p.Role == Roles.Supervisor);
        var team = await platform.Where(p => p.MerchantId == null && !p.IsDisabled)
            .OrderBy(p => p.Role).ThenBy(p => p.DisplayName)
            .Select(p => new TeamMember(p.DisplayName, p.Email ?? "", p.Role))
            .ToListAsync(cancellationToken);

        var counts = new List<RoleCount>();
        var merchants = 0;
        if (role is Roles.Admin or Roles.Manager)
        {
            var all = await people.Select(p => new { p.Role, p.IsDisabled, p.LockoutEnd }).ToListAsync(cancellationToken);
            var now = timeProvider.GetUtcNow();
            counts = all.GroupBy(p => p.Role)
                .OrderBy(g => Roles.All.ToList().IndexOf(g.Key))
                .Select(g => new RoleCount(g.Key, g.Count(p => !p.IsDisabled), g.Count(p => p.IsDisabled), g.Count(p => p.LockoutEnd > now)))
                .ToList();
            merchants = await db.Merchants.CountAsync(cancellationToken);
        }

        var orders = role is Roles.Supervisor or Roles.Manager or Roles.Admin
            ? await OrdersByStatusAsync(db.Orders, cancellationToken)
            : [];
        var cases = role is Roles.Agent or Roles.Supervisor or Roles.Manager
            ? await OpenCasesAsync(db.Cases, cancellationToken)
            : [];
        return new HomeSummary(user.GetDisplayName(), role, null, team, counts, merchants, orders, cases);
    }

    /// <summary>
    /// States in which a case's business is done: finished (resolved, closed, cancelled; decision 0017) or refunded
    /// (the money is back, only the "Resolve" confirmation is left). The home page's "open" cases are the others.
    /// </summary>
    public static readonly CaseStatus[] DoneStates = [CaseStatus.Refunded, CaseStatus.Resolved, CaseStatus.Closed, CaseStatus.CancelledByBuyer];

    /// <summary>Open cases per state, in the order a case moves through them.</summary>
    private static async Task<IReadOnlyList<CaseCount>> OpenCasesAsync(IQueryable<AfterSalesCase> cases, CancellationToken cancellationToken)
    {
        var counts = await cases.Where(c => !DoneStates.Contains(c.Status))
            .GroupBy(c => c.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return counts.OrderBy(c => c.Status).Select(c => new CaseCount(c.Status, c.Count)).ToList();
    }

    /// <summary>Orders per life-cycle state, in life-cycle order (served by the status index).</summary>
    private static async Task<IReadOnlyList<StatusCount>> OrdersByStatusAsync(IQueryable<Order> orders, CancellationToken cancellationToken)
    {
        var counts = await orders.GroupBy(o => o.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return Enum.GetValues<OrderStatus>()
            .Select(status => new StatusCount(status, counts.FirstOrDefault(c => c.Status == status)?.Count ?? 0))
            .ToList();
    }
}

public sealed record HomeSummary(
    string DisplayName,
    string Role,
    StoreSummary? Store,
    IReadOnlyList<TeamMember> Team,
    IReadOnlyList<RoleCount> UsersByRole,
    int MerchantCount,
    IReadOnlyList<StatusCount> OrdersByStatus,
    IReadOnlyList<CaseCount> OpenCases);

public sealed record CaseCount(CaseStatus Status, int Count);

public sealed record StatusCount(OrderStatus Status, int Count);

public sealed record StoreSummary(string Code, string Name);

public sealed record TeamMember(string DisplayName, string Email, string Role);

public sealed record RoleCount(string Role, int Active, int Disabled, int LockedOut);
