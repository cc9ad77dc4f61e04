using AfterSalesDesk.Web.Features.Reports;
using ClosedXML.Excel;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;

namespace AfterSalesDesk.Tests.Reports;

/// <summary>
/// The workbook writer on its own: what it writes, read back with ClosedXML (<see cref="ExportedWorkbook"/>)
/// and checked against the Open XML schema. It writes into a <see cref="ResponseBuffer"/> passed on to a
/// stream with awaited writes, as the report service does.
/// </summary>
public class XlsxWriterTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static readonly XlsxColumn[] Columns =
    [
        new("Case", 18), new("Description", 40), new("Quantity", 8), new("Amount", 12), new("Created", 19), new("Share", 8),
        new("Day", 11), new("Average", 9), new("Handling", 10),
    ];

    public static TheoryData<string> Writers => ["ours", "spreadcheetah"];

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task Finish_WithTypedRows_WritesAValidWorkbookWithTypedCells(string kind)
    {
        var bytes = await WriteAsync(kind, async writer =>
        {
            await writer.StartTableAsync("Cases", Columns);
            writer.StartRow();
            writer.Text("AS20261122000042");
            writer.UserText("=1+2");
            writer.Integer(3);
            writer.Money(123_450);
            writer.DateTime(new DateTimeOffset(2026, 11, 22, 16, 30, 5, TimeSpan.Zero));
            writer.Percent(2_500);
            writer.Date(new DateOnly(2026, 2, 28));
            writer.Decimal(4.125m);
            writer.Duration(new TimeSpan(3, 1, 2, 3));
            await writer.EndRowAsync();
            writer.StartRow();
            writer.Text("AS20261122000043");
            writer.UserText(null);
            writer.Integer(null);
            writer.Money(-5);
            writer.DateTime(null);
            writer.Percent(null);
            writer.Date(null);
            writer.Decimal(null);
            writer.Duration(null);
            await writer.EndRowAsync();
        });

        AssertValid(bytes);
        var sheet = Assert.Single(ExportedWorkbook.Read(bytes).Sheets);
        Assert.Equal("Cases", sheet.Name);
        Assert.Equal(["Case", "Description", "Quantity", "Amount", "Created", "Share", "Day", "Average", "Handling"], sheet.Header);
        var (first, second) = (sheet.Rows[0], sheet.Rows[1]);

        Assert.Equal("AS20261122000042", first["Case"].Text);
        Assert.Equal("'=1+2", first["Description"].Text); // text with an apostrophe, never a formula
        Assert.Equal(3m, first["Quantity"].Number);
        Assert.Equal("0", first["Quantity"].Format);
        Assert.Equal(1234.50m, first["Amount"].Number);
        Assert.Equal(XlsxStyles.MoneyFormat, first["Amount"].Format);
        Assert.Equal("1,234.50", first["Amount"].Shown);
        Assert.Equal(new DateTime(2026, 11, 23, 0, 30, 5), first["Created"].DateTime); // 16:30 UTC is 00:30 the next day in Shanghai
        Assert.Equal(XlsxStyles.DateTimeFormat, first["Created"].Format);
        Assert.Equal(0.25m, first["Share"].Number);
        Assert.Equal("0.00%", first["Share"].Format);
        Assert.Equal("25.00%", first["Share"].Shown);
        Assert.Equal(new DateTime(2026, 2, 28), first["Day"].DateTime);
        Assert.Equal(XlsxStyles.DateFormat, first["Day"].Format);
        Assert.Equal(4.125m, first["Average"].Number);
        Assert.Equal("0.00", first["Average"].Format);
        Assert.Equal(new TimeSpan(3, 1, 2, 3).TotalSeconds, first["Handling"].Duration.TotalSeconds, 0.001);
        Assert.Equal(XlsxStyles.DurationFormat, first["Handling"].Format);

        Assert.Equal(9, second.Cells.Count); // empty cells keep the columns in place
        Assert.Equal(-0.05m, second["Amount"].Number);
        Assert.All(new[] { "Description", "Quantity", "Created", "Share", "Day", "Average", "Handling" }, c => Assert.True(second[c].IsEmpty, c));
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task StartTable_Always_FreezesTheHeaderFiltersTheRowsAndSetsWidths(string kind)
    {
        var bytes = await WriteAsync(kind, async writer =>
        {
            await writer.StartTableAsync("Refunds", Columns[..2]);
            for (var i = 0; i < 4; i++)
            {
                writer.StartRow();
                writer.Text($"R{i}");
                writer.UserText("text");
                await writer.EndRowAsync();
            }
        });

        var sheet = Assert.Single(ExportedWorkbook.Read(bytes).Sheets);
        Assert.Equal(1, sheet.FrozenRows);
        Assert.True(sheet.HeaderBold);
        Assert.Equal(FilterRange(kind, "B", 5), sheet.AutoFilter);
        Assert.Equal([18d, 40d], sheet.ColumnWidths);
        Assert.Equal(4, sheet.Rows.Count);
    }

    [Fact]
    public void Finish_ForEverySheet_NamesItsFilterRangeAsExcelDoes()
    {
        using var stream = new MemoryStream();
        using (var writer = new XlsxStreamWriter(stream, maxRowsPerSheet: 2))
        {
            writer.StartTable("Refunds", Columns[..2]);
            for (var i = 0; i < 3; i++)
            {
                writer.StartRow();
                writer.Text($"R{i}");
                writer.UserText("text");
                writer.EndRow();
            }

            writer.Finish();
        }

        // Excel writes this hidden name beside every autofilter, and LibreOffice shows the filter buttons only with it
        // (LibreOfficeExportTests); SpreadCheetah 1.28 writes no defined names, one reason it is not the app's writer.
        using var document = SpreadsheetDocument.Open(new MemoryStream(stream.ToArray()), false);
        var names = document.WorkbookPart!.Workbook.DefinedNames!.Elements<DocumentFormat.OpenXml.Spreadsheet.DefinedName>().ToList();
        Assert.All(names, n => Assert.Equal("_xlnm._FilterDatabase", n.Name?.Value));
        Assert.Equal(["'Refunds'!$A$1:$B$3", "'Refunds (2)'!$A$1:$B$2"], names.Select(n => n.Text));
        Assert.Equal([0u, 1u], names.Select(n => n.LocalSheetId!.Value));
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task StartRow_PastTheRowsPerSheet_GoesOnInANewSheetWithTheHeader(string kind)
    {
        var bytes = await WriteAsync(kind, async writer =>
        {
            await writer.StartTableAsync("Audit trail", Columns[..1]);
            for (var i = 1; i <= 5; i++)
            {
                writer.StartRow();
                writer.Integer(i);
                await writer.EndRowAsync();
            }

            Assert.Equal(5, writer.Rows);
        }, maxRowsPerSheet: 2);

        AssertValid(bytes);
        var workbook = ExportedWorkbook.Read(bytes);
        Assert.Equal(["Audit trail", "Audit trail (2)", "Audit trail (3)"], workbook.Sheets.Select(s => s.Name));
        Assert.All(workbook.Sheets, s => Assert.Equal(["Case"], s.Header));
        Assert.Equal([2, 2, 1], workbook.Sheets.Select(s => s.Rows.Count));
        Assert.Equal([1m, 2m, 3m, 4m, 5m], workbook.Rows.Select(r => r["Case"].Number));
        Assert.Equal([FilterRange(kind, "A", 3), FilterRange(kind, "A", 3), FilterRange(kind, "A", 2)], workbook.Sheets.Select(s => s.AutoFilter));
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task Finish_WithATableWithoutRows_WritesTheHeaderAlone(string kind)
    {
        var bytes = await WriteAsync(kind, writer => writer.StartTableAsync("Complaints", Columns).AsTask());

        var sheet = Assert.Single(ExportedWorkbook.Read(bytes).Sheets);
        Assert.Equal(9, sheet.Header.Count);
        Assert.Empty(sheet.Rows);
        Assert.Equal(FilterRange(kind, "I", 1), sheet.AutoFilter);
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task Text_WithSpacesAndCharactersXmlCannotCarry_IsKeptAsTyped(string kind)
    {
        var bytes = await WriteAsync(kind, async writer =>
        {
            await writer.StartTableAsync("Cases", Columns[..2]);
            writer.StartRow();
            writer.Text(" leading and trailing spaces ");
            writer.UserText("bell\u0007 and 退货 <&>");
            await writer.EndRowAsync();
        });

        // (Text shaped like Excel's escape _xHHHH_ is checked in LibreOffice: ClosedXML 0.95 does not read the escape back.)
        var row = Assert.Single(ExportedWorkbook.Read(bytes).Rows);
        Assert.Equal(" leading and trailing spaces ", row["Case"].Text);
        Assert.Equal("bell and 退货 <&>", row["Description"].Text);
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task EndRow_WithTooFewCells_Throws(string kind)
    {
        await using var writer = await CreateAsync(kind, new ResponseBuffer());
        await writer.StartTableAsync("Cases", Columns);
        writer.StartRow();
        writer.Text("only one");

        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.EndRowAsync().AsTask());
    }

    [Theory]
    [InlineData("Cases", "Cases")]
    [InlineData("A/B: [draft]?", "AB draft")]
    [InlineData("'quoted'", "quoted")]
    [InlineData("A name far longer than thirty-one characters", "A name far longer than thirty-o")]
    public void SheetName_FollowsExcelsRules(string name, string expected) =>
        Assert.Equal(expected, XlsxStreamWriter.SheetName(name));

    /// <summary>The header and the rows; a table (SpreadCheetah's filter) keeps one empty row under a header alone, as Excel needs.</summary>
    private static string FilterRange(string kind, string lastColumn, int lastRow) =>
        $"A1:{lastColumn}{(kind != "ours" && lastRow == 1 ? 2 : lastRow)}";

    private static async Task<IXlsxWriter> CreateAsync(string kind, Stream output, int maxRowsPerSheet = XlsxStreamWriter.DefaultMaxRowsPerSheet) => kind switch
    {
        "ours" => new XlsxStreamWriter(output, maxRowsPerSheet, Shanghai),
        _ => await SpreadCheetahXlsxWriter.CreateAsync(output, maxRowsPerSheet, Shanghai),
    };

    /// <summary>Writes a workbook the way the report service does: into a response buffer, passed on with awaited writes only.</summary>
    private static async Task<byte[]> WriteAsync(string kind, Func<IXlsxWriter, Task> write, int maxRowsPerSheet = XlsxStreamWriter.DefaultMaxRowsPerSheet)
    {
        using var output = new MemoryStream();
        using var buffer = new ResponseBuffer();
        await using (var writer = await CreateAsync(kind, buffer, maxRowsPerSheet))
        {
            await write(writer);
            await writer.FinishAsync();
        }

        await buffer.DrainAsync(output, CancellationToken.None);
        return output.ToArray();
    }

    private static void AssertValid(byte[] bytes)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        Assert.Empty(new OpenXmlValidator(FileFormatVersions.Office2019).Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}"));
    }
}
