using System.Globalization;
using System.IO.Compression;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace AfterSalesDesk.Web.Features.Reports;

/// <summary>A column of an exported table: its header and its width in characters.</summary>
public sealed record XlsxColumn(string Title, double Width);

/// <summary>
/// Writes an .xlsx workbook row by row straight into a stream, holding nothing but the current row:
/// a zip in create mode (so the stream need not be readable or seekable), each worksheet written with
/// the Open XML SDK's <see cref="OpenXmlWriter"/> into its zip entry, text as inline strings (a shared
/// strings table would have to be kept until the end), and the small parts that list the sheets
/// (workbook, relationships, content types) written last, when the sheets are known. The SDK's own
/// <c>SpreadsheetDocument</c> keeps every part in memory until it is saved, and needs a seekable stream
/// (docs/decisions/0015-excel-exports.md, measurements in docs/benchmarks.md).
/// <para>Each table gets a sheet with a bold, frozen header row, an autofilter over its rows and the
/// columns' widths; after <c>maxRowsPerSheet</c> data rows the table goes on in a new sheet with the same
/// header ("Cases", "Cases (2)", …). Cells are typed: numbers are numbers, money is a number with a
/// two-decimal format, points in time are real dates in the report's time zone.</para>
/// <para>Use: <see cref="StartTable"/>, then per row <see cref="StartRow"/>, one write per column,
/// <see cref="EndRow"/>; finally <see cref="Finish"/>. Synchronous, because the zip and XML writers are:
/// give it a stream that accepts synchronous writes (<see cref="ResponseBuffer"/> for a response).</para>
/// </summary>
public sealed class XlsxStreamWriter : IXlsxWriter, IDisposable
{
    /// <summary>Excel's limit is 1,048,576 rows a sheet; a round million data rows a sheet stays clear of it.</summary>
    public const int DefaultMaxRowsPerSheet = 1_000_000;

    public const int ExcelMaxRows = 1_048_576;

    private const string SpreadsheetNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string RelationshipNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string PackageRelationshipNs = "http://schemas.openxmlformats.org/package/2006/relationships";

    // Reused for every row and cell: the writer reads only their names, so one instance each will do.
    // Row, cell and inline string are "unknown" elements with the same names: a typed element looks its
    // name and namespace up in the SDK's metadata on every write, which cost a sixth of the writing time
    // (docs/benchmarks.md). Values and text stay typed, because the writer accepts text only inside a
    // typed leaf text element.
    private static readonly OpenXmlUnknownElement RowElement = new("x", "row", SpreadsheetNs);
    private static readonly OpenXmlUnknownElement CellElement = new("x", "c", SpreadsheetNs);
    private static readonly OpenXmlUnknownElement InlineStringElement = new("x", "is", SpreadsheetNs);
    private static readonly CellValue ValueElement = new();
    private static readonly Text TextElement = new();
    private static readonly OpenXmlAttribute[] NoAttributes = [];
    private static readonly KeyValuePair<string, string>[] NoNamespaces = [];

    private static readonly OpenXmlAttribute[] TextCell = [new("t", "", "inlineStr")];
    private static readonly OpenXmlAttribute[] HeaderCell = [new("t", "", "inlineStr"), Style(XlsxStyle.Header)];
    private static readonly OpenXmlAttribute[] IntegerCell = [Style(XlsxStyle.Integer)];
    private static readonly OpenXmlAttribute[] MoneyCell = [Style(XlsxStyle.Money)];
    private static readonly OpenXmlAttribute[] DateTimeCell = [Style(XlsxStyle.DateTime)];
    private static readonly OpenXmlAttribute[] PercentCell = [Style(XlsxStyle.Percent)];
    private static readonly OpenXmlAttribute[] DecimalCell = [Style(XlsxStyle.Decimal)];
    private static readonly OpenXmlAttribute[] DurationCell = [Style(XlsxStyle.Duration)];
    private static readonly OpenXmlAttribute[] DateCell = [Style(XlsxStyle.Date)];
    private static readonly OpenXmlAttribute[] PreserveSpace = [new("xml", "space", "http://www.w3.org/XML/1998/namespace", "preserve")];

