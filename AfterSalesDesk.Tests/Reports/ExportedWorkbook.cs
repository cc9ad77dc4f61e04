using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace AfterSalesDesk.Tests.Reports;

/// <summary>An exported .xlsx read back with the Open XML SDK: each sheet's header and rows, cells by header.</summary>
public sealed class ExportedWorkbook
{
    private ExportedWorkbook(IReadOnlyList<ExportedSheet> sheets) => Sheets = sheets;

    public IReadOnlyList<ExportedSheet> Sheets { get; }

    /// <summary>All data rows of all sheets, in order.</summary>
    public IReadOnlyList<ExportedRow> Rows => Sheets.SelectMany(s => s.Rows).ToList();

    /// <summary>Prepares and writes an export through the report service as this user, and reads it back (every row the service counted).</summary>
    public static async Task<ExportedWorkbook> ExportAsync(
        TestSupport.AppFactory app, System.Security.Claims.ClaimsPrincipal user, string table, AfterSalesDesk.Web.Features.Reports.ReportRequest request)
    {
        var prepared = await app.Get<AfterSalesDesk.Web.Features.Reports.ReportService>().PrepareAsync(user, table, request);
        Assert.True(prepared.Result.Succeeded, prepared.Result.Error);
        using var output = new MemoryStream();
        var rows = await prepared.Export!.WriteAsync(output);
        var workbook = Read(output.ToArray());
        Assert.Equal(rows, workbook.Rows.Count);
        return workbook;
    }

    public static ExportedWorkbook Read(byte[] bytes)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var workbook = document.WorkbookPart!;
        var formats = workbook.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().Select(f => f.NumberFormatId?.Value ?? 0).ToList();
        var sheets = new List<ExportedSheet>();
        foreach (var sheet in workbook.Workbook.Sheets!.Elements<Sheet>())
        {
            var rows = ((WorksheetPart)workbook.GetPartById(sheet.Id!.Value!)).Worksheet.GetFirstChild<SheetData>()!.Elements<Row>()
                .Select(r => r.Elements<Cell>().Select(c => new ExportedCell(
                    c.DataType?.Value == CellValues.InlineString ? c.InlineString?.Text?.Text : c.CellValue?.Text,
                    c.DataType?.Value == CellValues.InlineString,
                    formats[(int)(c.StyleIndex?.Value ?? 0)])).ToList())
                .ToList();
            var header = rows[0].Select(c => c.Value ?? "").ToList();
            sheets.Add(new ExportedSheet(sheet.Name!.Value!, header, rows.Skip(1).Select(cells => new ExportedRow(header, cells)).ToList()));
        }

        return new ExportedWorkbook(sheets);
    }
}

public sealed record ExportedSheet(string Name, IReadOnlyList<string> Header, IReadOnlyList<ExportedRow> Rows);

/// <param name="NumberFormatId">The cell's number format: 0 general, 1 whole number, 10 percent, 164 money, 165 date and time.</param>
public sealed record ExportedCell(string? Value, bool IsText, uint NumberFormatId);

public sealed record ExportedRow(IReadOnlyList<string> Header, IReadOnlyList<ExportedCell> Cells)
{
    public ExportedCell this[string column] => Cells[Header.ToList().IndexOf(column) is var i and >= 0 ? i : throw new KeyNotFoundException(column)];
}
