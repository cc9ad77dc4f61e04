using System.Globalization;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Refunds;
using AfterSalesDesk.Tests.Refunds;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Refunds;
using AfterSalesDesk.Web.Features.Dashboard;
using AfterSalesDesk.Web.Features.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSalesDesk.Tests.Reports;

/// <summary>
/// The KPI summary export over a worked demo database: the workbook holds the dashboard's figures for the
/// same period and scope, cell for cell and typed; a merchant gets its own store's figures only.
/// </summary>
public class KpiReportTests(WorkedCasesApp fixture) : IClassFixture<WorkedCasesApp>
{
    private AppFactory App => fixture.App;

    private DateOnly Today => DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime);

    [Fact]
    public async Task Export_AsManager_HoldsTheDashboardsFiguresTyped()
    {
        await PayARefundAsync();
        await App.Services.GetRequiredService<DashboardRollups>().RebuildAllAsync();
        var manager = await App.PrincipalAsync("manager@demo.local", Roles.Manager);
        var (first, last) = (Today.AddDays(-399), Today);
        var figures = (await App.Get<DashboardService>().LoadAsync(manager, new DashboardQuery(first, last)))!;
        Assert.True(figures.Totals is { Orders: > 0, Opened: > 0, Finished: > 0, Refunds: > 0, Ratings: > 0, ClocksEnded: > 0 }, figures.Totals.ToString());

        var workbook = await ExportAsync(manager, new ReportRequest(first, last));

        Assert.Equal(["KPI summary", "By day", "By kind", "By merchant", "Refunds by reason", "Cases per agent"], workbook.Sheets.Select(s => s.Name));
        var summary = workbook.Sheets[0].Rows.ToDictionary(r => r["Figure"].Text!, r => r["Value"]);
        Assert.Equal(first, Day(summary["First day"]));
        Assert.Equal(last, Day(summary["Last day"]));
        Assert.Equal("All merchants", summary["Merchant"].Text);
        var t = figures.Totals;
        foreach (var (figure, value) in new[]
        {
            ("Orders placed", t.Orders), ("Cases opened", t.Opened), ("Cases finished", t.Finished), ("Effective cases", t.Effective),
            ("Complaints", t.Complaints), ("Refunds paid", t.Refunds), ("Ratings", t.Ratings), ("Deadline clocks ended", t.ClocksEnded),
            ("Ratings of 5 stars", t.Stars5), ("Ratings of 1 stars", t.Stars1),
        })
        {
            Assert.Equal(value, Number(summary[figure]));
            Assert.Equal("0", summary[figure].Format);
        }

        Assert.Equal(t.RefundMinor / 100m, Number(summary["Refund amount"]));
        Assert.Equal(XlsxStyles.MoneyFormat, summary["Refund amount"].Format);
        Assert.Equal((decimal)t.RatingStars / t.Ratings, Number(summary["Average rating"]), 10);
        Assert.Equal("0.00", summary["Average rating"].Format);
        Assert.Equal(t.Compliance!.Value, Number(summary["Deadline compliance"]), 10);
        Assert.Equal(t.ComplaintRate!.Value, Number(summary["Complaint rate"]), 10);
        Assert.Equal(t.RefundRate!.Value, Number(summary["Refund rate"]), 10);
        Assert.Equal("0.00%", summary["Refund rate"].Format);
        AssertDuration(t.MeanHandling, summary["Handling time (mean)"]);
        AssertDuration(figures.Handling.Median, summary["Handling time (median)"]);
        AssertDuration(figures.Handling.P90, summary["Handling time (90th percentile)"]);
        AssertDuration(t.MeanFirstResponse, summary["First response (mean)"]);

        var byDay = workbook.Sheets[1];
        Assert.Equal(figures.ByDay.Select(d => d.Day), byDay.Rows.Select(r => Day(r["Day"])));
        Assert.Equal(t.Opened, byDay.Rows.Sum(r => Number(r["Cases opened"])));
        Assert.Equal(t.Orders, byDay.Rows.Sum(r => Number(r["Orders placed"])));
        Assert.Equal(t.RefundMinor / 100m, byDay.Rows.Sum(r => Number(r["Refund amount"])));
        Assert.Equal(figures.ByKind.Count, workbook.Sheets[2].Rows.Count);
        Assert.Equal(t.Finished, workbook.Sheets[2].Rows.Sum(r => Number(r["Cases finished"])));
        var byMerchant = workbook.Sheets[3];
        Assert.Equal(figures.ByMerchant.Count, byMerchant.Rows.Count);
        Assert.Equal(t.Opened, byMerchant.Rows.Sum(r => Number(r["Cases opened"])));
        Assert.Contains(byMerchant.Rows, r => r["Store code"].Text == "M001");
        Assert.Equal(t.Refunds, workbook.Sheets[4].Rows.Sum(r => Number(r["Refunds"])));
        Assert.Equal(figures.ByAgent.Select(a => a.Finished), workbook.Sheets[5].Rows.Select(r => (long)Number(r["Cases finished"])));
    }

    [Fact]
    public async Task Export_AsMerchant_HoldsItsOwnStoresFiguresAndNoOtherStoreOrAgent()
    {
        await App.Services.GetRequiredService<DashboardRollups>().RebuildAllAsync();
        var merchant1 = await App.PrincipalAsync("merchant1@demo.local", Roles.Merchant);
        var (first, last) = (Today.AddDays(-399), Today);
        var own = (await App.Get<DashboardService>().LoadAsync(merchant1, new DashboardQuery(first, last)))!;
        Assert.True(own.Totals.Opened > 0);
        await using var db = App.CreateDbContext();
        var names = await db.Merchants.AsNoTracking().ToDictionaryAsync(m => m.Code, m => m.Name);

        var workbook = await ExportAsync(merchant1, new ReportRequest(first, last));

        Assert.Equal(["KPI summary", "By day", "By kind", "Refunds by reason"], workbook.Sheets.Select(s => s.Name));
        var summary = workbook.Sheets[0].Rows.ToDictionary(r => r["Figure"].Text!, r => r["Value"]);
        Assert.Equal(names["M001"], summary["Merchant"].Text);
        Assert.Equal(own.Totals.Opened, Number(summary["Cases opened"]));
        Assert.Equal(own.Totals.Orders, Number(summary["Orders placed"]));
        Assert.Equal(own.Totals.Ratings, Number(summary["Ratings"]));
        var text = workbook.Sheets.SelectMany(s => s.Rows).SelectMany(r => r.Cells).Where(c => c.Type == ClosedXML.Excel.XLDataType.Text).Select(c => c.Text).ToList();
        Assert.DoesNotContain(names["M002"], text);

        var other = await db.Merchants.SingleAsync(m => m.Code == "M002");
        var refused = await App.Get<ReportService>().PrepareAsync(merchant1, "kpi", new ReportRequest(first, last, other.Id));
        Assert.Equal(Web.Infrastructure.ResultStatus.NotFound, refused.Result.Status);
    }

    [Fact]
    public async Task Export_WithoutAPeriod_RunsFromTheFirstToTheLastDayTheRollupsHold()
    {
        var rollups = App.Services.GetRequiredService<DashboardRollups>();
        await rollups.RebuildAllAsync();
        var manager = await App.PrincipalAsync("manager@demo.local", Roles.Manager);
        await using var db = App.CreateDbContext();
        var days = await db.DailyCaseStats.AsNoTracking().Where(s => s.MerchantId == 0).Select(s => s.Day).ToListAsync();
        var (first, last) = (DateOnly.FromDateTime(days.Min().UtcDateTime), DateOnly.FromDateTime(days.Max().UtcDateTime));
        var all = (await App.Get<DashboardService>().LoadAsync(manager, new DashboardQuery(first, last)))!;

        var prepared = await App.Get<ReportService>().PrepareAsync(manager, "kpi", new ReportRequest());
        Assert.Contains("(UTC)", prepared.Export!.Description);
        var workbook = await ExportAsync(manager, new ReportRequest());

        var summary = workbook.Sheets[0].Rows.ToDictionary(r => r["Figure"].Text!, r => r["Value"]);
        Assert.Equal(first, Day(summary["First day"]));
        Assert.Equal(last, Day(summary["Last day"]));
        Assert.Equal(all.Totals.Opened, Number(summary["Cases opened"]));
    }

    /// <summary>The demo data pays no refund; one is proposed, approved as far as it needs, and paid by the worker.</summary>
    private async Task PayARefundAsync()
    {
        var caseId = (await App.CasesAwaitingRefundAsync(1))[0];
        var refunds = App.Get<RefundService>();
        var proposed = await refunds.ProposeAsync(await fixture.AgentAsync(), caseId, await App.WholeFirstLineAsync(caseId));
        Assert.True(proposed.Result.Succeeded, proposed.Result.Error);
        await using var db = App.CreateDbContext();
        var needed = await db.Refunds.Where(r => r.Id == proposed.RefundId).Select(r => r.RequiredApprovals).SingleAsync();
        foreach (var supervisor in new[] { "supervisor1@demo.local", "supervisor2@demo.local" }.Take(needed))
        {
            var approved = await refunds.ApproveAsync(await App.PrincipalAsync(supervisor, Roles.Supervisor), proposed.RefundId!.Value);
            Assert.True(approved.Succeeded, approved.Error);
        }

        await App.Get<RefundWorker>().ExecuteDueAsync();
        Assert.Equal(RefundStatus.Succeeded, await db.Refunds.Where(r => r.Id == proposed.RefundId).Select(r => r.Status).SingleAsync());
    }

    private Task<ExportedWorkbook> ExportAsync(System.Security.Claims.ClaimsPrincipal user, ReportRequest request) =>
        ExportedWorkbook.ExportAsync(App, user, "kpi", request);

    private static decimal Number(ExportedCell cell) => cell.Number;

    private static DateOnly Day(ExportedCell cell)
    {
        Assert.Equal(XlsxStyles.DateFormat, cell.Format);
        return DateOnly.FromDateTime(cell.DateTime);
    }

    /// <summary>A duration is a number of days shown as elapsed time; to the second it equals the figure.</summary>
    private static void AssertDuration(TimeSpan? expected, ExportedCell cell)
    {
        Assert.NotNull(expected);
        Assert.Equal(XlsxStyles.DurationFormat, cell.Format);
        Assert.Equal(expected.Value.TotalSeconds, cell.Duration.TotalSeconds, 0.01);
    }
}
