using System.Globalization;

namespace AfterSalesDesk.Web.Infrastructure;

/// <summary>A file's size as people read it: bytes under 1 KB, then KB and MB with one decimal (1 KB = 1,024 bytes).</summary>
public static class FileSizes
{
    private const double Kilo = 1024;

    public static string Format(long bytes, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentCulture;
        return bytes switch
        {
            < 1024 => bytes.ToString("N0", culture) + " B",
            < 1024 * 1024 => (bytes / Kilo).ToString("0.#", culture) + " KB",
            _ => (bytes / Kilo / Kilo).ToString("#,0.#", culture) + " MB",
        };
    }
}
