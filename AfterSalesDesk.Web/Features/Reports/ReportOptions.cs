namespace AfterSalesDesk.Web.Features.Reports;

/// <summary>Settings of the Excel exports (section <c>Reports</c>).</summary>
public sealed class ReportOptions
{
    public const string Section = "Reports";

    /// <summary>A terabyte: beyond any database this app keeps, and far below what a 64-bit address space maps.</summary>
    public const int MaxMemoryMapMegabytes = 1_048_576;

    /// <summary>
    /// Points in time are stored in UTC (docs/decisions/0003); a report shows them, and reads its period,
    /// as clock times of this IANA zone. The platform works on Beijing time.
    /// </summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>Data rows per sheet before a table goes on in the next sheet (Excel's limit is 1,048,576 rows with the header).</summary>
    public int MaxRowsPerSheet { get; set; } = XlsxWriter.DefaultMaxRowsPerSheet;

    /// <summary>
    /// How much of the database file an export reads through memory mapping rather than through SQLite's
    /// small page cache, in megabytes (0: not at all). An export visits most pages of several tables in
    /// no useful order; mapped, each visit is a memory read instead of a system call and a copy, which
    /// made a million-row export 1.3 to 1.8 times as fast (docs/benchmarks.md). The mapped pages are the operating
    /// system's file cache, shared and reclaimable, not the process's own memory. SQLite caps the mapping
    /// at 2 GB as built here; the rest of a larger file is read the ordinary way.
    /// </summary>
    public int MemoryMapMegabytes { get; set; } = 2048;

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone ?? "", out _))
        {
            problems.Add($"Reports:TimeZone '{TimeZone}' is not a time zone this machine knows (use an IANA name such as Asia/Shanghai).");
        }

        if (MaxRowsPerSheet is < 1 or >= XlsxWriter.ExcelMaxRows)
        {
            problems.Add($"Reports:MaxRowsPerSheet must be between 1 and {XlsxWriter.ExcelMaxRows - 1:N0}; it is {MaxRowsPerSheet}.");
        }

        if (MemoryMapMegabytes is < 0 or > MaxMemoryMapMegabytes)
        {
            problems.Add($"Reports:MemoryMapMegabytes must be between 0 (off) and {MaxMemoryMapMegabytes:N0}; it is {MemoryMapMegabytes}.");
        }

        return problems;
    }
}
