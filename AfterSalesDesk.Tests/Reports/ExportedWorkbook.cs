using System.Globalization;
using System.Security.Claims;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Reports;
using ClosedXML.Excel;

namespace AfterSalesDesk.Tests.Reports;

/// <summary>
/// An exported .xlsx read back with ClosedXML, a reader the app does not use: each sheet's header, layout
/// (frozen rows, filter, widths, header style) and rows, with typed cells by header. Reading a cell as the
/// wrong type fails the test: <see cref="ExportedCell.Number"/> of a text cell, <see cref="ExportedCell.Text"/>
/// of a number.
/// </summary>
public sealed class ExportedWorkbook
{
    private ExportedWorkbook(IReadOnlyList<ExportedSheet> sheets) => Sheets = sheets;

    public IReadOnlyList<ExportedSheet> Sheets { get; }

    /// <summary>All data rows of all sheets, in order.</summary>
    public IReadOnlyList<ExportedRow> Rows => Sheets.SelectMany(s => s.Rows).ToList();

    /// <summary>Prepares and writes an export through the report service as this user, and reads it back (every row the service counted).</summary>
    public static async Task<ExportedWorkbook> ExportAsync(AppFactory app, ClaimsPrincipal user, string table, ReportRequest request)
    {
        var prepared = await app.Get<ReportService>().PrepareAsync(user, table, request);
        Assert.True(prepared.Result.Succeeded, prepared.Result.Error);
        using var output = new MemoryStream();
        var rows = await prepared.Export!.WriteAsync(output);
        var workbook = Read(output.ToArray());
        Assert.Equal(rows, workbook.Rows.Count);
        return workbook;
    }

    /// <summary>Reads a workbook and checks what every export's sheets have: a bold, frozen header row, column widths, an autofilter from A1.</summary>
    public static ExportedWorkbook Read(byte[] bytes)
    {
        using var workbook = new XLWorkbook(new MemoryStream(bytes));
        var sheets = workbook.Worksheets.Select(ReadSheet).ToList();
        Assert.All(sheets, sheet =>
        {
            Assert.True(sheet.FrozenRows == 1, $"{sheet.Name}: the header row is frozen");
            Assert.True(sheet.HeaderBold, $"{sheet.Name}: the header row is bold");
            Assert.True(sheet.AutoFilter?.StartsWith("A1:", StringComparison.Ordinal) == true, $"{sheet.Name}: an autofilter from A1, not {sheet.AutoFilter}");
            Assert.Equal(sheet.Header.Count, sheet.ColumnWidths.Count);
        });
        return new ExportedWorkbook(sheets);
    }

    /// <summary>ClosedXML 0.95 takes this off every width it reads (and adds it back when it saves); added back, widths read as written.</summary>
    private const double ColumnWidthPadding = 0.710625;

    /// <summary>The sheet's autofilter, or its one table's (a table filters its own range).</summary>
    private static string? AutoFilter(IXLWorksheet sheet) =>
        sheet.AutoFilter.IsEnabled ? sheet.AutoFilter.Range.RangeAddress.ToString()
        : sheet.Tables.SingleOrDefault() is { ShowAutoFilter: true } table ? table.RangeAddress.ToString()
        : null;

    private static ExportedSheet ReadSheet(IXLWorksheet sheet)
    {
        var used = sheet.RangeUsed();
        var columns = used?.LastColumn().ColumnNumber() ?? 0;
        var lastRow = used?.LastRow().RowNumber() ?? 0;
        var header = Enumerable.Range(1, columns).Select(c => sheet.Cell(1, c).GetString()).ToList();
        var rows = Enumerable.Range(2, Math.Max(0, lastRow - 1))
            .Select(r => new ExportedRow(header, Enumerable.Range(1, columns).Select(c => ExportedCell.From(sheet.Cell(r, c))).ToList()))
            .ToList();
        return new ExportedSheet(
            sheet.Name,
            header,
            rows,
            sheet.SheetView.SplitRow,
            AutoFilter(sheet),
            Enumerable.Range(1, columns).Where(c => sheet.Column(c).Width != sheet.ColumnWidth).Select(c => Math.Round(sheet.Column(c).Width + ColumnWidthPadding, 6)).ToList(),
            columns > 0 && Enumerable.Range(1, columns).All(c => sheet.Cell(1, c).Style.Font.Bold));
    }
}

