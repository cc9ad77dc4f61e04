namespace AfterSalesDesk.Web.Features.Reports;

/// <summary>The number formats of an export's cells (<see cref="XlsxWriter"/>); the others are Excel's built-in 0, 0.00 and 0.00%.</summary>
public static class XlsxStyles
{
    public const string MoneyFormat = "#,##0.00";

    public const string DateTimeFormat = "yyyy-mm-dd hh:mm:ss";

    /// <summary>Elapsed hours past 24 (a handling time of three days reads 72:00:00, not 00:00:00).</summary>
    public const string DurationFormat = "[h]:mm:ss";

    public const string DateFormat = "yyyy-mm-dd";
}
