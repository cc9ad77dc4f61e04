using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Web.Features.Dashboard;
using AfterSalesDesk.Web.Features.Quality;
using AfterSalesDesk.Web.Features.Queues;

namespace AfterSalesDesk.Tests.Quality;

/// <summary>
/// Product quality over known data (<see cref="KnownQualityData"/>), read from the rollups as the dashboard reads them: the
/// rates, reasons and rating of each product, the flag against the rest of the category, who sees which store's products,
/// and the cases list each product leads to.
/// </summary>
public class ProductQualityServiceTests(KnownQualityData data) : IClassFixture<KnownQualityData>
{
    private ProductQualityService Quality => data.App.Get<ProductQualityService>();

    private DashboardQuery Period(int? merchantId = null) => new(data.From, data.Today, merchantId);

    [Fact]
    public async Task Load_ForAManager_GivesEachProductsRatesReasonsAndRating_FromTheEventsOfThePeriod()
    {
        var manager = await data.App.PrincipalAsync("manager@demo.local", Roles.Manager);

        var quality = (await Quality.LoadAsync(manager, Period()))!;

        Assert.Null(quality.MerchantId);
        Assert.Equal([data.P1, data.P4, data.P5, data.P2, data.P3], quality.Products.Select(p => p.ProductId));
        var p1 = quality.Products[0];
        Assert.Equal(("Q-P1", KnownQualityData.Gadgets, data.Merchant1), (p1.Sku, p1.Category, p1.MerchantId));
        Assert.Equal((40L, 16L, 13L, 9L), (p1.Orders, p1.Cases, p1.Returned, p1.Refunded));
        Assert.Equal(0.325m, p1.ReturnRate);
        Assert.Equal(0.225m, p1.RefundRate);
        Assert.Equal([new ReasonCount("Quality problem", 9), new ReasonCount("Stopped working", 4), new ReasonCount("Not received", 3)], p1.TopReasons);
        Assert.Equal((4L, 2.50m), (p1.Ratings, p1.AverageRating));
        // The rest of Gadgets, every store: P2 5 of 100, P3 2 of 100, P4 10 of 19.
        Assert.Equal(17m / 219, p1.CategoryReturnRate);
        Assert.False(p1.CategoryHidden);

        // P2's orders of before the period do not count; the cases opened on them inside it do (from its first instant).
        var p2 = quality.Products.Single(p => p.ProductId == data.P2);
        Assert.Equal((100L, 5L, 5L, 0L), (p2.Orders, p2.Cases, p2.Returned, p2.Refunded));
        Assert.Equal([new ReasonCount("Damaged on arrival", 3), new ReasonCount("Wrong item sent", 2)], p2.TopReasons);
        Assert.Null(p2.AverageRating);
        Assert.Equal(25m / 159, p2.CategoryReturnRate);

        // An order with P5 on two lines, one case, refund and rating on both: two sales, everything else once.
        var p5 = quality.Products.Single(p => p.ProductId == data.P5);
        Assert.Equal((52L, 11L, 11L, 1L, 1L, 4.00m), (p5.Orders, p5.Cases, p5.Returned, p5.Refunded, p5.Ratings, p5.AverageRating));
    }

    [Fact]
    public async Task Load_FlagsOnlyTheProductFarAboveTheRestOfItsCategory_WithEnoughOrders()
    {
        var manager = await data.App.PrincipalAsync("manager@demo.local", Roles.Manager);

        var products = (await Quality.LoadAsync(manager, Period()))!.Products.ToDictionary(p => p.ProductId);

        // 32.5 % against 7.8 %: 4.2 times, p far below 0.01.
        Assert.True(products[data.P1].Flagged);
        Assert.Equal(13.0 / 40 / (17.0 / 219), products[data.P1].Verdict.Ratio!.Value, 9);
        Assert.True(products[data.P1].Verdict.PValue < 0.001);
        Assert.False(products[data.P2].Flagged);
        Assert.False(products[data.P3].Flagged);
        // 10 of 19 came back, but 19 orders are one short of the 20 the flag needs.
        Assert.Equal(19, products[data.P4].Orders);
        Assert.False(products[data.P4].Flagged);
        // Alone in its category: nothing to compare with.
        Assert.Null(products[data.P5].CategoryReturnRate);
        Assert.False(products[data.P5].Flagged);
    }

    [Fact]
    public async Task Load_WithTheMinimumOneOrderLower_FlagsTheSmallProductToo()
    {
        using var app = new AfterSalesDesk.Tests.TestSupport.AppFactory(dataDirectory: data.App.DataDirectory, settings: new Dictionary<string, string?>
        {
            ["Demo:Orders"] = "0", ["Quality:MinOrders"] = "19",
        });
        app.Clock.StartAt(data.App.Clock.GetUtcNow());
        var manager = await app.PrincipalAsync("manager@demo.local", Roles.Manager);

        var products = (await app.Get<ProductQualityService>().LoadAsync(manager, Period()))!.Products.ToDictionary(p => p.ProductId);

        Assert.True(products[data.P4].Flagged);
        Assert.True(products[data.P1].Flagged);
        Assert.False(products[data.P2].Flagged);
    }

