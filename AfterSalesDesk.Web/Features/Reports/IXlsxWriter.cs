namespace AfterSalesDesk.Web.Features.Reports;

/// <summary>
/// A workbook written row by row into a stream: a sheet per table, a bold frozen header row, widths, an
/// autofilter, typed cells (<see cref="IXlsxCells"/>), and the table going on in "Name (2)", … after the
/// rows a sheet may hold. Use: <see cref="StartTableAsync"/>, then per row <see cref="StartRow"/>, one
/// cell per column, <see cref="EndRowAsync"/>; finally <see cref="FinishAsync"/>. Without it (an error, a
/// cancelled export) the file is incomplete, and no program opens it as a workbook.
/// </summary>
public interface IXlsxWriter : IXlsxCells, IAsyncDisposable
{
    /// <summary>Data rows written so far, over all tables and sheets.</summary>
    long Rows { get; }

    /// <summary>Sheet names so far, in order.</summary>
    IReadOnlyList<string> SheetNames { get; }

    /// <summary>Starts a table in a new sheet named after it (cut to Excel's 31 characters).</summary>
    ValueTask StartTableAsync(string name, IReadOnlyList<XlsxColumn> columns, CancellationToken cancellationToken = default);

    void StartRow();

    ValueTask EndRowAsync(CancellationToken cancellationToken = default);

    /// <summary>Ends the last sheet and writes the parts that list the sheets. The file is complete only after this.</summary>
    ValueTask FinishAsync(CancellationToken cancellationToken = default);
}
