using System.Security.Claims;
using AfterSalesDesk.Data;
using AfterSalesDesk.Web.Features.Dashboard;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Features.Quality;

/// <summary>
/// Product quality signals (issue 19, decision 0027): per product of the scope, its orders in the period, the
/// after-sales cases opened on it, its return and refund rates, the buyers' top reasons, the service rating of its
/// cases, and a flag when its return rate stands far above the rest of its category's (every store). Read from the
/// daily product rollups (<see cref="DashboardRollups"/>), as the dashboard's figures are. Who sees which store is the
/// dashboard's rule (<see cref="DashboardService.TryScope"/>): staff every store or one, a merchant its own whatever it
/// asks for, agents and admins nothing.
/// </summary>
public sealed class ProductQualityService(IDbContextFactory<AppDbContext> contextFactory, IOptions<QualityOptions> options)
{
    /// <summary>The products of the user's scope with events in the period; null when the user may not see the dashboard.</summary>
    public async Task<ProductQuality?> LoadAsync(ClaimsPrincipal user, DashboardQuery query, CancellationToken cancellationToken = default)
    {
        if (!DashboardService.TryScope(user, query.MerchantId, out var merchantId))
        {
            return null;
        }

        var thresholds = options.Value;
        var staff = DashboardService.IsStaff(user);
        var (start, end) = (query.Start, query.End);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);

        // Every store's products: the rest of each category is the baseline, whoever asks.
        var sums = await db.DailyProductStats.AsNoTracking().Where(s => s.Day >= start && s.Day < end)
            .GroupBy(s => new { s.ProductId, s.Reason })
            .Select(g => new
            {
                g.Key.ProductId, g.Key.Reason, Orders = g.Sum(s => s.Orders), Opened = g.Sum(s => s.Opened), GoodsBack = g.Sum(s => s.GoodsBack),
                Refunds = g.Sum(s => s.Refunds), Ratings = g.Sum(s => s.Ratings), RatingStars = g.Sum(s => s.RatingStars),
            })
            .ToListAsync(cancellationToken);
        var ids = sums.Select(s => s.ProductId).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => new { p.MerchantId, p.Sku, p.Name, p.Category }, cancellationToken);
        var merchants = await db.Merchants.AsNoTracking().ToDictionaryAsync(m => m.Id, m => m.Name, cancellationToken);

        var figures = sums.GroupBy(s => s.ProductId).Where(g => products.ContainsKey(g.Key)).Select(g =>
            {
                var product = products[g.Key];
                return new Totals(
                    g.Key, product.MerchantId, product.Category, g.Sum(s => s.Orders), g.Sum(s => s.Opened), g.Sum(s => s.GoodsBack), g.Sum(s => s.Refunds),
                    g.Sum(s => s.Ratings), g.Sum(s => s.RatingStars),
                    g.Where(s => s.Reason.Length > 0 && s.Opened > 0).Select(s => new ReasonCount(s.Reason, s.Opened))
                        .OrderByDescending(r => r.Cases).ThenBy(r => r.Reason, StringComparer.Ordinal).Take(3).ToList());
            })
            .ToList();
        var categories = figures.GroupBy(f => f.Category).ToDictionary(g => g.Key, g => (
            Orders: g.Sum(f => f.Orders), GoodsBack: g.Sum(f => f.GoodsBack), Stores: g.Select(f => f.MerchantId).ToHashSet()));

        var rows = figures.Where(f => merchantId is null || f.MerchantId == merchantId).Select(f =>
            {
                var category = categories[f.Category];
                var (restOrders, restBack) = (category.Orders - f.Orders, category.GoodsBack - f.GoodsBack);
                // Rates of two flows of the period, so more returns than orders can happen (returns of earlier sales): the test
                // reads such a side as every order returned.
                var verdict = QualitySignal.Evaluate(f.Orders, Math.Min(f.GoodsBack, f.Orders), restOrders, Math.Min(restBack, restOrders), thresholds);
                // A merchant may not subtract its way to one or two other stores' figures (QualityOptions.MinOtherStores).
                var otherStores = category.Stores.Count(m => m != f.MerchantId);
                var hidden = !staff && otherStores > 0 && otherStores < thresholds.MinOtherStores;
                var product = products[f.ProductId];
                return new ProductQualityRow(
                    f.ProductId, product.Sku, product.Name, f.Category, f.MerchantId, merchants.GetValueOrDefault(f.MerchantId, ""),
                    f.Orders, f.Opened, f.GoodsBack, f.Refunds, f.TopReasons, f.Ratings, f.RatingStars,
                    hidden ? null : Counters.Rate(restBack, restOrders),
                    hidden,
                    // The ratio and p-value would give the withheld rate back: a merchant then sees the flag alone.
                    hidden ? verdict with { Ratio = null, PValue = null } : verdict);
            })
            .OrderByDescending(r => r.Flagged)
            .ThenByDescending(r => r.ReturnRate)
            .ThenByDescending(r => r.Orders)
            .ThenBy(r => r.ProductId)
            .ToList();
        return new ProductQuality(merchantId, rows, thresholds.MinOrders, thresholds.MinRatio, thresholds.MaxPValue);
    }

    private sealed record Totals(
        int ProductId, int MerchantId, string Category, long Orders, long Opened, long GoodsBack, long Refunds, long Ratings, long RatingStars,
        IReadOnlyList<ReasonCount> TopReasons);
}
