using AfterSalesDesk.Data.Dashboard;
using AfterSalesDesk.Web.Infrastructure;

namespace AfterSalesDesk.Web.Features.Dashboard;

/// <summary>A period of whole UTC days (both ends included) and, for platform staff, one merchant or all.</summary>
public sealed record DashboardQuery(DateOnly From, DateOnly To, int? MerchantId = null)
{
    public DateTimeOffset Start => UtcDays.Start(From);

    /// <summary>Midnight after the last day.</summary>
    public DateTimeOffset End => UtcDays.EndOf(To);
}

/// <summary>Counters of a group (a period, a day, a kind, a merchant): all event counts and sums.</summary>
public sealed record Counters(
    long Orders, long Opened, long Finished, long Effective, long HandlingTicks, long FirstResponses, long FirstResponseTicks,
    long ClocksEnded, long ClocksMet, long Complaints, long Refunds, long RefundMinor, long Ratings, long RatingStars,
    long Stars1, long Stars2, long Stars3, long Stars4, long Stars5)
{
    public static readonly Counters Zero = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public static Counters operator +(Counters a, Counters b) => new(
        a.Orders + b.Orders, a.Opened + b.Opened, a.Finished + b.Finished, a.Effective + b.Effective, a.HandlingTicks + b.HandlingTicks,
        a.FirstResponses + b.FirstResponses, a.FirstResponseTicks + b.FirstResponseTicks, a.ClocksEnded + b.ClocksEnded, a.ClocksMet + b.ClocksMet,
        a.Complaints + b.Complaints, a.Refunds + b.Refunds, a.RefundMinor + b.RefundMinor, a.Ratings + b.Ratings, a.RatingStars + b.RatingStars,
        a.Stars1 + b.Stars1, a.Stars2 + b.Stars2, a.Stars3 + b.Stars3, a.Stars4 + b.Stars4, a.Stars5 + b.Stars5);

    /// <summary>Complaints opened / orders placed; null without orders.</summary>
    public decimal? ComplaintRate => Rate(Complaints, Orders);

    /// <summary>Refunds paid / orders placed; null without orders.</summary>
    public decimal? RefundRate => Rate(Refunds, Orders);

    /// <summary>Clocks that ended without a breach / clocks that ended.</summary>
    public decimal? Compliance => Rate(ClocksMet, ClocksEnded);

    public TimeSpan? MeanHandling => Finished == 0 ? null : TimeSpan.FromTicks(HandlingTicks / Finished);

    public TimeSpan? MeanFirstResponse => FirstResponses == 0 ? null : TimeSpan.FromTicks(FirstResponseTicks / FirstResponses);

    /// <summary>The seeds' formula: sum of ratings / count.</summary>
    public decimal? AverageRating => Average(RatingStars, Ratings);

    /// <summary>The seeds' formula for an average rating: sum of stars / count, to two places; null without ratings.</summary>
    public static decimal? Average(long stars, long ratings) => ratings == 0 ? null : Math.Round((decimal)stars / ratings, 2, MidpointRounding.AwayFromZero);

    public long[] Distribution => [Stars1, Stars2, Stars3, Stars4, Stars5];

    public static decimal? Rate(long part, long whole) => whole == 0 ? null : (decimal)part / whole;
}

public sealed record DayFigures(DateOnly Day, Counters Counters);

public sealed record KindFigures(string Kind, Counters Counters);

public sealed record MerchantFigures(int MerchantId, string Name, Counters Counters);

public sealed record ReasonFigures(string Reason, long Refunds, long AmountMinor);

/// <param name="OpenNow">Open cases the agent holds now (from CaseCounts), whatever the period.</param>
public sealed record AgentFigures(string AssigneeId, string Name, long Finished, long HandlingTicks, long OpenNow)
{
    public TimeSpan? MeanHandling => Finished == 0 ? null : TimeSpan.FromTicks(HandlingTicks / Finished);
}

/// <summary>Median and 90th percentile of a duration (from the histogram, or exact when computed from the base tables).</summary>
public sealed record DurationFigures(long Count, TimeSpan? Median, TimeSpan? P90);

/// <summary>
/// Everything the dashboard shows for one scope and period. <see cref="MerchantId"/> is the merchant whose
/// figures these are, or null for all merchants; <see cref="ByMerchant"/> is empty for one merchant.
/// </summary>
public sealed record DashboardFigures(
    int? MerchantId,
    Counters Totals,
    IReadOnlyList<DayFigures> ByDay,
    IReadOnlyList<KindFigures> ByKind,
    IReadOnlyList<MerchantFigures> ByMerchant,
    IReadOnlyList<ReasonFigures> ByReason,
    IReadOnlyList<AgentFigures> ByAgent,
    DurationFigures Handling,
    DurationFigures FirstResponse)
{
    public const double MaxPercentileError = 0.05;

    /// <summary>Cases past due now (a running clock past its due time), in the same scope; null where not read (the KPI export).</summary>
    public int? PastDueNow { get; init; }

    /// <summary>Refund count / orders for one reason, in the same scope and period.</summary>
    public decimal? RefundRateOf(ReasonFigures reason) => Counters.Rate(reason.Refunds, Totals.Orders);
}

public sealed record MerchantOption(int Id, string Name);
