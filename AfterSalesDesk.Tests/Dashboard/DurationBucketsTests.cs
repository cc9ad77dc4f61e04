using AfterSalesDesk.Data.Dashboard;

namespace AfterSalesDesk.Tests.Dashboard;

/// <summary>
/// SQL can bucket durations by comparing them with <see cref="DurationBuckets.LowerBounds"/>; the dashboard's
/// percentiles assume the same buckets as <see cref="DurationBuckets.Of"/>, edges included.
/// </summary>
public class DurationBucketsTests
{
    [Fact]
    public void LowerBounds_AreExactlyWhereOfStepsUp_ForEveryBucket()
    {
        var bounds = DurationBuckets.LowerBounds;

        Assert.Equal(TimeSpan.TicksPerSecond, bounds[0]);
        Assert.Equal(DurationBuckets.Of(long.MaxValue), bounds.Count);
        for (var bucket = 1; bucket <= bounds.Count; bucket++)
        {
            Assert.Equal(bucket, DurationBuckets.Of(bounds[bucket - 1]));
            Assert.Equal(bucket - 1, DurationBuckets.Of(bounds[bucket - 1] - 1));
        }
    }
}
