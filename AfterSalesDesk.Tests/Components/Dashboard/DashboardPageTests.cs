using System.Globalization;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Dashboard;
using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace AfterSalesDesk.Tests.Components.Dashboard;

/// <summary>
/// The dashboard per role over the rollups of the demo data: its figures against the orders in the database, the
/// merchant and period it is narrowed to, the links that carry them, and the charts of the period's days.
/// </summary>
public sealed class DashboardPageTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    public override async Task InitializeAsync() => await Service<DashboardRollups>().RebuildAllAsync();

    [Fact]
    public async Task Manager_SeesTheLast30Days_OfEveryMerchant()
    {
        await SignInAsync("manager@demo.local", Roles.Manager);

        var page = RenderPage<DashboardPage>();

        var first = Today.AddDays(-29);
        var orders = await OrdersSinceAsync(first);
        page.WaitForAssertion(() => Assert.Equal(orders.ToString("N0", CultureInfo.InvariantCulture), page.Find("[data-testid=dashboard-orders-value]").TextContent));
        Assert.True(orders > 0, "the demo orders of the last 30 days are counted");
        Assert.Equal($"orders?from={first:yyyy-MM-dd}&to={Today:yyyy-MM-dd}", page.Find("[data-testid=dashboard-orders-link]").GetAttribute("href"));
        var byMerchant = page.Find("[data-testid=dashboard-by-merchant]").TextContent;
        foreach (var name in await MerchantNamesWithOrdersSinceAsync(first))
        {
            Assert.Contains(name, byMerchant);
        }

        var export = page.Find("[data-testid=dashboard-export]");
        Assert.Equal("A", export.TagName);
        Assert.True(export.HasAttribute("download"), "the browser downloads the workbook itself");
        Assert.Equal($"reports/export/kpi?from={first:yyyy-MM-dd}&to={Today:yyyy-MM-dd}", export.GetAttribute("href"));
    }

    [Fact]
    public async Task Manager_ChoosesAMerchant_TheFiguresAndLinksNarrowToIt()
    {
        await SignInAsync("manager@demo.local", Roles.Manager);
        var page = RenderPage<DashboardPage>();
        page.WaitForElement("[data-testid=dashboard-by-merchant]");
        await using var db = App.CreateDbContext();
        var merchant = await db.Merchants.OrderBy(m => m.Code).Select(m => new { m.Id, m.Name }).FirstAsync();

        await page.InvokeAsync(() => page.FindComponent<MudSelect<int?>>().Instance.ValueChanged.InvokeAsync(merchant.Id));

        var orders = await OrdersSinceAsync(Today.AddDays(-29), merchant.Id);
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=dashboard-by-merchant]")));
        Assert.Equal(orders.ToString("N0", CultureInfo.InvariantCulture), page.Find("[data-testid=dashboard-orders-value]").TextContent);
        Assert.EndsWith($"&merchant={merchant.Id}", page.Find("[data-testid=dashboard-orders-link]").GetAttribute("href"));
        Assert.EndsWith($"&merchant={merchant.Id}", page.Find("[data-testid=dashboard-export]").GetAttribute("href"));
        Assert.Contains($"merchant={merchant.Id}", page.Find("[data-testid=dashboard-opened-link]").GetAttribute("href"));
    }

    [Fact]
    public async Task Merchant_SeesTheirOwnStore_WithoutAChoiceOfMerchant_OrAnotherStoresName()
    {
        await SignInAsync("merchant1@demo.local", Roles.Merchant);
        await using var db = App.CreateDbContext();
        var own = await db.Merchants.Where(m => m.Code == "M001").Select(m => m.Id).SingleAsync();
        var others = await db.Merchants.Where(m => m.Code != "M001").Select(m => m.Name).ToListAsync();

        var page = RenderPage<DashboardPage>();

        var orders = await OrdersSinceAsync(Today.AddDays(-29), own);
        page.WaitForAssertion(() => Assert.Equal(orders.ToString("N0", CultureInfo.InvariantCulture), page.Find("[data-testid=dashboard-orders-value]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=dashboard-merchant]"));
        Assert.Empty(page.FindAll("[data-testid=dashboard-by-merchant]"));
        Assert.Empty(page.FindAll("[data-testid=dashboard-by-agent]"));
        Assert.All(others, name => Assert.DoesNotContain(name, page.Markup));
        // A merchant's links name no store: the lists behind them show its own.
        Assert.DoesNotContain("merchant=", page.Find("[data-testid=dashboard-orders-link]").GetAttribute("href"));
        Assert.StartsWith("cases?", page.Find("[data-testid=dashboard-opened-link]").GetAttribute("href"));
    }

    [Fact]
    public async Task Supervisor_PicksToday_AndThePeriodIsOneDay()
    {
        await SignInAsync("supervisor1@demo.local", Roles.Supervisor);
        var page = RenderPage<DashboardPage>();
        page.WaitForElement("[data-testid=dashboard-orders-value]");

        await page.InvokeAsync(() => page.FindComponent<MudSelect<int>>().Instance.ValueChanged.InvokeAsync(1));

        var orders = await OrdersSinceAsync(Today);
        page.WaitForAssertion(() => Assert.Equal($"orders?from={Today:yyyy-MM-dd}&to={Today:yyyy-MM-dd}", page.Find("[data-testid=dashboard-orders-link]").GetAttribute("href")));
        Assert.Equal(orders.ToString("N0", CultureInfo.InvariantCulture), page.Find("[data-testid=dashboard-orders-value]").TextContent);
        Assert.Equal(Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), page.Find("input[data-testid=dashboard-from]").GetAttribute("value"));
    }

    [Fact]
    public async Task Supervisor_TypesAStartAfterTheEnd_TheDatesAreSwapped_AndThePeriodIsCustom()
    {
        await SignInAsync("supervisor1@demo.local", Roles.Supervisor);
        var page = RenderPage<DashboardPage>();
        page.WaitForElement("[data-testid=dashboard-orders-value]");
        var later = Today.AddDays(5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        page.Find("input[data-testid=dashboard-from]").Change(later);

        page.WaitForAssertion(() => Assert.Equal($"orders?from={Today:yyyy-MM-dd}&to={later}", page.Find("[data-testid=dashboard-orders-link]").GetAttribute("href")));
        Assert.Equal("Custom", page.Find("input[data-testid=dashboard-preset]").GetAttribute("value"));
    }

    [Fact]
    public async Task TheCharts_DrawADayEach_WithTheirSeriesNamed()
    {
        await SignInAsync("manager@demo.local", Roles.Manager);

        var page = RenderPage<DashboardPage>();

        page.WaitForElement("[data-testid=dashboard-chart-cases] svg");
        var charts = page.FindComponents<MudChart<double>>();
        Assert.Equal(3, charts.Count);
        Assert.All(charts, chart => Assert.Equal(30, chart.Instance.ChartLabels.Length));
        Assert.Equal(["Cases opened", "Cases finished"], charts[0].Instance.ChartSeries.Select(s => s.Name));
        var opened = await CasesOpenedTodayAsync();
        Assert.Equal(opened, charts[0].Instance.ChartSeries[0].Data.Values[^1]);
        // The lines themselves are drawn once the browser reports the chart's size (the browser test sees them).
        Assert.Single(page.FindAll("[data-testid=dashboard-chart-cases] svg.mud-chart-line"));
        Assert.Single(page.FindAll("[data-testid=dashboard-chart-refunds] svg.mud-chart-bar"));
        Assert.Equal("img", page.Find("[data-testid=dashboard-chart-refunds]").GetAttribute("role"));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 5)]
    [InlineData(30, 5)]
    [InlineData(365, 5)]
    public void TheAxis_LabelsAboutFiveDays_EvenlySpread(int days, int labelled)
    {
        var period = Enumerable.Range(0, days).Select(i => new DateOnly(2026, 1, 1).AddDays(i)).ToList();

        var labels = DashboardPage.AxisLabels(period);

        Assert.Equal(days, labels.Length);
        Assert.Equal("01-01", labels[0]);
        Assert.Equal(labelled, labels.Count(l => l.Length > 0));
    }

    private async Task<int> OrdersSinceAsync(DateOnly first, int? merchantId = null) =>
        (await OrdersFromAsync(first)).Count(merchant => merchantId is null || merchant == merchantId);

    private async Task<List<string>> MerchantNamesWithOrdersSinceAsync(DateOnly first)
    {
        var ids = (await OrdersFromAsync(first)).ToHashSet();
        await using var db = App.CreateDbContext();
        return await db.Merchants.Where(m => ids.Contains(m.Id)).Select(m => m.Name).ToListAsync();
    }

    /// <summary>The merchant of each order created on or after a UTC day (filtered here: SQLite stores the times as text).</summary>
    private async Task<List<int>> OrdersFromAsync(DateOnly first)
    {
        await using var db = App.CreateDbContext();
        var orders = await db.Orders.Select(o => new { o.CreatedAt, o.MerchantId }).ToListAsync();
        return [.. orders.Where(o => DateOnly.FromDateTime(o.CreatedAt.UtcDateTime) >= first).Select(o => o.MerchantId)];
    }

    private async Task<double> CasesOpenedTodayAsync()
    {
        await using var db = App.CreateDbContext();
        var created = await db.Cases.Select(c => c.CreatedAt).ToListAsync();
        return created.Count(c => DateOnly.FromDateTime(c.UtcDateTime) == Today);
    }
}
