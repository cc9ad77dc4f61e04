using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace AfterSalesDesk.Web.Features.Reports;

/// <summary>The cell formats of an export; the value is the cell's style index (its place in cellXfs).</summary>
public enum XlsxStyle
{
    Default = 0,
    Header = 1,
    Integer = 2,
    Money = 3,
    DateTime = 4,
    Percent = 5,
    Decimal = 6,
    Duration = 7,
    Date = 8,
}

/// <summary>styles.xml of an export: the formats behind <see cref="XlsxStyle"/>, in its order.</summary>
public static class XlsxStyles
{
    public const uint MoneyFormatId = 164;
    public const uint DateTimeFormatId = 165;
    public const string MoneyFormat = "#,##0.00";
    public const uint DurationFormatId = 166;
    public const uint DateFormatId = 167;
    public const string DateTimeFormat = "yyyy-mm-dd hh:mm:ss";

    /// <summary>Elapsed hours past 24 (a handling time of three days reads 72:00:00, not 00:00:00).</summary>
    public const string DurationFormat = "[h]:mm:ss";
    public const string DateFormat = "yyyy-mm-dd";

    /// <summary>Built-in format 1 is "0" (whole numbers, no separators, right for numbers that name things); 2 is "0.00"; 10 is "0.00%".</summary>
    private const uint IntegerFormatId = 1;
    private const uint DecimalFormatId = 2;
    private const uint PercentFormatId = 10;

    public static Stylesheet Stylesheet() => new(
        new NumberingFormats(
            new NumberingFormat { NumberFormatId = MoneyFormatId, FormatCode = MoneyFormat },
            new NumberingFormat { NumberFormatId = DateTimeFormatId, FormatCode = DateTimeFormat },
            new NumberingFormat { NumberFormatId = DurationFormatId, FormatCode = DurationFormat },
            new NumberingFormat { NumberFormatId = DateFormatId, FormatCode = DateFormat })
        { Count = 4 },
        new Fonts(
            new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" }, new FontFamilyNumbering { Val = 2 }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Calibri" }, new FontFamilyNumbering { Val = 2 }))
        { Count = 2 },
        new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFDDEBF7" }, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid }))
        { Count = 3 },
        new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
        new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
        new CellFormats(
            Format(0),
            new CellFormat { NumberFormatId = 0, FontId = 1, FillId = 2, BorderId = 0, FormatId = 0, ApplyFont = true, ApplyFill = true },
            Format(IntegerFormatId),
            Format(MoneyFormatId),
            Format(DateTimeFormatId),
            Format(PercentFormatId),
            Format(DecimalFormatId),
            Format(DurationFormatId),
            Format(DateFormatId))
        { Count = 9 },
        new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });

    private static CellFormat Format(uint numberFormatId) => new()
    {
        NumberFormatId = numberFormatId,
        FontId = 0,
        FillId = 0,
        BorderId = 0,
        FormatId = 0,
        ApplyNumberFormat = numberFormatId != 0 ? true : null,
    };
}
