namespace AfterSalesDesk.Web.Infrastructure;

/// <summary>
/// Periods of whole UTC days (both ends included), as the dashboard counts them (decision 0017) and the lists
/// its figures link to filter: a day starts at UTC midnight, and a period ends at the midnight after its last day.
/// </summary>
public static class UtcDays
{
    public static DateTimeOffset Start(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The midnight after <paramref name="lastDay"/>: the exclusive end of a period ending that day.</summary>
    public static DateTimeOffset EndOf(DateOnly lastDay) => Start(lastDay.AddDays(1));
}
