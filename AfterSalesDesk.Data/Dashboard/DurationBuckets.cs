namespace AfterSalesDesk.Data.Dashboard;

/// <summary>
/// Geometric buckets for durations, so that medians and 90th percentiles can be added up from daily
/// histograms. A bucket spans a factor of <see cref="Ratio"/>; its representative value is the geometric
/// middle, so any duration of at least a second is represented within √1.1 − 1 ≈ 4.9 % (decision 0017).
/// </summary>
public static class DurationBuckets
{
    public const double Ratio = 1.1;

    /// <summary>The largest relative error of <see cref="Representative"/> for a duration of a second or more.</summary>
    public static readonly double MaxRelativeError = Math.Sqrt(Ratio) - 1;

    private static readonly double LogRatio = Math.Log(Ratio);

    /// <summary>0 for under a second, else 1 + ⌊log₁.₁(seconds)⌋.</summary>
    public static int Of(long ticks)
    {
        var seconds = ticks / (double)TimeSpan.TicksPerSecond;
        if (seconds < 1)
        {
            return 0;
        }

        var bucket = 1 + (int)Math.Floor(Math.Log(seconds) / LogRatio);
        // Floating point may put an exact power of 1.1 one bucket low or high; the edges decide.
        while (bucket > 1 && seconds < Math.Pow(Ratio, bucket - 1))
        {
            bucket--;
        }

        while (seconds >= Math.Pow(Ratio, bucket))
        {
            bucket++;
        }

        return bucket;
    }

    /// <summary>
    /// Where each bucket from 1 up starts: element b − 1 is the smallest tick count that <see cref="Of"/> puts in
    /// bucket b, for every bucket up to that of <see cref="long.MaxValue"/>. So for any tick count t,
    /// <c>Of(t)</c> is the number of bounds at or below t: SQL that compares a duration with these bounds (the
    /// rollups do, on every provider) buckets it exactly as <see cref="Of"/> does, edges included, with no
    /// floating point in the database.
    /// </summary>
    public static IReadOnlyList<long> LowerBounds { get; } = FindLowerBounds();

    // Of never decreases as ticks grow (ticks to seconds is a monotonic rounding, the edges 1.1^b increase), so
    // each bound is found by bisection over Of itself: the bounds cannot disagree with it, whatever its rounding.
    private static long[] FindLowerBounds()
    {
        var bounds = new long[Of(long.MaxValue)];
        for (var bucket = 1; bucket <= bounds.Length; bucket++)
        {
            // Of(below) < bucket <= Of(atOrAbove) throughout.
            var (below, atOrAbove) = (bucket == 1 ? 0 : bounds[bucket - 2], long.MaxValue);
            while (atOrAbove - below > 1)
            {
                var middle = below + ((atOrAbove - below) / 2);
                if (Of(middle) >= bucket)
                {
                    atOrAbove = middle;
                }
                else
                {
                    below = middle;
                }
            }

            bounds[bucket - 1] = atOrAbove;
        }

        return bounds;
    }

    /// <summary>The value a bucket stands for: its geometric middle (half a second for bucket 0).</summary>
    public static TimeSpan Representative(int bucket) => bucket <= 0
        ? TimeSpan.FromMilliseconds(500)
        : TimeSpan.FromSeconds(Math.Pow(Ratio, bucket - 0.5));

    /// <summary>
    /// The nearest-rank percentile (the smallest value with at least ⌈p·n⌉ values at or below it) of a
    /// histogram, as its bucket's representative value; null when it is empty.
    /// </summary>
    public static TimeSpan? Percentile(IReadOnlyDictionary<int, long> histogram, double p)
    {
        var total = histogram.Values.Sum();
        if (total == 0)
        {
            return null;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(p * total));
        long seen = 0;
        foreach (var (bucket, count) in histogram.OrderBy(b => b.Key))
        {
            seen += count;
            if (seen >= rank)
            {
                return Representative(bucket);
            }
        }

        return Representative(histogram.Keys.Max());
    }

    /// <summary>The same nearest-rank percentile over exact values, sorted ascending.</summary>
    public static TimeSpan? Percentile(IReadOnlyList<long> sortedTicks, double p)
    {
        if (sortedTicks.Count == 0)
        {
            return null;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(p * sortedTicks.Count));
        return TimeSpan.FromTicks(sortedTicks[(int)rank - 1]);
    }
}
