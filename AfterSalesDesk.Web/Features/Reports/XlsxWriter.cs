using SpreadCheetah;
using SpreadCheetah.Styling;
using SpreadCheetah.Tables;
using SpreadCheetah.Worksheets;

namespace AfterSalesDesk.Web.Features.Reports;

/// <summary>A column of an exported table: its header and its width in characters.</summary>
public sealed record XlsxColumn(string Title, double Width);

/// <summary>
/// Writes an .xlsx workbook row by row into a stream with SpreadCheetah, holding nothing but the current
/// row and SpreadCheetah's 64 KB buffer (it replaced a hand-written writer over the Open XML SDK: twice to three
/// times as fast, a smaller file; docs/decisions/0015-excel-exports.md, docs/benchmarks.md). SpreadCheetah
/// writes into the stream asynchronously only; the exporter gives it a <see cref="ResponseBuffer"/> and
/// passes the file on to the response in pieces of about 64 KB.
/// <para>Each table gets a sheet with a bold, frozen header row, the columns' widths and an autofilter over
/// the header and its rows; after <c>maxRowsPerSheet</c> data rows the table goes on in a new sheet with the
/// same header ("Cases", "Cases (2)", …). Cells are typed, with the formats of <see cref="XlsxStyles"/>:
/// numbers are numbers, money is a number with a two-decimal format, points in time are real dates in the
/// report's time zone. Text goes through <see cref="SpreadsheetText"/>. A null value is an empty cell that
/// keeps the next one in its column.</para>
/// <para>Use: <see cref="StartTableAsync"/>, then per row <see cref="StartRow"/>, one write per column,
/// <see cref="EndRowAsync"/>; finally <see cref="FinishAsync"/>. Without it (an error, a cancelled export)
/// the file lacks its workbook part, and no program opens it.</para>
/// </summary>
public sealed class XlsxWriter : IAsyncDisposable
{
    /// <summary>Excel's limit is 1,048,576 rows a sheet; a round million data rows a sheet stays clear of it.</summary>
    public const int DefaultMaxRowsPerSheet = 1_000_000;

    public const int ExcelMaxRows = 1_048_576;

    /// <summary>An empty cell keeps the next one in its column (SpreadCheetah writes cells without references).</summary>
    private static readonly Cell Empty = new((string?)null);

    private readonly Spreadsheet spreadsheet;
    private readonly int maxRowsPerSheet;
    private readonly TimeZoneInfo timeZone;
    private readonly List<string> sheetNames = [];
    private readonly StyleId header;
    private readonly StyleId integer;
    private readonly StyleId money;
    private readonly StyleId dateTime;
    private readonly StyleId percent;
    private readonly StyleId decimalNumber;
    private readonly StyleId duration;
    private readonly StyleId date;

    private string tableName = "";
    private IReadOnlyList<XlsxColumn> columns = [];
    private Cell[] row = [];
    private int tableSheets;
    private int rowsInSheet;
    private int cellsInRow = -1;

    private XlsxWriter(Spreadsheet spreadsheet, int maxRowsPerSheet, TimeZoneInfo timeZone)
    {
        this.spreadsheet = spreadsheet;
        this.maxRowsPerSheet = maxRowsPerSheet;
        this.timeZone = timeZone;
        header = spreadsheet.AddStyle(new Style
        {
            Font = { Bold = true },
            Fill = { Color = System.Drawing.Color.FromArgb(0xFF, 0xDD, 0xEB, 0xF7) },
        });
        integer = Format(NumberFormat.Standard(StandardNumberFormat.NoDecimalPlaces));
        money = Format(NumberFormat.Custom(XlsxStyles.MoneyFormat));
        dateTime = Format(NumberFormat.Custom(XlsxStyles.DateTimeFormat));
        percent = Format(NumberFormat.Standard(StandardNumberFormat.PercentTwoDecimalPlaces));
        decimalNumber = Format(NumberFormat.Standard(StandardNumberFormat.TwoDecimalPlaces));
        duration = Format(NumberFormat.Custom(XlsxStyles.DurationFormat));
        date = Format(NumberFormat.Custom(XlsxStyles.DateFormat));

        StyleId Format(NumberFormat format) => spreadsheet.AddStyle(new Style { Format = format });
    }

