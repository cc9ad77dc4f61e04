namespace AfterSalesDesk.Web.Features.Quality;

/// <param name="Flagged">The product's return rate stands far above the rest of its category's.</param>
/// <param name="Ratio">The product's rate over the category's; null when either has too few orders or the category none returned.</param>
/// <param name="PValue">The one-sided test's p-value; computed only once the orders and the ratio qualify, else null.</param>
public sealed record QualityVerdict(bool Flagged, double? Ratio, double? PValue)
{
    public static readonly QualityVerdict None = new(false, null, null);
}

/// <summary>
/// The rule that flags a product (decision 0027): a two-by-two table of its orders and those of the rest of its
/// category, each split into returned and not, judged by size, ratio and a one-sided Fisher exact test.
/// </summary>
public static class QualitySignal
{
    /// <param name="orders">The product's orders (order lines) in the period.</param>
    /// <param name="returned">Of those, how many had goods sent back.</param>
    /// <param name="categoryOrders">The same for the rest of the category (every store, the product itself left out).</param>
    /// <param name="categoryReturned">Of those, how many had goods sent back.</param>
    public static QualityVerdict Evaluate(long orders, long returned, long categoryOrders, long categoryReturned, QualityOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(returned);
        ArgumentOutOfRangeException.ThrowIfNegative(categoryReturned);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(returned, orders);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(categoryReturned, categoryOrders);
        if (orders < options.MinOrders || categoryOrders < options.MinOrders || returned == 0)
        {
            return QualityVerdict.None;
        }

        // Cross-multiplied, so that a rate exactly twice the category's is twice it (no rounding of two divisions).
        var ratio = categoryReturned == 0 ? (double?)null : (double)returned * categoryOrders / ((double)orders * categoryReturned);
        var farEnough = categoryReturned == 0 || (double)returned * categoryOrders >= options.MinRatio * orders * categoryReturned;
        if (!farEnough)
        {
            return new QualityVerdict(false, ratio, null);
        }

        var p = FisherGreater(returned, orders - returned, categoryReturned, categoryOrders - categoryReturned);
        return new QualityVerdict(p <= options.MaxPValue, ratio, p);
    }

    /// <summary>
    /// The one-sided Fisher exact test of a 2×2 table [[a, b], [c, d]] (rows: product, rest of category; columns:
    /// returned, kept): the chance, with the margins fixed, of a table whose first cell is at least <paramref name="a"/>,
    /// were the product's goods no likelier to come back than the category's. The hypergeometric tail summed term by
    /// term from log factorials; exact to about 1e-12 relative, and 0 where it is below double's range.
    /// </summary>
    public static double FisherGreater(long a, long b, long c, long d)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(a);
        ArgumentOutOfRangeException.ThrowIfNegative(b);
        ArgumentOutOfRangeException.ThrowIfNegative(c);
        ArgumentOutOfRangeException.ThrowIfNegative(d);
        long rowA = a + b, rowC = c + d, returned = a + c, total = rowA + rowC;
        if (a == 0 || total == 0)
        {
            return 1;
        }

        // P(X = k) for X hypergeometric: k of the returned among the product's rowA orders.
        double LogP(long k) => LogFactorial(returned) + LogFactorial(total - returned) + LogFactorial(rowA) + LogFactorial(rowC)
            - LogFactorial(total) - LogFactorial(k) - LogFactorial(returned - k) - LogFactorial(rowA - k) - LogFactorial(rowC - returned + k);

        // The terms shrink away from the mode (about the mean), so each tail is summed from its end nearest the mode
        // outwards until what is left no longer counts: the upper tail itself when a lies above the mean, else one
        // minus the lower tail below a.
        if (a > (double)rowA * returned / total)
        {
            var term = Math.Exp(LogP(a));
            var sum = term;
            for (var k = a; k < Math.Min(rowA, returned) && term >= sum * 1e-17; k++)
            {
                term *= (double)(returned - k) * (rowA - k) / ((double)(k + 1) * (rowC - returned + k + 1));
                sum += term;
            }

            return Math.Min(1, sum);
        }

        var lowerTerm = Math.Exp(LogP(a - 1));
        var lower = lowerTerm;
        for (var k = a - 1; k > Math.Max(0, returned - rowC) && lowerTerm >= lower * 1e-17; k--)
        {
            lowerTerm *= (double)k * (rowC - returned + k) / ((double)(returned - k + 1) * (rowA - k + 1));
            lower += lowerTerm;
        }

        return Math.Clamp(1 - lower, 0, 1);
    }

    private static readonly double[] SmallLogFactorials = BuildSmall();

    private static double[] BuildSmall()
    {
        var table = new double[256];
        for (var n = 2; n < table.Length; n++)
        {
            table[n] = table[n - 1] + Math.Log(n);
        }

        return table;
    }

    /// <summary>ln(n!): summed exactly below 256, Stirling's series above (its error there is below 1e-17).</summary>
    internal static double LogFactorial(long n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (n < SmallLogFactorials.Length)
        {
            return SmallLogFactorials[n];
        }

        double x = n, inverse = 1 / x, inverse2 = inverse * inverse;
        return x * Math.Log(x) - x + 0.5 * Math.Log(2 * Math.PI * x)
            + inverse * (1.0 / 12 - inverse2 * (1.0 / 360 - inverse2 * (1.0 / 1260 - inverse2 / 1680)));
    }
}
