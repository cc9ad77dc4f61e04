using System.Security.Claims;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Refunds;
using AfterSalesDesk.Web.Features.Dashboard;
using AfterSalesDesk.Web.Features.Queues;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Features.Refunds;

/// <summary>
/// The refunds behind a refund figure of the dashboard (decision 0017, "Click-through"): succeeded refunds
/// whose money went back in a period of UTC days, by store, case kind and case reason, newest payment first.
/// The same people as the dashboard's see it (managers and supervisors every store, a merchant its own store
/// only, enforced in the query through <see cref="CaseAccess"/>; agents and admins nothing). Pages are keyset
/// pages on (ExecutedAt, Id): a walk from the cursor down the index (Status, ExecutedAt), or for one store down
/// (MerchantId, ExecutedAt) of its paid refunds; kind and reason are checked on each walked refund's case by its
/// primary key. Like the queues, the matching refunds are counted up to <see cref="CountCap"/>.
/// </summary>
public sealed class PaidRefundService(IDbContextFactory<AppDbContext> contextFactory, IOptions<CaseLimits> limits)
{
    public const int CountCap = Keyset.CountCap;
    public const int MaxTake = 100;

    /// <summary>The dashboard's readers: this list is where its refund figures lead.</summary>
    public static bool CanList(ClaimsPrincipal user) => DashboardService.CanOpen(user);

    /// <summary>The reasons a case can give, for the filter (a reason from an address is used as given).</summary>
    public IReadOnlyList<string> Reasons => limits.Value.EffectiveReasons;

    /// <summary>The stores platform staff may narrow to; none for a merchant, whose list is its own store already.</summary>
    public async Task<IReadOnlyList<MerchantOption>> MerchantsAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (!CanList(user) || !DashboardService.IsStaff(user))
        {
            return [];
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Merchants.AsNoTracking().OrderBy(m => m.Code).Select(m => new MerchantOption(m.Id, m.Name)).ToListAsync(cancellationToken);
    }

    /// <summary>One page of the paid refunds the query names, within what the user may see; null when the user may not list refunds.</summary>
    public async Task<PaidRefundPage?> PageAsync(ClaimsPrincipal user, PaidRefundQuery query, CancellationToken cancellationToken = default)
    {
        if (!CanList(user))
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var refunds = Filter(db, CaseAccess.For(user), query);

        // At most CountCap + 1 amounts: the count and, below the cap, the sum the figure shows. In the pages' order,
        // so that SQLite walks the same index: unordered, it took (Status, ExecutedAt) for one store of a large table.
        IQueryable<Refund> Ordered(KeysetCursor? cursor, bool backwards) => Keyset.NewestFirst(refunds, r => r.ExecutedAt!.Value, r => r.Id, cursor, backwards);
        var amounts = await Ordered(null, backwards: false).Take(CountCap + 1).Select(r => r.AmountMinor).ToListAsync(cancellationToken);
        var slice = await Keyset.ReadAsync(
            Ordered, query, MaxTake, r => new { r.Id, r.CaseId, r.OrderId, r.MerchantId, r.AmountMinor, PaidAt = r.ExecutedAt!.Value },
            r => new KeysetCursor(r.PaidAt, r.Id), cancellationToken);
        var page = slice.Rows;

        // Case numbers and names for the page's rows only, by primary key.
        var caseIds = page.Select(r => r.CaseId).Distinct().ToList();
        var orderIds = page.Select(r => r.OrderId).Distinct().ToList();
        var merchantIds = page.Select(r => r.MerchantId).Distinct().ToList();
        var cases = await db.Cases.AsNoTracking().Where(c => caseIds.Contains(c.Id))
            .Select(c => new { c.Id, c.CaseNo, c.Kind, c.Reason }).ToDictionaryAsync(c => c.Id, cancellationToken);
        var orders = await db.Orders.AsNoTracking().Where(o => orderIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.OrderNo, cancellationToken);
        var merchants = await db.Merchants.AsNoTracking().Where(m => merchantIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, cancellationToken);
        var rows = page.Select(r =>
            {
                var of = cases[r.CaseId];
                return new PaidRefundRow(r.Id, r.CaseId, of.CaseNo, orders.GetValueOrDefault(r.OrderId, ""), merchants.GetValueOrDefault(r.MerchantId, ""),
                    of.Kind, of.Reason, r.PaidAt, r.AmountMinor);
            })
            .ToList();
        var capped = amounts.Count > CountCap;
        return new PaidRefundPage(
            rows,
            slice.First,
            slice.LastRow,
            slice.HasNext,
            slice.HasPrevious,
            Math.Min(amounts.Count, CountCap),
            capped,
            capped ? null : amounts.Sum());
    }

    /// <summary>The dashboard's definition of a refund paid in the period (0017), narrowed to what the user may see.</summary>
    private static IQueryable<Refund> Filter(AppDbContext db, CaseAccess access, PaidRefundQuery query)
    {
        var (start, end) = (query.Start, query.End);
        var refunds = access.Scope(db.Refunds.AsNoTracking(), r => r.MerchantId)
            .Where(r => r.Status == RefundStatus.Succeeded && r.ExecutedAt >= start && r.ExecutedAt < end);
        if (query.MerchantId is { } merchantId)
        {
            refunds = refunds.Where(r => r.MerchantId == merchantId);
        }

        if (query.Kind is null && string.IsNullOrEmpty(query.Reason))
        {
            return refunds;
        }

        // The figures by kind and reason take them from the refund's case.
        var cases = db.Cases.AsNoTracking();
        if (query.Kind is { } kind)
        {
            cases = cases.Where(c => c.Kind == kind);
        }

        if (!string.IsNullOrEmpty(query.Reason))
        {
            var reason = query.Reason;
            cases = cases.Where(c => c.Reason == reason);
        }

        return refunds.Where(r => cases.Any(c => c.Id == r.CaseId));
    }
}
