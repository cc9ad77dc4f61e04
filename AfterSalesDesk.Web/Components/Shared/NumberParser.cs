using System.Globalization;
using System.Text.RegularExpressions;
using AfterSalesDesk.Web.Resources;
using Microsoft.Extensions.Localization;

namespace AfterSalesDesk.Web.Components.Shared;

/// <summary>
/// The one way the app reads a number a person typed (quantities, percentages, money): plain digits with an optional
/// sign and decimal point, at most <c>decimals</c> decimals, between <c>min</c> and <c>max</c>. Anything else (an
/// exponent like <c>1e12</c>, thousands separators, letters, a value out of range, or one too large for any field)
/// gets a readable, localized message instead of a value, so a field never silently rewrites what was typed and no
/// conversion can overflow further on.
/// </summary>
public static partial class NumberParser
{
    /// <summary>Digits before the point that any field accepts at all; beyond this a number is "out of range" before it is converted.</summary>
    private const int MaxIntegerDigits = 15;

    public static NumberParse Parse(string? text, decimal min, decimal max, int decimals, IStringLocalizer<SharedResource> L)
    {
        var trimmed = text?.Trim() ?? "";
        var range = string.Format(L["Enter a number from {0} to {1}."], Show(min), Show(max));
        if (trimmed.Length == 0)
        {
            return new(null, range);
        }

        var match = Plain().Match(trimmed);
        if (!match.Success || match.Groups["int"].Length + match.Groups["frac"].Length == 0)
        {
            return new(null, decimals == 0 ? L["Enter a whole number, such as 2."].Value : L["Enter a number, such as 12 or 12.5."].Value);
        }

        if (match.Groups["int"].Value.TrimStart('0').Length > MaxIntegerDigits)
        {
            return new(null, range);
        }

        var fraction = match.Groups["frac"].Value.TrimEnd('0');
        if (fraction.Length > decimals)
        {
            return new(null, decimals == 0 ? L["Enter a whole number, such as 2."].Value : string.Format(L["Use at most {0} decimals."], decimals));
        }

        var value = decimal.Parse(trimmed, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        return value < min || value > max ? new(null, range) : new(value, null);
    }

    /// <summary>How a number is shown back in a field: invariant, without trailing zeros.</summary>
    public static string Show(decimal value) => value.ToString("0.############", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^[+-]?(?<int>[0-9]*)(\.(?<frac>[0-9]*))?$")]
    private static partial Regex Plain();
}

/// <summary>A parsed number, or the message that says why the text is not one the field accepts.</summary>
public readonly record struct NumberParse(decimal? Value, string? Message)
{
    public bool Ok => Message is null;
}