    [Fact]
    public async Task Load_ForAMerchant_GivesOnlyItsOwnStoresProducts_WhateverStoreItAsksFor()
    {
        var merchant1 = await data.App.PrincipalAsync("merchant1@demo.local", Roles.Merchant);
        var merchant2 = await data.App.PrincipalAsync("merchant2@demo.local", Roles.Merchant);
        var manager = await data.App.PrincipalAsync("manager@demo.local", Roles.Manager);

        var own = (await Quality.LoadAsync(merchant1, Period()))!;
        var askingForAnother = (await Quality.LoadAsync(merchant1, Period(data.Merchant2)))!;
        var second = (await Quality.LoadAsync(merchant2, Period(data.Merchant1)))!;
        var managerOfOne = (await Quality.LoadAsync(manager, Period(data.Merchant2)))!;

        Assert.Equal(data.Merchant1, own.MerchantId);
        Assert.Equal([data.P1, data.P5, data.P2], own.Products.Select(p => p.ProductId));
        Assert.Equal(own.Products.Select(p => p.ProductId), askingForAnother.Products.Select(p => p.ProductId));
        Assert.Equal(data.Merchant1, askingForAnother.MerchantId);
        Assert.Equal([data.P4, data.P3], second.Products.Select(p => p.ProductId));
        Assert.Equal([data.P4, data.P3], managerOfOne.Products.Select(p => p.ProductId));
        Assert.All(own.Products.Concat(askingForAnother.Products), p => Assert.Equal(data.Merchant1, p.MerchantId));
    }

    [Fact]
    public async Task Load_ForAMerchantWhoseCategoryHasOneOtherStore_WithholdsTheCategorysRate_ButNotTheFlag()
    {
        var merchant1 = await data.App.PrincipalAsync("merchant1@demo.local", Roles.Merchant);

        var products = (await Quality.LoadAsync(merchant1, Period()))!.Products.ToDictionary(p => p.ProductId);

        // Gadgets: merchant1's and merchant2's products. From the rest of Gadgets' rate beside each of its own products,
        // merchant1 could work out merchant2's: withheld, with the ratio and p-value that would give it back.
        var p1 = products[data.P1];
        Assert.True(p1.CategoryHidden);
        Assert.Null(p1.CategoryReturnRate);
        Assert.True(p1.Flagged);
        Assert.Null(p1.Verdict.Ratio);
        Assert.Null(p1.Verdict.PValue);
        Assert.True(products[data.P2].CategoryHidden);
        // The rest of its own Garden category is nobody's: nothing to withhold.
        Assert.False(products[data.P5].CategoryHidden);
    }

    [Theory]
    [InlineData("agent1@demo.local", Roles.Agent)]
    [InlineData("admin@demo.local", Roles.Admin)]
    public async Task Load_ForAgentsAndAdmins_IsRefused(string email, string role)
    {
        var user = await data.App.PrincipalAsync(email, role);

        Assert.Null(await Quality.LoadAsync(user, Period()));
    }

    [Fact]
    public async Task CasesList_OfAProductAndThePeriod_HoldsExactlyTheCasesItCounts_AndAnotherStoresProductShowsNothing()
    {
        var manager = await data.App.PrincipalAsync("manager@demo.local", Roles.Manager);
        var merchant1 = await data.App.PrincipalAsync("merchant1@demo.local", Roles.Merchant);
        var merchant2 = await data.App.PrincipalAsync("merchant2@demo.local", Roles.Merchant);
        var queues = data.App.Get<CaseQueueService>();
        QueueQuery Of(int product) => new() { ProductId = product, CreatedFrom = data.From, CreatedTo = data.Today };

        foreach (var product in (await Quality.LoadAsync(manager, Period()))!.Products)
        {
            Assert.Equal(product.Cases, (await queues.PageAsync(manager, Of(product.ProductId)))!.Matches);
        }

        Assert.Equal(16, (await queues.PageAsync(merchant1, Of(data.P1)))!.Matches);
        // Without the period, P2's cases opened before it are there too.
        Assert.Equal(10, (await queues.PageAsync(manager, new QueueQuery { ProductId = data.P2 }))!.Matches);

        // Another store's product: no cases and no name, whichever way round.
        Assert.Equal(0, (await queues.PageAsync(merchant1, Of(data.P3)))!.Matches);
        Assert.Equal(0, (await queues.PageAsync(merchant2, Of(data.P1)))!.Matches);
        Assert.Null(await queues.ProductNameAsync(merchant1, data.P3));
        Assert.Equal("Bad gadget 坏工具", await queues.ProductNameAsync(merchant1, data.P1));
        Assert.Equal("Other store's gadget 别家工具", await queues.ProductNameAsync(manager, data.P3));
    }
}