    /// <param name="output">Receives the file, written asynchronously only.</param>
    /// <param name="maxRowsPerSheet">Data rows per sheet before the table goes on in the next one.</param>
    /// <param name="timeZone">Points in time are written as clock times of this zone (UTC when null).</param>
    public static async Task<XlsxWriter> CreateAsync(
        Stream output, int maxRowsPerSheet = DefaultMaxRowsPerSheet, TimeZoneInfo? timeZone = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRowsPerSheet, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxRowsPerSheet, ExcelMaxRows - 1);
        var spreadsheet = await Spreadsheet.CreateNewAsync(output, new SpreadCheetahOptions
        {
            CompressionLevel = SpreadCheetahCompressionLevel.Fastest,
            PreserveStringWhitespace = true,
        }, cancellationToken);
        return new XlsxWriter(spreadsheet, maxRowsPerSheet, timeZone ?? TimeZoneInfo.Utc);
    }

    /// <summary>Data rows written so far, over all tables and sheets.</summary>
    public long Rows { get; private set; }

    /// <summary>Sheet names so far, in order.</summary>
    public IReadOnlyList<string> SheetNames => sheetNames;

    /// <summary>Starts a table in a new sheet named after it (cut to Excel's 31 characters).</summary>
    public ValueTask StartTableAsync(string name, IReadOnlyList<XlsxColumn> tableColumns, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfZero(tableColumns.Count);
        if (cellsInRow >= 0)
        {
            throw new InvalidOperationException("The last row was not ended.");
        }

        tableName = SheetName(name);
        columns = tableColumns;
        row = new Cell[tableColumns.Count];
        tableSheets = 0;
        return StartSheetAsync(cancellationToken);
    }

    public void StartRow()
    {
        if (columns.Count == 0 || cellsInRow >= 0)
        {
            throw new InvalidOperationException(columns.Count == 0 ? "Start a table first." : "The previous row was not ended.");
        }

        cellsInRow = 0;
    }

    public async ValueTask EndRowAsync(CancellationToken cancellationToken = default)
    {
        if (cellsInRow != columns.Count)
        {
            throw new InvalidOperationException($"A row of {tableName} needs {columns.Count} cells, it got {cellsInRow}.");
        }

        if (rowsInSheet == maxRowsPerSheet)
        {
            await StartSheetAsync(cancellationToken);
        }

        await spreadsheet.AddRowAsync(row, cancellationToken);
        rowsInSheet++;
        cellsInRow = -1;
        Rows++;
    }

    /// <summary>Text the application itself produced (numbers of records, names of states): cleaned, never escaped.</summary>
    public void Text(string? value) => Add(value is null ? Empty : new Cell(SpreadsheetText.Clean(value)));

    /// <summary>Text a person typed (descriptions, reasons, names): formula-looking text is escaped (<see cref="SpreadsheetText.NeutraliseFormula"/>).</summary>
    public void UserText(string? value) => Add(value is null ? Empty : new Cell(SpreadsheetText.NeutraliseFormula(value)));

    public void Integer(long? value) => Add(value is { } number ? new Cell(number, integer) : Empty);

    /// <summary>An amount in minor units (fen), written as a number of major units with two decimals shown.</summary>
    public void Money(long? minor) => Add(minor is { } amount ? new Cell(amount / 100m, money) : Empty);

    /// <summary>A share in basis points (1/100 of a percent), written as a fraction with a percent format.</summary>
    public void Percent(int? basisPoints) => Add(basisPoints is { } share ? new Cell(share / 10_000m, percent) : Empty);

    /// <summary>A share (0.25 is 25 %) kept exact, written with a percent format.</summary>
    public void Fraction(decimal? share) => Add(share is { } value ? new Cell(value, percent) : Empty);

    /// <summary>A number with two decimals shown (an average rating, say); the cell keeps the whole value.</summary>
    public void Decimal(decimal? value) => Add(value is { } number ? new Cell(number, decimalNumber) : Empty);

    /// <summary>A length of time, written as Excel writes one (a number of days) shown as elapsed hours, minutes and seconds.</summary>
    public void Duration(TimeSpan? value) => Add(value is { } span ? new Cell(Math.Round(span.TotalDays, 10), duration) : Empty);

    /// <summary>A calendar day (no time, no zone), written as an Excel date.</summary>
    public void Date(DateOnly? value) => Add(value is { } day ? new Cell(day.ToDateTime(TimeOnly.MinValue), date) : Empty);

    /// <summary>A point in time, written as an Excel date (a serial day number) of the report's time zone.</summary>
    public void DateTime(DateTimeOffset? value) =>
        Add(value is { } at ? new Cell(TimeZoneInfo.ConvertTime(at, timeZone).DateTime, dateTime) : Empty);

    /// <summary>Ends the last sheet and writes the parts that list the sheets. The file is complete only after this.</summary>
    public ValueTask FinishAsync(CancellationToken cancellationToken = default)
    {
        if (cellsInRow >= 0)
        {
            throw new InvalidOperationException("The last row was not ended.");
        }

        return sheetNames.Count == 0 ? throw new InvalidOperationException("A workbook needs at least one table.") : spreadsheet.FinishAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => spreadsheet.DisposeAsync();

    private async ValueTask StartSheetAsync(CancellationToken cancellationToken)
    {
        tableSheets++;
        var name = tableSheets == 1 ? tableName : SheetName($"{tableName[..Math.Min(tableName.Length, 24)]} ({tableSheets})");
        name = UniqueName(name);
        var options = new WorksheetOptions { FrozenRows = 1 };
        for (var i = 0; i < columns.Count; i++)
        {
            options.Column(i + 1).Width = columns[i].Width;
        }

        await spreadsheet.StartWorksheetAsync(name, options, cancellationToken);
        sheetNames.Add(name);

        // The autofilter is a table's, without a table style: SpreadCheetah writes a table's range when the
        // sheet ends, so the filter covers the header and exactly the rows written, and LibreOffice shows its
        // buttons (a sheet's own autoFilter would need its range before the rows are known, and LibreOffice
        // ignores it without the _xlnm._FilterDatabase name, which SpreadCheetah cannot write).
        spreadsheet.StartTable(new Table(TableStyle.None) { BandedRows = false });
        await spreadsheet.AddHeaderRowAsync(HeaderNames(columns), header, cancellationToken);
        rowsInSheet = 0;
    }

    /// <summary>A table's headers must be non-empty, unique (ignoring case) and without spaces at either end: the titles, made so.</summary>
    private static string[] HeaderNames(IReadOnlyList<XlsxColumn> columns)
    {
        var names = new string[columns.Count];
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Length; i++)
        {
            var title = SpreadsheetText.Clean(columns[i].Title).Trim();
            title = title.Length == 0 ? ColumnName(i + 1) : title[..Math.Min(title.Length, 250)];
            var unique = title;
            for (var n = 2; !seen.Add(unique); n++)
            {
                unique = $"{title} ({n})";
            }

            names[i] = unique;
        }

        return names;
    }

    private void Add(Cell cell)
    {
        if (cellsInRow < 0)
        {
            throw new InvalidOperationException("Start a row first.");
        }

        if (cellsInRow == columns.Count)
        {
            throw new InvalidOperationException($"A row of {tableName} has only {columns.Count} columns.");
        }

        row[cellsInRow++] = cell;
    }

    private string UniqueName(string name)
    {
        var unique = name;
        for (var n = 2; sheetNames.Any(s => string.Equals(s, unique, StringComparison.OrdinalIgnoreCase)); n++)
        {
            unique = SheetName($"{name[..Math.Min(name.Length, 24)]} ~{n}");
        }

        return unique;
    }

    /// <summary>Excel's rules for sheet names: 1–31 characters, none of <c>[]:*?/\</c>, no apostrophe at either end.</summary>
    internal static string SheetName(string name)
    {
        var clean = new string(SpreadsheetText.Clean(name).Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\') && !char.IsControl(c)).ToArray())
            .Trim().Trim('\'');
        if (clean.Length > 31)
        {
            clean = clean[..31];
        }

        return clean.Length == 0 ? "Sheet" : clean;
    }

    internal static string ColumnName(int number)
    {
        var name = "";
        for (; number > 0; number = (number - 1) / 26)
        {
            name = (char)('A' + ((number - 1) % 26)) + name;
        }

        return name;
    }
}
