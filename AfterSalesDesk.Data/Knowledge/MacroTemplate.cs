using System.Globalization;
using System.Text.RegularExpressions;

namespace AfterSalesDesk.Data.Knowledge;

/// <summary>The facts of one case that a macro's placeholders stand for.</summary>
public sealed record MacroContext(string BuyerName, string OrderNo, string CaseNo, DateTimeOffset? Deadline);

/// <summary>
/// Fills a macro's placeholders. A placeholder is a name of letters, digits and underscores in single
/// braces, e.g. <c>{order_no}</c>; only the names in <see cref="Placeholders"/> are known. Any other
/// brace (a lone "{", "{}", "{ x }", "{中文}") is plain text. Substitution is a single pass, so a buyer
/// whose name contains "{case_no}" gets exactly that name, never an expanded one.
/// </summary>
public static partial class MacroTemplate
{
    public const string BuyerName = "buyer_name";
    public const string OrderNo = "order_no";
    public const string CaseNo = "case_no";
    public const string Deadline = "deadline";

    public static readonly IReadOnlyList<string> Placeholders = [BuyerName, OrderNo, CaseNo, Deadline];

    /// <summary>
    /// The body with every known placeholder replaced. The deadline is shown in the server's local time
    /// in the culture's short date and time pattern; with no deadline, a sentence saying so in the
    /// culture's language (Chinese for zh-*, English otherwise). Unknown placeholders stay as written
    /// (saving a macro refuses them, see <see cref="UnknownPlaceholders"/>).
    /// </summary>
    public static string Render(string body, MacroContext context, CultureInfo culture) =>
        Render(body, context, culture, TimeZoneInfo.Local);

    /// <summary>As <see cref="Render(string, MacroContext, CultureInfo)"/>, in a given time zone (tests, future per-user zones).</summary>
    public static string Render(string body, MacroContext context, CultureInfo culture, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(culture);
        return Placeholder().Replace(body, match => match.Groups["name"].Value switch
        {
            BuyerName => context.BuyerName,
            OrderNo => context.OrderNo,
            CaseNo => context.CaseNo,
            Deadline => FormatDeadline(context.Deadline, culture, zone),
            _ => match.Value,
        });
    }

    /// <summary>The placeholder names in the body that are not known, each once, in order of appearance.</summary>
    public static IReadOnlyList<string> UnknownPlaceholders(string body) =>
        Placeholder().Matches(body ?? "")
            .Select(m => m.Groups["name"].Value)
            .Where(name => !Placeholders.Contains(name, StringComparer.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    public static string FormatDeadline(DateTimeOffset? deadline, CultureInfo culture, TimeZoneInfo zone) =>
        deadline is { } at
            ? TimeZoneInfo.ConvertTime(at, zone).ToString("g", culture)
            : culture.TwoLetterISOLanguageName == "zh" ? "暂无未到期的处理时限" : "no open deadline";

    [GeneratedRegex(@"\{(?<name>[A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
