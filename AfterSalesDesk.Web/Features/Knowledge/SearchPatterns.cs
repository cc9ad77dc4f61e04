namespace AfterSalesDesk.Web.Features.Knowledge;

/// <summary>
/// LIKE patterns for "contains this text": the wildcards <c>%</c> and <c>_</c> and the escape character
/// itself are escaped, so a search for "5%" finds "5%" and not "50". The pattern is lower case and the
/// searched column is compared in lower case (<c>LIKE(lower(column), pattern)</c>), so that a search
/// ignores case alike on every provider: SQLite's LIKE folds ASCII case only, PostgreSQL's folds none, SQL
/// Server's follows the column's collation. Chinese has no case, so substring search works for it as is.
/// </summary>
public static class SearchPatterns
{
    public const string Escape = "\\";

    public static string Contains(string text) => "%" + EscapeLike(text.ToLowerInvariant()) + "%";

    public static string EscapeLike(string text) =>
        text.Replace(Escape, Escape + Escape, StringComparison.Ordinal)
            .Replace("%", Escape + "%", StringComparison.Ordinal)
            .Replace("_", Escape + "_", StringComparison.Ordinal);
}
