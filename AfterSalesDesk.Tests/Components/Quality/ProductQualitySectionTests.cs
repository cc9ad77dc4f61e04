using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.Quality;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Dashboard;
using Bunit;

namespace AfterSalesDesk.Tests.Components.Quality;

/// <summary>The known products of <see cref="KnownQualityData"/> on an app of the component tests.</summary>
public sealed class QualityComponentApp : ComponentApp, IAsyncLifetime
{
    public QualityComponentApp()
        : base(0) => Data = new KnownQualityData(App);

    public KnownQualityData Data { get; }

    public Task InitializeAsync() => Data.InitializeAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>
/// The dashboard's product quality section, on the dashboard page, for a manager and a merchant: the flagged product
/// first with its chip and the category's rate, each product leading to its cases, and a merchant's own store only.
/// </summary>
public sealed class ProductQualitySectionTests(QualityComponentApp app) : ComponentContext(app), IClassFixture<QualityComponentApp>
{
    private KnownQualityData Data => app.Data;

    [Fact]
    public async Task Manager_SeesEveryStoresProducts_TheFlaggedOneFirst_WithTheCategorysRate_AndLinksToTheirCases()
    {
        await SignInAsync("manager@demo.local", Roles.Manager);

        var page = RenderPage<DashboardPage>();

        page.WaitForElement($"[data-testid=quality-product-{Data.P3}]");
        var first = page.FindAll("[data-testid=quality-table] tbody tr")[0];
        Assert.Contains("Bad gadget 坏工具", first.TextContent);
        Assert.Contains("Far above its category", page.Find($"[data-testid=quality-flag-{Data.P1}]").TextContent);
        Assert.Contains("quality-row-flagged", first.ClassName);
        // The rest of Gadgets came back on 17 of 219 orders: 7.76 %, and P1's 32.5 % is 4.2 times that.
        var category = page.Find($"[data-testid=quality-category-{Data.P1}]").TextContent;
        Assert.Contains("7.76 %", category);
        Assert.Contains("4.2×", category);
        Assert.Contains(KnownQualityData.Gadgets, category);
        Assert.Empty(page.FindAll($"[data-testid=quality-flag-{Data.P2}]"));
        Assert.Equal("32.50 %", page.Find($"[data-testid=quality-return-rate-{Data.P1}]").TextContent.Trim());
        Assert.Contains("Other store's gadget 别家工具", page.Find("[data-testid=dashboard-quality]").TextContent);
        var period = $"createdFrom={Data.From:yyyy-MM-dd}&createdTo={Data.Today:yyyy-MM-dd}";
        Assert.Equal($"queues?q=All&product={Data.P1}&{period}", page.Find($"[data-testid=quality-product-{Data.P1}]").GetAttribute("href"));
        Assert.Equal("16 cases", page.Find($"[data-testid=quality-cases-{Data.P1}]").TextContent);
        Assert.Equal($"queues?q=All&product={Data.P1}&{period}", page.Find($"[data-testid=quality-cases-{Data.P1}]").GetAttribute("href"));
    }

    [Fact]
    public async Task Merchant_SeesOnlyItsOwnStoresProducts_TheFlagWithoutTheWithheldRate_AndItsOwnCaseList()
    {
        await SignInAsync("merchant1@demo.local", Roles.Merchant);

        var page = RenderPage<DashboardPage>();

        page.WaitForElement($"[data-testid=quality-product-{Data.P1}]");
        var section = page.Find("[data-testid=dashboard-quality]").TextContent;
        Assert.Contains("Bad gadget 坏工具", section);
        Assert.Contains("Lonely rake 孤单耙子", section);
        Assert.DoesNotContain("Other store's gadget", section);
        Assert.DoesNotContain("Rare gadget", section);
        Assert.Empty(page.FindAll($"[data-testid=quality-product-{Data.P3}]"));
        Assert.Contains("Far above its category", page.Find($"[data-testid=quality-flag-{Data.P1}]").TextContent);
        var category = page.Find($"[data-testid=quality-category-{Data.P1}]").TextContent;
        Assert.Contains("withheld", category);
        Assert.DoesNotContain("%", category);
        Assert.DoesNotContain("×", category);
        Assert.StartsWith($"cases?q=All&product={Data.P1}&", page.Find($"[data-testid=quality-product-{Data.P1}]").GetAttribute("href"));
    }
}
