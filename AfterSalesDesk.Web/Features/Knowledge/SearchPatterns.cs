using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace AfterSalesDesk.Web.Features.Knowledge;

/// <summary>
/// LIKE patterns for "contains this text": the wildcards <c>%</c> and <c>_</c> and the escape character
/// itself are escaped, so a search for "5%" finds "5%" and not "50". The searched column is compared in lower
/// case (<c>LIKE(lower(column), pattern)</c>) with a pattern lowered by the same rule as the database's
/// <c>lower()</c>: SQLite's folds ASCII only (full-width "ＶＩＰ" stays as typed on both sides), PostgreSQL's and
/// SQL Server's fold every script. So a search ignores case alike on every provider, whose own LIKE differs:
/// SQLite's folds ASCII case, PostgreSQL's none, SQL Server's follows the collation. Chinese has no case.
/// </summary>
public static class SearchPatterns
{
    public const string Escape = "\\";

    public static string Contains(string text, DatabaseFacade database) =>
        "%" + EscapeLike(database.IsSqlite() ? LowerAscii(text) : text.ToLowerInvariant()) + "%";

    public static string EscapeLike(string text) =>
        text.Replace(Escape, Escape + Escape, StringComparison.Ordinal)
            .Replace("%", Escape + "%", StringComparison.Ordinal)
            .Replace("_", Escape + "_", StringComparison.Ordinal);

    private static string LowerAscii(string text) => string.Create(text.Length, text, (chars, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            chars[i] = char.IsAsciiLetterUpper(source[i]) ? (char)(source[i] + ('a' - 'A')) : source[i];
        }
    });
}
