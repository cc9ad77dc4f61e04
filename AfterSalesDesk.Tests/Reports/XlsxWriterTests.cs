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

    [Fact]
    public async Task Finish_WithTypedRows_WritesAValidWorkbookWithTypedCells()
    {
        var bytes = await WriteAsync(async writer =>
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

    [Fact]
    public async Task StartTable_Always_FreezesTheHeaderFiltersTheRowsAndSetsWidths()
    {
        var bytes = await WriteAsync(async writer =>
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
        Assert.Equal("A1:B5", sheet.AutoFilter);
        Assert.Equal([18d, 40d], sheet.ColumnWidths);
        Assert.Equal(4, sheet.Rows.Count);
    }

    [Fact]
    public async Task StartRow_PastTheRowsPerSheet_GoesOnInANewSheetWithTheHeader()
    {
        var bytes = await WriteAsync(async writer =>
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
        Assert.Equal(["A1:A3", "A1:A3", "A1:A2"], workbook.Sheets.Select(s => s.AutoFilter));
    }

    [Fact]
    public async Task Finish_WithATableWithoutRows_WritesTheHeaderAlone()
    {
        var bytes = await WriteAsync(writer => writer.StartTableAsync("Complaints", Columns).AsTask());

        var sheet = Assert.Single(ExportedWorkbook.Read(bytes).Sheets);
        Assert.Equal(9, sheet.Header.Count);
        Assert.Empty(sheet.Rows);
        Assert.Equal("A1:I2", sheet.AutoFilter); // a table keeps one empty row under a header alone, as Excel needs
    }

    [Fact]
    public async Task Text_WithSpacesAndCharactersXmlCannotCarry_IsKeptAsTyped()
    {
        var bytes = await WriteAsync(async writer =>
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

    [Fact]
    public async Task StartTable_WithTitlesATableCannotTake_KeepsThemReadableAndUnique()
    {
        var bytes = await WriteAsync(async writer =>
        {
            await writer.StartTableAsync("Cases", [new("Kind", 10), new(" kind ", 10), new("", 10)]);
            writer.StartRow();
            writer.Integer(1);
            writer.Integer(2);
            writer.Integer(3);
            await writer.EndRowAsync();
        });

        // The filter is an Excel table's, whose headers must be unique, non-empty and trimmed.
        Assert.Equal(["Kind", "kind (2)", "C"], Assert.Single(ExportedWorkbook.Read(bytes).Sheets).Header);
    }

    [Fact]
    public async Task EndRow_WithTooFewCells_Throws()
    {
        using var buffer = new ResponseBuffer();
        await using var writer = await XlsxWriter.CreateAsync(buffer);
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
        Assert.Equal(expected, XlsxWriter.SheetName(name));

    /// <summary>Writes a workbook the way the report service does: into a response buffer, passed on with awaited writes only.</summary>
    private static async Task<byte[]> WriteAsync(Func<XlsxWriter, Task> write, int maxRowsPerSheet = XlsxWriter.DefaultMaxRowsPerSheet)
    {
        using var output = new MemoryStream();
        using var buffer = new ResponseBuffer();
        await using (var writer = await XlsxWriter.CreateAsync(buffer, maxRowsPerSheet, Shanghai))
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
