using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Dashboard;
using AfterSalesDesk.Web.Features.Quality;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSalesDesk.Tests.Quality;

/// <summary>
/// The demo as <c>dotnet run</c> seeds it (3,000 orders) has a product with a quality problem, so that the dashboard's
/// product quality shows what a flag looks like: merchant1's best seller, flagged for its merchant and for a manager.
/// </summary>
public class DemoQualityTests
{
    [Fact]
    public async Task FreshDemo_FlagsMerchant1sBestSeller_OverTheLast30Days()
    {
        using var app = new AppFactory(settings: new Dictionary<string, string?> { ["Demo:Orders"] = "3000" });
        await app.Services.GetRequiredService<DashboardRollups>().RebuildAllAsync();
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        var period = new DashboardQuery(today.AddDays(-29), today);
        var merchant1 = await app.PrincipalAsync("merchant1@demo.local", Roles.Merchant);
        var manager = await app.PrincipalAsync("manager@demo.local", Roles.Manager);

        var own = (await app.Get<ProductQualityService>().LoadAsync(merchant1, period))!;
        var all = (await app.Get<ProductQualityService>().LoadAsync(manager, period))!;

        var flagged = own.Products[0];
        Assert.True(flagged.Flagged, $"merchant1's first product is not flagged: {flagged}");
        Assert.True(flagged.Orders >= own.MinOrders);
        Assert.Contains(flagged.TopReasons, r => r.Reason is "Quality problem" or "Stopped working");
        Assert.Contains(all.Products, p => p.ProductId == flagged.ProductId && p.Flagged);
        // Its store's other products are the rest of its category in the demo (a category per store): none of them is flagged.
        Assert.DoesNotContain(own.Products.Skip(1), p => p.Flagged);
    }
}