    private readonly ZipArchive zip;
    private readonly int maxRowsPerSheet;
    private readonly TimeZoneInfo timeZone;
    private readonly List<SheetEntry> sheets = [];
    private readonly OpenXmlAttribute[] rowNumber = new OpenXmlAttribute[1];

    private Stream? sheetStream;
    private OpenXmlWriter? sheet;
    private string tableName = "";
    private IReadOnlyList<XlsxColumn> columns = [];
    private int tableSheets;
    private int rowsInSheet;
    private int cellsInRow = -1;
    private bool finished;

    /// <param name="output">Receives the file; written synchronously, never read or seeked.</param>
    /// <param name="maxRowsPerSheet">Data rows per sheet before the table goes on in the next one.</param>
    /// <param name="timeZone">Points in time are written as clock times of this zone (UTC when null).</param>
    public XlsxStreamWriter(Stream output, int maxRowsPerSheet = DefaultMaxRowsPerSheet, TimeZoneInfo? timeZone = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRowsPerSheet, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxRowsPerSheet, ExcelMaxRows - 1);
        zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        this.maxRowsPerSheet = maxRowsPerSheet;
        this.timeZone = timeZone ?? TimeZoneInfo.Utc;
    }

    /// <summary>Data rows written so far, over all tables and sheets.</summary>
    public long Rows { get; private set; }

    /// <summary>Sheet names so far, in order.</summary>
    public IReadOnlyList<string> SheetNames => sheets.Select(s => s.Name).ToList();

    /// <summary>Starts a table in a new sheet named after it (cut to Excel's 31 characters).</summary>
    public void StartTable(string name, IReadOnlyList<XlsxColumn> tableColumns)
    {
        ArgumentOutOfRangeException.ThrowIfZero(tableColumns.Count);
        EnsureOpen();
        EndSheet();
        tableName = SheetName(name);
        columns = tableColumns;
        tableSheets = 0;
        StartSheet();
    }

    public void StartRow()
    {
        if (sheet is null || cellsInRow >= 0)
        {
            throw new InvalidOperationException(sheet is null ? "Start a table first." : "The previous row was not ended.");
        }

        if (rowsInSheet == maxRowsPerSheet)
        {
            EndSheet();
            StartSheet();
        }

        rowsInSheet++;
        BeginRow(rowsInSheet + 1);
    }

    public void EndRow()
    {
        if (cellsInRow != columns.Count)
        {
            throw new InvalidOperationException($"A row of {tableName} needs {columns.Count} cells, it got {cellsInRow}.");
        }

        sheet!.WriteEndElement();
        cellsInRow = -1;
        Rows++;
    }

    /// <summary>Text the application itself produced (numbers of records, names of states): cleaned, never escaped.</summary>
    public void Text(string? value)
    {
        if (value is null)
        {
            Empty();
        }
        else
        {
            InlineText(SpreadsheetText.Clean(value), TextCell);
        }
    }

    /// <summary>Text a person typed (descriptions, reasons, names): formula-looking text is escaped (<see cref="SpreadsheetText.NeutraliseFormula"/>).</summary>
    public void UserText(string? value)
    {
        if (value is null)
        {
            Empty();
        }
        else
        {
            InlineText(SpreadsheetText.NeutraliseFormula(value), TextCell);
        }
    }

    public void Integer(long? value)
    {
        if (value is { } number)
        {
            NumberCell(number.ToString(CultureInfo.InvariantCulture), IntegerCell);
        }
        else
        {
            Empty();
        }
    }

    /// <summary>An amount in minor units (fen), written as a number of major units with two decimals shown.</summary>
    public void Money(long? minor)
    {
        if (minor is { } amount)
        {
            NumberCell((amount / 100m).ToString(CultureInfo.InvariantCulture), MoneyCell);
        }
        else
        {
            Empty();
        }
    }

    /// <summary>A share in basis points (1/100 of a percent), written as a fraction with a percent format.</summary>
    public void Percent(int? basisPoints)
    {
        if (basisPoints is { } share)
        {
            NumberCell((share / 10_000m).ToString(CultureInfo.InvariantCulture), PercentCell);
        }
        else
        {
            Empty();
        }
    }

    /// <summary>A share (0.25 is 25 %) kept exact, written with a percent format.</summary>
    public void Fraction(decimal? share)
    {
        if (share is { } value)
        {
            NumberCell(value.ToString(CultureInfo.InvariantCulture), PercentCell);
        }
        else
        {
            Empty();
        }
    }

    /// <summary>A number with two decimals shown (an average rating, say); the cell keeps the whole value.</summary>
    public void Decimal(decimal? value)
    {
        if (value is { } number)
        {
            NumberCell(number.ToString(CultureInfo.InvariantCulture), DecimalCell);
        }
        else
        {
            Empty();
        }
    }

    /// <summary>A length of time, written as Excel writes one (a number of days) shown as elapsed hours, minutes and seconds.</summary>
    public void Duration(TimeSpan? value)
    {
        if (value is { } span)
        {
            NumberCell(Math.Round(span.TotalDays, 10).ToString("R", CultureInfo.InvariantCulture), DurationCell);
        }
        else
        {
            Empty();
        }
    }

    /// <summary>A calendar day (no time, no zone), written as an Excel date.</summary>
    public void Date(DateOnly? value)
    {
        if (value is { } day)
        {
            NumberCell(day.ToDateTime(TimeOnly.MinValue).ToOADate().ToString(CultureInfo.InvariantCulture), DateCell);
        }
        else
        {
            Empty();
        }
    }

    /// <summary>A point in time, written as an Excel date (a serial day number) of the report's time zone.</summary>
    public void DateTime(DateTimeOffset? value)
    {
        if (value is { } at)
        {
            var local = TimeZoneInfo.ConvertTime(at, timeZone).DateTime;
            NumberCell(local.ToOADate().ToString(CultureInfo.InvariantCulture), DateTimeCell);
        }
        else
        {
            Empty();
        }
    }

    /// <summary>Ends the last sheet and writes the parts that list the sheets. The file is complete only after this.</summary>
    public void Finish()
    {
        EnsureOpen();
        if (sheets.Count == 0)
        {
            throw new InvalidOperationException("A workbook needs at least one table.");
        }

        EndSheet();
        WritePart("xl/workbook.xml", WriteWorkbook);
        WritePart("xl/_rels/workbook.xml.rels", WriteWorkbookRelationships);
        WritePart("xl/styles.xml", WriteStyles);
        WritePart("_rels/.rels", WritePackageRelationships);
        WritePart("[Content_Types].xml", WriteContentTypes);
        finished = true;
        zip.Dispose();
    }

    // The asynchronous face the exporter uses: this writer writes synchronously into its stream (a ResponseBuffer).
    ValueTask IXlsxWriter.StartTableAsync(string name, IReadOnlyList<XlsxColumn> tableColumns, CancellationToken cancellationToken)
    {
        StartTable(name, tableColumns);
        return ValueTask.CompletedTask;
    }

    ValueTask IXlsxWriter.EndRowAsync(CancellationToken cancellationToken)
    {
        EndRow();
        return ValueTask.CompletedTask;
    }

    ValueTask IXlsxWriter.FinishAsync(CancellationToken cancellationToken)
    {
        Finish();
        return ValueTask.CompletedTask;
    }

    ValueTask IAsyncDisposable.DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Without <see cref="Finish"/> (an error, a cancelled export) the zip is closed incomplete, which no program opens as a workbook.</summary>
    public void Dispose()
    {
        if (finished)
        {
            return;
        }

        finished = true;
        sheet?.Dispose();
        sheetStream?.Dispose();
        zip.Dispose();
    }

    private void StartSheet()
    {
        tableSheets++;
        var name = tableSheets == 1 ? tableName : SheetName($"{tableName[..Math.Min(tableName.Length, 24)]} ({tableSheets})");
        var entry = new SheetEntry(UniqueName(name), $"xl/worksheets/sheet{sheets.Count + 1}.xml", columns.Count);
        sheets.Add(entry);
        sheetStream = zip.CreateEntry(entry.Path, CompressionLevel.Fastest).Open();
        sheet = OpenXmlWriter.Create(sheetStream);
        sheet.WriteStartDocument();
        sheet.WriteStartElement(new Worksheet());
        sheet.WriteElement(new SheetViews(new SheetView(
            new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
            new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } })
        {
            WorkbookViewId = 0,
            TabSelected = sheets.Count == 1,
        }));
        sheet.WriteElement(new Columns(columns.Select((c, i) => new Column
        {
            Min = (uint)(i + 1),
            Max = (uint)(i + 1),
            Width = c.Width,
            CustomWidth = true,
        })));
        sheet.WriteStartElement(new SheetData());
        BeginRow(1);
        foreach (var column in columns)
        {
            InlineText(SpreadsheetText.Clean(column.Title), HeaderCell);
        }

        sheet.WriteEndElement();
        cellsInRow = -1;
        rowsInSheet = 0;
    }

    private void EndSheet()
    {
        if (sheet is null)
        {
            return;
        }

        if (cellsInRow >= 0)
        {
            throw new InvalidOperationException("The last row was not ended.");
        }

        var current = sheets[^1];
        current.LastRow = rowsInSheet + 1;
        sheet.WriteEndElement(); // sheetData
        sheet.WriteElement(new AutoFilter { Reference = current.FilterRange });
        sheet.WriteEndElement(); // worksheet
        sheet.Close();
        sheetStream!.Dispose();
        sheet = null;
        sheetStream = null;
    }

    private void BeginRow(int number)
    {
        rowNumber[0] = new OpenXmlAttribute("r", "", number.ToString(CultureInfo.InvariantCulture));
        sheet!.WriteStartElement(RowElement, rowNumber, NoNamespaces);
        cellsInRow = 0;
    }

    private void InlineText(string text, OpenXmlAttribute[] attributes)
    {
        var writer = NextCell();
        writer.WriteStartElement(CellElement, attributes, NoNamespaces);
        writer.WriteStartElement(InlineStringElement, NoAttributes, NoNamespaces);
        var preserve = text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]));
        writer.WriteStartElement(TextElement, preserve ? PreserveSpace : NoAttributes, NoNamespaces);

        writer.WriteString(text);
        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    private void NumberCell(string value, OpenXmlAttribute[] attributes)
    {
        var writer = NextCell();
        writer.WriteStartElement(CellElement, attributes, NoNamespaces);
        writer.WriteStartElement(ValueElement, NoAttributes, NoNamespaces);
        writer.WriteString(value);
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    /// <summary>An empty cell keeps the next one in its column (cells carry no reference of their own).</summary>
    private void Empty()
    {
        var writer = NextCell();
        writer.WriteStartElement(CellElement, NoAttributes, NoNamespaces);
        writer.WriteEndElement();
    }

    private OpenXmlWriter NextCell()
    {
        if (sheet is null || cellsInRow < 0)
        {
            throw new InvalidOperationException("Start a row first.");
        }

        if (cellsInRow == columns.Count)
        {
            throw new InvalidOperationException($"A row of {tableName} has only {columns.Count} columns.");
        }

        cellsInRow++;
        return sheet;
    }

    private void EnsureOpen()
    {
        if (finished)
        {
            throw new InvalidOperationException("The workbook is already finished.");
        }
    }

    private void WritePart(string path, Action<XmlWriter> write)
    {
        using var stream = zip.CreateEntry(path, CompressionLevel.Optimal).Open();
        using var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false) });
        writer.WriteStartDocument(standalone: true);
        write(writer);
        writer.WriteEndDocument();
    }

    private void WriteWorkbook(XmlWriter writer)
    {
        writer.WriteStartElement("workbook", SpreadsheetNs);
        writer.WriteAttributeString("xmlns", "r", null, RelationshipNs);
        writer.WriteStartElement("bookViews", SpreadsheetNs);
        writer.WriteStartElement("workbookView", SpreadsheetNs);
        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.WriteStartElement("sheets", SpreadsheetNs);
        for (var i = 0; i < sheets.Count; i++)
        {
            writer.WriteStartElement("sheet", SpreadsheetNs);
            writer.WriteAttributeString("name", sheets[i].Name);
            writer.WriteAttributeString("sheetId", (i + 1).ToString(CultureInfo.InvariantCulture));
            writer.WriteAttributeString("id", RelationshipNs, $"rId{i + 1}");
            writer.WriteEndElement();
        }

        writer.WriteEndElement();

        // Excel keeps each sheet's filter range as this hidden name too; without it Excel still shows the
        // filter buttons, but some versions "repair" the file.
        writer.WriteStartElement("definedNames", SpreadsheetNs);
        for (var i = 0; i < sheets.Count; i++)
        {
            writer.WriteStartElement("definedName", SpreadsheetNs);
            writer.WriteAttributeString("name", "_xlnm._FilterDatabase");
            writer.WriteAttributeString("localSheetId", i.ToString(CultureInfo.InvariantCulture));
            writer.WriteAttributeString("hidden", "1");
            writer.WriteString($"'{sheets[i].Name.Replace("'", "''", StringComparison.Ordinal)}'!{sheets[i].AbsoluteFilterRange}");
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    private void WriteWorkbookRelationships(XmlWriter writer)
    {
        writer.WriteStartElement("Relationships", PackageRelationshipNs);
        for (var i = 0; i < sheets.Count; i++)
        {
            Relationship(writer, $"rId{i + 1}", "worksheet", $"worksheets/sheet{i + 1}.xml");
        }

        Relationship(writer, $"rId{sheets.Count + 1}", "styles", "styles.xml");
        writer.WriteEndElement();
    }

    private static void WritePackageRelationships(XmlWriter writer)
    {
        writer.WriteStartElement("Relationships", PackageRelationshipNs);
        Relationship(writer, "rId1", "officeDocument", "xl/workbook.xml");
        writer.WriteEndElement();
    }

    private static void Relationship(XmlWriter writer, string id, string type, string target)
    {
        writer.WriteStartElement("Relationship", PackageRelationshipNs);
        writer.WriteAttributeString("Id", id);
        writer.WriteAttributeString("Type", $"{RelationshipNs}/{type}");
        writer.WriteAttributeString("Target", target);
        writer.WriteEndElement();
    }

    private void WriteContentTypes(XmlWriter writer)
    {
        const string ns = "http://schemas.openxmlformats.org/package/2006/content-types";
        writer.WriteStartElement("Types", ns);
        Default("rels", "application/vnd.openxmlformats-package.relationships+xml");
        Default("xml", "application/xml");
        Override("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml");
        Override("/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml");
        foreach (var entry in sheets)
        {
            Override("/" + entry.Path, "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml");
        }

        writer.WriteEndElement();

        void Default(string extension, string contentType)
        {
            writer.WriteStartElement("Default", ns);
            writer.WriteAttributeString("Extension", extension);
            writer.WriteAttributeString("ContentType", contentType);
            writer.WriteEndElement();
        }

        void Override(string part, string contentType)
        {
            writer.WriteStartElement("Override", ns);
            writer.WriteAttributeString("PartName", part);
            writer.WriteAttributeString("ContentType", contentType);
            writer.WriteEndElement();
        }
    }

    /// <summary>The formats of <see cref="XlsxStyle"/>, in its order (a cell's <c>s</c> is an index into cellXfs).</summary>
    private static void WriteStyles(XmlWriter writer) => XlsxStyles.Stylesheet().WriteTo(writer);

    private string UniqueName(string name)
    {
        var unique = name;
        for (var n = 2; sheets.Any(s => string.Equals(s.Name, unique, StringComparison.OrdinalIgnoreCase)); n++)
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

    private static OpenXmlAttribute Style(XlsxStyle style) => new("s", "", ((int)style).ToString(CultureInfo.InvariantCulture));

    private sealed class SheetEntry(string name, string path, int columnCount)
    {
        public string Name { get; } = name;

        public string Path { get; } = path;

        public int LastRow { get; set; } = 1;

        public string FilterRange => $"A1:{ColumnName(columnCount)}{LastRow}";

        public string AbsoluteFilterRange => $"$A$1:${ColumnName(columnCount)}${LastRow}";
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
