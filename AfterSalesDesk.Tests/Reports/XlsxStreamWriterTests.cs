using System.Globalization;
using AfterSalesDesk.Web.Features.Reports;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;

namespace AfterSalesDesk.Tests.Reports;

public class XlsxStreamWriterTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static readonly XlsxColumn[] Columns =
    [
        new("Case", 18), new("Description", 40), new("Quantity", 8), new("Amount", 12), new("Created", 19), new("Share", 8),
    ];

    [Fact]
    public void Finish_WithTypedRows_WritesAValidWorkbookWithTypedCells()
    {
        var bytes = Write(writer =>
        {
            writer.StartTable("Cases", Columns);
            writer.StartRow();
            writer.Text("AS20261122000042");
            writer.UserText("=1+2");
            writer.Integer(3);
            writer.Money(123_450);
            writer.DateTime(new DateTimeOffset(2026, 11, 22, 16, 30, 5, TimeSpan.Zero));
            writer.Percent(2_500);
            writer.EndRow();
            writer.StartRow();
            writer.Text("AS20261122000043");
            writer.UserText(null);
            writer.Integer(null);
            writer.Money(-5);
            writer.DateTime(null);
            writer.Percent(null);
            writer.EndRow();
        });

        using var document = Open(bytes);
        Assert.Empty(new OpenXmlValidator(FileFormatVersions.Office2019).Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}"));
        var sheet = Assert.Single(document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>());
        Assert.Equal("Cases", sheet.Name?.Value);
        var rows = Rows(document, 0);
        Assert.Equal(3, rows.Count);

        var header = rows[0].Elements<Cell>().ToList();
        Assert.Equal(["Case", "Description", "Quantity", "Amount", "Created", "Share"], header.Select(Text));
        Assert.All(header, c => Assert.True(Font(document, c).Bold is not null, "header cells are bold"));

        var cells = rows[1].Elements<Cell>().ToList();
        Assert.Equal(CellValues.InlineString, cells[0].DataType?.Value);
        Assert.Equal("AS20261122000042", Text(cells[0]));
        Assert.Equal("'=1+2", Text(cells[1]));
        Assert.Null(cells[1].CellFormula);

        Assert.Null(cells[2].DataType); // a number
        Assert.Equal("3", cells[2].CellValue!.Text);
        Assert.Equal(1u, NumberFormatId(document, cells[2]));

        Assert.Null(cells[3].DataType);
        Assert.Equal(1234.50m, decimal.Parse(cells[3].CellValue!.Text, CultureInfo.InvariantCulture));
        Assert.Equal(XlsxStyles.MoneyFormat, FormatCode(document, cells[3]));

        Assert.Null(cells[4].DataType);
        Assert.Equal(new DateTime(2026, 11, 23, 0, 30, 5), FromSerial(cells[4].CellValue!.Text)); // 16:30 UTC is 00:30 the next day in Shanghai
        Assert.Equal(XlsxStyles.DateTimeFormat, FormatCode(document, cells[4]));

        Assert.Equal(0.25m, decimal.Parse(cells[5].CellValue!.Text, CultureInfo.InvariantCulture));
        Assert.Equal(10u, NumberFormatId(document, cells[5])); // built-in 0.00%

        var second = rows[2].Elements<Cell>().ToList();
        Assert.Equal(6, second.Count); // empty cells keep the columns in place
        Assert.Equal("-0.05", second[3].CellValue!.Text);
        Assert.All(second.Where((_, i) => i is 1 or 2 or 4 or 5), c => Assert.Null(c.CellValue));
    }

    [Fact]
    public void StartTable_Always_FreezesTheHeaderFiltersTheRowsAndSetsWidths()
    {
        var bytes = Write(writer =>
        {
            writer.StartTable("Refunds", Columns[..2]);
            for (var i = 0; i < 4; i++)
            {
                writer.StartRow();
                writer.Text($"R{i}");
                writer.UserText("text");
                writer.EndRow();
            }
        });

        using var document = Open(bytes);
        var worksheet = Worksheet(document, 0);
        var pane = worksheet.GetFirstChild<SheetViews>()!.GetFirstChild<SheetView>()!.GetFirstChild<Pane>()!;
        Assert.Equal(PaneStateValues.Frozen, pane.State?.Value);
        Assert.Equal(1d, pane.VerticalSplit?.Value);
        Assert.Equal("A2", pane.TopLeftCell?.Value);
        Assert.Equal("A1:B5", worksheet.GetFirstChild<AutoFilter>()!.Reference?.Value);
        Assert.Equal([18d, 40d], worksheet.GetFirstChild<Columns>()!.Elements<Column>().Select(c => c.Width!.Value));
        var filterName = Assert.Single(document.WorkbookPart!.Workbook.DefinedNames!.Elements<DefinedName>());
        Assert.Equal("_xlnm._FilterDatabase", filterName.Name?.Value);
        Assert.Equal("'Refunds'!$A$1:$B$5", filterName.Text);
    }

    [Fact]
    public void StartRow_PastTheRowsPerSheet_GoesOnInANewSheetWithTheHeader()
    {
        var bytes = Write(writer =>
        {
            writer.StartTable("Audit trail", Columns[..1]);
            for (var i = 1; i <= 5; i++)
            {
                writer.StartRow();
                writer.Integer(i);
                writer.EndRow();
            }

            Assert.Equal(5, writer.Rows);
        }, maxRowsPerSheet: 2);

        using var document = Open(bytes);
        Assert.Equal(["Audit trail", "Audit trail (2)", "Audit trail (3)"], document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value!));
        var sheets = Enumerable.Range(0, 3).Select(i => Rows(document, i)).ToList();
        Assert.All(sheets, rows => Assert.Equal("Case", Text(rows[0].Elements<Cell>().Single())));
        Assert.Equal(["1", "2", "3", "4", "5"], sheets.SelectMany(rows => rows.Skip(1)).Select(r => r.Elements<Cell>().Single().CellValue!.Text));
        Assert.Equal(["A1:A3", "A1:A3", "A1:A2"], Enumerable.Range(0, 3).Select(i => Worksheet(document, i).GetFirstChild<AutoFilter>()!.Reference!.Value!));
        Assert.Empty(new OpenXmlValidator(FileFormatVersions.Office2019).Validate(document));
    }

    [Fact]
    public void Finish_WithATableWithoutRows_WritesTheHeaderAlone()
    {
        using var document = Open(Write(writer => writer.StartTable("Complaints", Columns)));

        var row = Assert.Single(Rows(document, 0));
        Assert.Equal(6, row.Elements<Cell>().Count());
        Assert.Equal("A1:F1", Worksheet(document, 0).GetFirstChild<AutoFilter>()!.Reference?.Value);
    }

    [Fact]
    public async Task Write_ToAStreamThatCannotSeek_StillMakesAWholeWorkbook()
    {
        using var target = new MemoryStream();
        using (var buffer = new ResponseBuffer())
        {
            using var writer = new XlsxStreamWriter(buffer);
            writer.StartTable("Cases", Columns[..1]);
            writer.StartRow();
            writer.UserText(" leading and trailing spaces ");
            writer.EndRow();
            writer.Finish();
            await buffer.DrainAsync(target, CancellationToken.None);
            Assert.False(buffer.CanSeek);
        }

        using var document = Open(target.ToArray());
        Assert.Equal(" leading and trailing spaces ", Text(Rows(document, 0)[1].Elements<Cell>().Single()));
    }

    [Fact]
    public void EndRow_WithTooFewCells_Throws()
    {
        using var writer = new XlsxStreamWriter(new MemoryStream());
        writer.StartTable("Cases", Columns);
        writer.StartRow();
        writer.Text("only one");

        Assert.Throws<InvalidOperationException>(writer.EndRow);
    }

    [Theory]
    [InlineData("Cases", "Cases")]
    [InlineData("A/B: [draft]?", "AB draft")]
    [InlineData("'quoted'", "quoted")]
    [InlineData("A name far longer than thirty-one characters", "A name far longer than thirty-o")]
    public void SheetName_FollowsExcelsRules(string name, string expected) =>
        Assert.Equal(expected, XlsxStreamWriter.SheetName(name));

    private static byte[] Write(Action<XlsxStreamWriter> write, int maxRowsPerSheet = XlsxStreamWriter.DefaultMaxRowsPerSheet)
    {
        using var stream = new MemoryStream();
        using (var writer = new XlsxStreamWriter(stream, maxRowsPerSheet, Shanghai))
        {
            write(writer);
            writer.Finish();
        }

        return stream.ToArray();
    }

    private static SpreadsheetDocument Open(byte[] bytes) => SpreadsheetDocument.Open(new MemoryStream(bytes), false);

    private static Worksheet Worksheet(SpreadsheetDocument document, int index)
    {
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().ElementAt(index);
        return ((WorksheetPart)workbook.GetPartById(sheet.Id!.Value!)).Worksheet;
    }

    private static List<Row> Rows(SpreadsheetDocument document, int sheet) =>
        Worksheet(document, sheet).GetFirstChild<SheetData>()!.Elements<Row>().ToList();

    private static string Text(Cell cell) => cell.InlineString?.Text?.Text ?? "";

    private static CellFormat Format(SpreadsheetDocument document, Cell cell) =>
        document.WorkbookPart!.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ElementAt((int)(cell.StyleIndex?.Value ?? 0));

    private static uint NumberFormatId(SpreadsheetDocument document, Cell cell) => Format(document, cell).NumberFormatId!.Value;

    private static string? FormatCode(SpreadsheetDocument document, Cell cell) =>
        document.WorkbookPart!.WorkbookStylesPart!.Stylesheet.NumberingFormats!.Elements<NumberingFormat>()
            .SingleOrDefault(f => f.NumberFormatId!.Value == NumberFormatId(document, cell))?.FormatCode?.Value;

    private static Font Font(SpreadsheetDocument document, Cell cell) =>
        document.WorkbookPart!.WorkbookStylesPart!.Stylesheet.Fonts!.Elements<Font>().ElementAt((int)Format(document, cell).FontId!.Value);

    /// <summary>An Excel date serial as a clock time, to the nearest second (a serial is a double).</summary>
    private static DateTime FromSerial(string serial)
    {
        var ticks = DateTime.FromOADate(double.Parse(serial, CultureInfo.InvariantCulture)).Ticks;
        return new DateTime((ticks + TimeSpan.TicksPerSecond / 2) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond);
    }
}
