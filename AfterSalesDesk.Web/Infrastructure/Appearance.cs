using MudBlazor;

namespace AfterSalesDesk.Web.Infrastructure;

/// <summary>Light or dark pages: the system's choice until the person picks one in the app bar.</summary>
public enum ThemeChoice
{
    System,
    Light,
    Dark,
}

/// <summary>
/// The person's theme choice for this circuit. It is kept in a cookie (a year, this browser only), read by App.razor
/// from the request and handed to the circuit as a parameter of Routes, as the time zone is (decision 0019), so the
/// server renders the first paint in the chosen theme rather than flashing light before dark.
/// </summary>
public sealed class Appearance
{
    public const string CookieName = "asd-theme";

    public ThemeChoice Choice { get; private set; }

    public void Use(string? cookie) => Choice = Parse(cookie);

    public void Use(HttpContext context) => Use(context.Request.Cookies[CookieName]);

    public void Choose(ThemeChoice choice) => Choice = choice;

    public static ThemeChoice Parse(string? value) =>
        Enum.TryParse<ThemeChoice>(value, ignoreCase: true, out var choice) && Enum.IsDefined(choice) ? choice : ThemeChoice.System;

    /// <summary>
    /// The app's palette: a calm blue for actions, status colours that keep AA contrast on white and on the dark
    /// surface. Roboto is not shipped (no external fonts can be reached from every deployment); the system's sans
    /// serif and Noto Sans CJK carry Latin and Chinese text.
    /// </summary>
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1565c0",
            Secondary = "#6a1b9a",
            Info = "#0277bd",
            Success = "#2e7d32",
            Warning = "#b45309",
            Error = "#c62828",
            AppbarBackground = "#0d47a1",
            Background = "#f5f7fa",
            TextSecondary = "rgba(0,0,0,0.66)",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#90caf9",
            Secondary = "#ce93d8",
            Info = "#81d4fa",
            Success = "#a5d6a7",
            Warning = "#ffcc80",
            Error = "#ef9a9a",
            AppbarBackground = "#1a2332",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["Roboto", "\"Noto Sans CJK SC\"", "\"Noto Sans SC\"", "\"Microsoft YaHei\"", "Helvetica", "Arial", "sans-serif"],
            },
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "15rem" },
    };
}