/// <param name="FrozenRows">Rows frozen at the top (ClosedXML reads a frozen pane's split only).</param>
/// <param name="AutoFilter">The autofilter's range, such as <c>A1:Q201</c>; null without one.</param>
/// <param name="ColumnWidths">The widths set on the columns, in order (columns left at the sheet's default are not listed).</param>
public sealed record ExportedSheet(
    string Name, IReadOnlyList<string> Header, IReadOnlyList<ExportedRow> Rows, int FrozenRows, string? AutoFilter, IReadOnlyList<double> ColumnWidths, bool HeaderBold);

/// <summary>A cell as a spreadsheet program reads it: its type, its value, its number format and the text it shows.</summary>
public sealed class ExportedCell
{
    /// <summary>Excel's built-in formats the exports use (the others are written out in the file).</summary>
    private static readonly Dictionary<int, string> BuiltInFormats = new() { [0] = "General", [1] = "0", [2] = "0.00", [10] = "0.00%" };

    private readonly IXLCell cell;

    private ExportedCell(IXLCell cell, string format)
    {
        this.cell = cell;
        Format = format;
    }

    /// <summary>The number format's code: <c>General</c>, <c>0</c>, <c>0.00</c>, <c>0.00%</c>, <c>#,##0.00</c>, <c>yyyy-mm-dd hh:mm:ss</c>, <c>yyyy-mm-dd</c>, <c>[h]:mm:ss</c>.</summary>
    public string Format { get; }

    public bool IsEmpty => cell.IsEmpty();

    /// <summary>The type ClosedXML gives the cell: text, a number, or a date or time (a number with a date or time format).</summary>
    public XLDataType Type => cell.DataType;

    /// <summary>The text of a text cell (null when empty); fails for any other type.</summary>
    public string? Text
    {
        get
        {
            if (IsEmpty)
            {
                return null;
            }

            Assert.True(Type == XLDataType.Text, $"{cell.Address} should be text, it is {Type} ({cell.Value})");
            return cell.GetString();
        }
    }

    /// <summary>The value of a number cell; fails for any other type (text, or a number formatted as a date).</summary>
    public decimal Number
    {
        get
        {
            Assert.True(Type == XLDataType.Number, $"{cell.Address} should be a number, it is {Type} ({cell.Value})");
            return (decimal)cell.GetDouble();
        }
    }

    /// <summary>The point in time of a date cell, to the millisecond (a date serial is a double); fails for any other type.</summary>
    public DateTime DateTime
    {
        get
        {
            Assert.True(Type == XLDataType.DateTime, $"{cell.Address} should be a date, it is {Type} ({cell.Value})");
            return cell.GetDateTime();
        }
    }

    /// <summary>A length of time: a number of days with a time format, which ClosedXML reads as a date or a time span.</summary>
    public TimeSpan Duration
    {
        get
        {
            Assert.True(Type is XLDataType.DateTime or XLDataType.TimeSpan, $"{cell.Address} should be a time, it is {Type} ({cell.Value})");
            return Type == XLDataType.TimeSpan ? cell.GetTimeSpan() : TimeSpan.FromDays(cell.GetDateTime().ToOADate());
        }
    }

    /// <summary>
    /// The text a number or date cell shows with its number format applied, in the invariant culture, by
    /// ExcelNumberFormat (ClosedXML's own formatter; 0.95's <c>GetFormattedString</c> returns the bare value here).
    /// </summary>
    public string Shown => IsEmpty || Type == XLDataType.Text
        ? cell.GetString()
        : new ExcelNumberFormat.NumberFormat(Format).Format(cell.GetDouble(), CultureInfo.InvariantCulture);

    public override string ToString() => $"{cell.Address}: {Type} {cell.Value} [{Format}]";

    internal static ExportedCell From(IXLCell cell)
    {
        var numberFormat = cell.Style.NumberFormat;
        var format = string.IsNullOrEmpty(numberFormat.Format)
            ? BuiltInFormats.GetValueOrDefault(numberFormat.NumberFormatId, numberFormat.NumberFormatId.ToString(CultureInfo.InvariantCulture))
            : numberFormat.Format;
        return new ExportedCell(cell, format);
    }
}

public sealed record ExportedRow(IReadOnlyList<string> Header, IReadOnlyList<ExportedCell> Cells)
{
    public ExportedCell this[string column] => Cells[Header.ToList().IndexOf(column) is var i and >= 0 ? i : throw new KeyNotFoundException(column)];
}
