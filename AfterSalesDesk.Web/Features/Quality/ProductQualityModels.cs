using AfterSalesDesk.Web.Features.Dashboard;

namespace AfterSalesDesk.Web.Features.Quality;

/// <summary>A reason buyers gave and how many of the product's cases gave it.</summary>
public sealed record ReasonCount(string Reason, long Cases);

/// <summary>
/// One product's after-sales figures over a period of UTC days (decision 0027), each counted on the day its event happened,
/// as the dashboard's: orders placed, cases opened, refunds paid, ratings given.
/// </summary>
/// <param name="Orders">Order lines of the product placed in the period (an order holds a product on one line): its sales.</param>
/// <param name="Cases">After-sales cases opened in the period with a line of the product, of every kind.</param>
/// <param name="Returned">Of those cases, the ones whose goods go back (return and refund, exchange, repair).</param>
/// <param name="Refunded">Refunds paid in the period with a line of the product.</param>
/// <param name="TopReasons">The three reasons most of the cases gave, most first.</param>
/// <param name="Ratings">Ratings given in the period on cases of the product; <paramref name="RatingStars"/> their stars summed.</param>
/// <param name="CategoryReturnRate">
/// The return rate of the rest of the product's category (every store's other products in it, the same period); null
/// when the rest sold nothing, or when a merchant may not see it (<see cref="CategoryHidden"/>).
/// </param>
/// <param name="CategoryHidden">The category's rate is withheld from this merchant: it would reveal one or two other stores' figures.</param>
/// <param name="Verdict">Whether the product's return rate stands far above the rest of its category's, and why.</param>
public sealed record ProductQualityRow(
    int ProductId,
    string Sku,
    string Name,
    string Category,
    int MerchantId,
    string Merchant,
    long Orders,
    long Cases,
    long Returned,
    long Refunded,
    IReadOnlyList<ReasonCount> TopReasons,
    long Ratings,
    long RatingStars,
    decimal? CategoryReturnRate,
    bool CategoryHidden,
    QualityVerdict Verdict)
{
    public bool Flagged => Verdict.Flagged;

    public decimal? ReturnRate => Counters.Rate(Returned, Orders);

    public decimal? RefundRate => Counters.Rate(Refunded, Orders);

    /// <summary>The seeds' formula, as the dashboard's: sum of stars / count.</summary>
    public decimal? AverageRating => Counters.Average(RatingStars, Ratings);
}

/// <summary>
/// The products of one scope (a store, or all for staff) with orders, cases, refunds or ratings in the period, flagged ones first, then by return
/// rate; <see cref="MerchantId"/> as <see cref="DashboardService.TryScope"/> gave it, with the thresholds the flag used.
/// </summary>
public sealed record ProductQuality(int? MerchantId, IReadOnlyList<ProductQualityRow> Products, int MinOrders, double MinRatio, double MaxPValue);
