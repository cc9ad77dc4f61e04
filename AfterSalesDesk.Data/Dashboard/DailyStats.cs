namespace AfterSalesDesk.Data.Dashboard;

/// <summary>
/// The dashboard's daily rollups (decision 0017). Every row belongs to the UTC day on which its events
/// happened, so only today's rows change as work goes on. <see cref="AllMerchants"/> (0) holds the sum
/// over all merchants, so an all-merchant figure reads a few rows per day instead of one per merchant.
/// Rows are written only by <c>DashboardRollups</c> with set-based SQL, never through the change tracker.
/// </summary>
public static class DashboardKeys
{
    /// <summary>The merchant id of the rows that add up every merchant.</summary>
    public const int AllMerchants = 0;

    /// <summary>The kind of rows whose figures have no case kind (orders placed, complaints).</summary>
    public const string NoKind = "";

    /// <summary>Durations histogrammed per day: time from opening to finishing, and to the first response.</summary>
    public const string Handling = nameof(Handling);

    public const string FirstResponse = nameof(FirstResponse);
}

/// <summary>Counters and sums of one UTC day, merchant and case kind.</summary>
public class DailyCaseStats
{
    public DateTimeOffset Day { get; private set; }

    public int MerchantId { get; private set; }

    /// <summary>The case kind, or "" for figures without one (orders placed, complaints).</summary>
    public string Kind { get; private set; } = "";

    public long Orders { get; private set; }

    public long Opened { get; private set; }

    /// <summary>Cases that first reached Resolved, Closed or CancelledByBuyer on this day.</summary>
    public long Finished { get; private set; }

    /// <summary>Finished cases that finished as Resolved (the buyer's problem was solved).</summary>
    public long Effective { get; private set; }

    /// <summary>Sum of finished − opened over the finished cases, in ticks.</summary>
    public long HandlingTicks { get; private set; }

    public long FirstResponses { get; private set; }

    public long FirstResponseTicks { get; private set; }

    /// <summary>Clocks that ended (met or fired) on this day, and those of them that ended without a breach.</summary>
    public long ClocksEnded { get; private set; }

    public long ClocksMet { get; private set; }

    public long Complaints { get; private set; }

    public long Refunds { get; private set; }

    public long RefundMinor { get; private set; }

    public long Ratings { get; private set; }

    public long RatingStars { get; private set; }

    public long Stars1 { get; private set; }

    public long Stars2 { get; private set; }

    public long Stars3 { get; private set; }

    public long Stars4 { get; private set; }

    public long Stars5 { get; private set; }
}

/// <summary>Refunds paid on one UTC day, by merchant, kind and the case's reason.</summary>
public class DailyRefundStats
{
    public DateTimeOffset Day { get; private set; }

    public int MerchantId { get; private set; }

    public string Kind { get; private set; } = "";

    public string Reason { get; private set; } = "";

    public long Refunds { get; private set; }

    public long AmountMinor { get; private set; }
}

/// <summary>
/// A histogram of durations that ended on one UTC day: bucket 0 holds durations under a second, bucket
/// b ≥ 1 those from 1.1^(b−1) up to 1.1^b seconds (see <see cref="DurationBuckets"/>).
/// </summary>
public class DailyDurationBucket
{
    public DateTimeOffset Day { get; private set; }

    public int MerchantId { get; private set; }

    /// <summary><see cref="DashboardKeys.Handling"/> or <see cref="DashboardKeys.FirstResponse"/>.</summary>
    public string Metric { get; private set; } = "";

    public int Bucket { get; private set; }

    public long Count { get; private set; }
}

/// <summary>Cases finished on one UTC day by the agent who held them ("" for none).</summary>
public class DailyAgentStats
{
    public DateTimeOffset Day { get; private set; }

    public int MerchantId { get; private set; }

    public string AssigneeId { get; private set; } = "";

    public string AssigneeName { get; private set; } = "";

    public long Finished { get; private set; }

    public long HandlingTicks { get; private set; }
}

/// <summary>
/// One product's after-sales events of one UTC day (decision 0027): its order lines placed, the cases opened on it
/// (one per case, whatever lines of the product it names) and of those the ones whose goods go back, refunds paid with a
/// line of it, and ratings given on its cases. <see cref="Reason"/> is the opened cases' reason; the rows of orders,
/// refunds and ratings have "" there, so a product's totals are the sums over all its rows.
/// </summary>
public class DailyProductStats
{
    public DateTimeOffset Day { get; private set; }

    public int ProductId { get; private set; }

    public string Reason { get; private set; } = "";

    public long Orders { get; private set; }

    public long Opened { get; private set; }

    /// <summary>Opened cases of a kind whose goods go back to the merchant: return and refund, exchange, repair.</summary>
    public long GoodsBack { get; private set; }

    public long Refunds { get; private set; }

    public long Ratings { get; private set; }

    public long RatingStars { get; private set; }
}
