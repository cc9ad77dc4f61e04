namespace AfterSalesDesk.Web.Features.Reports;

/// <summary>
/// The typed cells a report column writes into the current row, whichever writer builds the workbook
/// (<see cref="XlsxStreamWriter"/> or <see cref="SpreadCheetahXlsxWriter"/>, measured against each other in
/// docs/benchmarks.md). A null value is an empty cell that keeps the next one in its column.
/// </summary>
public interface IXlsxCells
{
    /// <summary>Text the application itself produced (numbers of records, names of states): cleaned, never escaped.</summary>
    void Text(string? value);

    /// <summary>Text a person typed (descriptions, reasons, names): formula-looking text is escaped (<see cref="SpreadsheetText.NeutraliseFormula"/>).</summary>
    void UserText(string? value);

    void Integer(long? value);

    /// <summary>An amount in minor units (fen), written as a number of major units with two decimals shown.</summary>
    void Money(long? minor);

    /// <summary>A share in basis points (1/100 of a percent), written as a fraction with a percent format.</summary>
    void Percent(int? basisPoints);

    /// <summary>A share (0.25 is 25 %) kept exact, written with a percent format.</summary>
    void Fraction(decimal? share);

    /// <summary>A number with two decimals shown (an average rating, say); the cell keeps the whole value.</summary>
    void Decimal(decimal? value);

    /// <summary>A length of time, written as Excel writes one (a number of days) shown as elapsed hours, minutes and seconds.</summary>
    void Duration(TimeSpan? value);

    /// <summary>A calendar day (no time, no zone), written as an Excel date.</summary>
    void Date(DateOnly? value);

    /// <summary>A point in time, written as an Excel date (a serial day number) of the report's time zone.</summary>
    void DateTime(DateTimeOffset? value);
}
