using System.Buffers;
using System.Text;

namespace AfterSalesDesk.Web.Features.Reports;

/// <summary>
/// Makes text safe for a spreadsheet cell (docs/decisions/0015-excel-exports.md).
/// <list type="bullet">
/// <item>Formula injection: text a person typed that begins with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>,
/// tab, CR or LF gets a leading apostrophe. An inline-string cell is never evaluated when the file
/// opens, but the same text becomes a live formula once the sheet is saved as CSV and opened again,
/// or pasted elsewhere; with the apostrophe it stays text everywhere (OWASP's advice).</item>
/// <item>XML: characters XML 1.0 cannot carry (control characters, lone surrogates) are dropped, and
/// text that looks like Excel's own escape <c>_xHHHH_</c> is escaped, so it is shown as typed.</item>
/// <item>Length: a cell holds at most 32,767 characters; longer text is cut and marked with an ellipsis.</item>
/// </list>
/// </summary>
public static class SpreadsheetText
{
    public const int MaxCellLength = 32_767;

    /// <summary>The characters that make a spreadsheet program read text as a formula (or the start of one).</summary>
    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r\n");

    /// <summary>Characters that need a closer look: everything below U+0020, surrogates, U+FFFE/U+FFFF, and the underscore of <c>_xHHHH_</c>.</summary>
    private static readonly SearchValues<char> Suspicious = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x20).Select(c => (char)c)) + "_\uFFFE\uFFFF" +
        string.Concat(Enumerable.Range(0xD800, 0x800).Select(c => (char)c)));

    /// <summary>Text from users: cleaned, and escaped with a leading apostrophe when it would start a formula.</summary>
    public static string NeutraliseFormula(string text)
    {
        var clean = Clean(text);
        if (clean.Length > 0 && FormulaStarts.Contains(clean[0]))
        {
            clean = "'" + clean;
            return clean.Length > MaxCellLength ? Cut(clean) : clean;
        }

        return clean;
    }

    /// <summary>Any text: drops what XML cannot carry, escapes <c>_xHHHH_</c>, cuts at the cell limit.</summary>
    public static string Clean(string text)
    {
        var span = text.AsSpan();
        if (span.IndexOfAny(Suspicious) < 0)
        {
            return text.Length > MaxCellLength ? Cut(text) : text;
        }

        var builder = new StringBuilder(text.Length + 8);
        for (var i = 0; i < span.Length; i++)
        {
            var c = span[i];
            if (char.IsHighSurrogate(c) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                builder.Append(c).Append(span[i + 1]);
                i++;
            }
            else if (c == '_' && IsEscapeLookalike(span[i..]))
            {
                builder.Append("_x005F_");
            }
            else if (IsXmlChar(c))
            {
                builder.Append(c);
            }
        }

        var clean = builder.ToString();
        return clean.Length > MaxCellLength ? Cut(clean) : clean;
    }

    private static bool IsXmlChar(char c) =>
        c is '\t' or '\n' or '\r' || (c >= 0x20 && !char.IsSurrogate(c) && c != '\uFFFE' && c != '\uFFFF');

    /// <summary><c>_x0041_</c> would be read back as "A"; its underscore is written as <c>_x005F_</c>.</summary>
    private static bool IsEscapeLookalike(ReadOnlySpan<char> span) =>
        span.Length >= 7 && (span[1] is 'x' or 'X') && char.IsAsciiHexDigit(span[2]) && char.IsAsciiHexDigit(span[3])
        && char.IsAsciiHexDigit(span[4]) && char.IsAsciiHexDigit(span[5]) && span[6] == '_';

    private static string Cut(string text)
    {
        var end = MaxCellLength - 1;
        if (char.IsHighSurrogate(text[end - 1]))
        {
            end--;
        }

        return string.Concat(text.AsSpan(0, end), "…");
    }
}
