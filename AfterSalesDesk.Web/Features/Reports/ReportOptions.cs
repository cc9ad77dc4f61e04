namespace AfterSalesDesk.Web.Features.Reports;

/// <summary>Settings of the Excel exports (section <c>Reports</c>).</summary>
public sealed class ReportOptions
{
    public const string Section = "Reports";

    /// <summary>
    /// Points in time are stored in UTC (docs/decisions/0003); a report shows them, and reads its period,
    /// as clock times of this IANA zone. The platform works on Beijing time.
    /// </summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>Data rows per sheet before a table goes on in the next sheet (Excel's limit is 1,048,576 rows with the header).</summary>
    public int MaxRowsPerSheet { get; set; } = XlsxStreamWriter.DefaultMaxRowsPerSheet;

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone ?? "", out _))
        {
            problems.Add($"Reports:TimeZone '{TimeZone}' is not a time zone this machine knows (use an IANA name such as Asia/Shanghai).");
        }

        if (MaxRowsPerSheet is < 1 or >= XlsxStreamWriter.ExcelMaxRows)
        {
            problems.Add($"Reports:MaxRowsPerSheet must be between 1 and {XlsxStreamWriter.ExcelMaxRows - 1:N0}; it is {MaxRowsPerSheet}.");
        }

        return problems;
    }
}
