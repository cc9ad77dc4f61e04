using System.Diagnostics;
using System.Globalization;
using System.Text;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Dashboard;
using AfterSalesDesk.Web.Features.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSalesDesk.Tests.Reports;

/// <summary>
/// An exported workbook opened by a real spreadsheet program: LibreOffice (headless) converts it to CSV,
/// which holds the cells as the program shows them. LibreOffice must be installed
/// (<c>apt-get install -y libreoffice-calc-nogui</c>; <c>.ci/run</c> does it).
/// </summary>
public class LibreOfficeExportTests(ReportsApp fixture) : IClassFixture<ReportsApp>
{
    private AppFactory App => fixture.App;

    [Fact]
    public async Task CasesExport_OpenedInLibreOffice_ShowsTheDatabasesValues()
    {
        await using var db = App.CreateDbContext();
        var chosen = await db.Cases.AsNoTracking().Include(c => c.Order).OrderBy(c => c.Id).Take(2).ToListAsync();
        var (formulaCase, escapeCase) = (chosen[0], chosen[1]);
        // 16:05:06 UTC on 4 March is five past midnight on 5 March in Shanghai: the day changes with the zone.
        var createdAt = new DateTimeOffset(2026, 3, 4, 16, 5, 6, TimeSpan.Zero);
        await db.Database.ExecuteSqlRawAsync(
            "UPDATE AfterSalesCases SET Description = '=1+2', CreatedAt = {0} WHERE Id = {1}", createdAt.UtcTicks, formulaCase.Id);
        await db.Database.ExecuteSqlRawAsync(
            "UPDATE AfterSalesCases SET Description = '_x0041_ and 退货说明 stay as typed' WHERE Id = {0}", escapeCase.Id);
        var merchant = await db.Merchants.SingleAsync(m => m.Id == formulaCase.MerchantId);
        var manager = await App.PrincipalAsync("manager@demo.local", Roles.Manager);
        var prepared = await App.Get<ReportService>().PrepareAsync(manager, "cases", new ReportRequest());
        using var folder = new TempDirectory();
        var file = Path.Combine(folder.Path, prepared.Export!.FileName);
        await using (var output = File.Create(file))
        {
            await prepared.Export.WriteAsync(output);
        }

        var rows = await ConvertToCsvAsync(file, folder.Path);

        var header = rows[0];
        string Cell(string caseNo, string column) => rows.Single(r => r[0] == caseNo)[header.IndexOf(column)];
        Assert.Equal(await db.Cases.CountAsync() + 1, rows.Count);
        Assert.Equal("2026-03-05 00:05:06", Cell(formulaCase.CaseNo, "Created"));
        Assert.Equal((formulaCase.Order!.PaidMinor / 100m).ToString("#,##0.00", CultureInfo.InvariantCulture), Cell(formulaCase.CaseNo, "Order paid"));
        Assert.Equal("'=1+2", Cell(formulaCase.CaseNo, "Description")); // text, never the formula's 3
        Assert.Equal(merchant.Name, Cell(formulaCase.CaseNo, "Merchant"));
        Assert.Equal(formulaCase.Order.OrderNo, Cell(formulaCase.CaseNo, "Order number"));
        Assert.Equal("_x0041_ and 退货说明 stay as typed", Cell(escapeCase.CaseNo, "Description"));

        // The autofilter as LibreOffice keeps it (a database range with filter buttons): over the header and every row.
        var flat = System.Xml.Linq.XDocument.Load(await ConvertAsync(file, folder.Path, "fods"));
        var range = Assert.Single(flat.Descendants(Table + "database-range"));
        Assert.Equal("true", (string?)range.Attribute(Table + "display-filter-buttons"));
        Assert.Equal($"'After-sales cases'.A1:'After-sales cases'.Q{rows.Count}", (string?)range.Attribute(Table + "target-range-address"));
    }

    private static readonly System.Xml.Linq.XNamespace Table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";

    [Fact]
    public async Task KpiExport_OpenedInLibreOffice_ShowsDaysDurationsSharesAndAveragesAsTheDashboardsFigures()
    {
        await App.Services.GetRequiredService<DashboardRollups>().RebuildAllAsync();
        var manager = await App.PrincipalAsync("manager@demo.local", Roles.Manager);
        var today = DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime);
        var period = new DashboardQuery(today.AddDays(-399), today);
        var totals = (await App.Get<DashboardService>().LoadAsync(manager, period))!.Totals;
        Assert.True(totals is { Opened: > 0, Finished: > 0, Ratings: > 0, ClocksEnded: > 0 }, totals.ToString());
        var prepared = await App.Get<ReportService>().PrepareAsync(manager, "kpi", new ReportRequest(period.From, period.To));
        using var folder = new TempDirectory();
        var file = Path.Combine(folder.Path, prepared.Export!.FileName);
        await using (var output = File.Create(file))
        {
            await prepared.Export.WriteAsync(output);
        }

        // The first sheet, the summary: a figure a row, its value as LibreOffice shows it.
        var rows = await ConvertToCsvAsync(file, folder.Path);

        string Value(string figure) => rows.Single(r => r[0] == figure)[1];
        Assert.Equal(["Figure", "Value", "How it is computed"], rows[0]);
        Assert.Equal(period.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Value("First day"));
        Assert.Equal(period.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Value("Last day"));
        Assert.Equal(totals.Opened.ToString(CultureInfo.InvariantCulture), Value("Cases opened"));
        Assert.Equal((totals.Compliance!.Value * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%", Value("Deadline compliance"));
        Assert.Equal(((decimal)totals.RatingStars / totals.Ratings).ToString("0.00", CultureInfo.InvariantCulture), Value("Average rating"));
        // [h]:mm:ss: elapsed hours, so a mean of more than a day still reads in hours.
        var shown = Value("Handling time (mean)").Split(':').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(3, shown.Length);
        Assert.Equal(totals.MeanHandling!.Value.TotalSeconds, new TimeSpan(shown[0], shown[1], shown[2]).TotalSeconds, 1.0);
    }

    /// <summary>The first sheet as LibreOffice shows it, as CSV in UTF-8.</summary>
    private static async Task<List<List<string>>> ConvertToCsvAsync(string xlsx, string folder) =>
        ParseCsv(await File.ReadAllTextAsync(await ConvertAsync(xlsx, folder, "csv:Text - txt - csv (StarCalc):44,34,76"), Encoding.UTF8));

    /// <summary>soffice --convert-to with a private profile (so parallel runs and a desktop session do not collide); returns the converted file.</summary>
    private static async Task<string> ConvertAsync(string xlsx, string folder, string format)
    {
        var soffice = new[] { "/usr/bin/soffice", "/usr/bin/libreoffice", "/usr/lib/libreoffice/program/soffice" }.FirstOrDefault(File.Exists);
        Assert.True(soffice is not null, "LibreOffice is not installed: apt-get install -y libreoffice-calc-nogui (.ci/run installs it).");
        var start = new ProcessStartInfo(soffice!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "--headless", "--norestore", $"-env:UserInstallation=file://{Path.Combine(folder, "lo-profile")}",
            "--convert-to", format, "--outdir", folder, xlsx,
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        var converted = Path.ChangeExtension(xlsx, "." + format.Split(':')[0]);
        Assert.True(File.Exists(converted), $"LibreOffice made no {format.Split(':')[0]} (exit {process.ExitCode}): {await output} {await errors}");
        return converted;
    }

    /// <summary>RFC 4180: commas, quoted fields with doubled quotes and line breaks.</summary>
    private static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                row.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                rows.Add(row);
                row = [];
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }

        return rows;
    }
}
