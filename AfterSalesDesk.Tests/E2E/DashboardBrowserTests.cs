using System.Globalization;
using AfterSalesDesk.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace AfterSalesDesk.Tests.E2E;

/// <summary>
/// A manager opens the dashboard (its rollups built by the app's own worker at start), sees the figures,
/// narrows them to one merchant, downloads that merchant's KPI summary, and follows the count of opened cases
/// to the queue that lists exactly them; and follows the refund figure to the list of exactly the refunds it counts.
/// </summary>
[Collection(BrowserCollection.Name)]
public class DashboardBrowserTests(BrowserFixture browser, SharedApp app) : BrowserTest(app)
{
    private const string Merchant = "优选数码 Youxuan Digital";

    [Fact]
    public async Task AManager_SeesTheFigures_FiltersOneMerchant_AndClicksThroughToItsCases()
    {
        var manager = await browser.NewPageAsync(app);
        await manager.LoginAsync("manager@demo.local");
        await manager.OpenAsync("dashboard");
        var opened = manager.GetByTestId("dashboard-opened-value");
        // The worker builds the rollups when the app starts; until then the figures are zero.
        for (var attempt = 0; attempt < 40 && (await opened.InnerTextAsync()).Trim() == "0"; attempt++)
        {
            await Task.Delay(500);
            await manager.OpenAsync("dashboard");
        }

        var all = Count(await opened.InnerTextAsync());
        Assert.True(all > 0);
        await Assertions.Expect(manager.GetByTestId("dashboard-by-merchant")).ToContainTextAsync(Merchant);
        await Assertions.Expect(manager.GetByTestId("dashboard-by-kind")).ToBeVisibleAsync();
        await Assertions.Expect(manager.GetByTestId("dashboard-handling")).ToContainTextAsync("90th percentile");
        await Assertions.Expect(manager.GetByTestId("dashboard-chart-cases").Locator("svg .mud-charts-line-series path").First).ToBeVisibleAsync();
        await manager.SnapAsync("dashboard-all-merchants");

        await manager.ChooseAsync("dashboard-merchant", Merchant);
        await Assertions.Expect(manager.GetByTestId("dashboard-by-merchant")).ToHaveCountAsync(0);
        var one = Count(await opened.InnerTextAsync());
        Assert.InRange(one, 1, all - 1);
        await manager.SnapAsync("dashboard-one-merchant");

        // The same figures as a workbook: the KPI summary of the period and merchant on screen.
        var download = await manager.RunAndWaitForDownloadAsync(() => manager.GetByTestId("dashboard-export").ClickAsync());
        Assert.Matches(@"^kpi-\d{8}-\d{8}-M\d{3}\.xlsx$", download.SuggestedFilename);
        var workbook = Reports.ExportedWorkbook.Read(await File.ReadAllBytesAsync((await download.PathAsync())!));
        var summary = workbook.Sheets[0].Rows.ToDictionary(r => r["Figure"].Text!, r => r["Value"]);
        Assert.Equal(Merchant, summary["Merchant"].Text);
        Assert.Equal(one, summary["Cases opened"].Number);

        await manager.GetByTestId("dashboard-opened-link").ClickAsync();
        await manager.WaitForURLAsync(url => url.Contains("/queues?", StringComparison.Ordinal) && url.Contains("createdFrom=", StringComparison.Ordinal));
        await manager.WaitForInteractiveAsync();
        var table = manager.GetByTestId("queue-table");
        await Assertions.Expect(table.Locator("tbody tr").First).ToBeVisibleAsync();
        await Assertions.Expect(manager.GetByTestId("queue-matches")).ToContainTextAsync(one <= 1000 ? string.Create(CultureInfo.InvariantCulture, $"{one:N0} cases") : "More than");
        foreach (var cell in await table.Locator("tr.queue-row td.queue-merchant").AllInnerTextsAsync())
        {
            Assert.Equal(Merchant, cell.Trim());
        }

        await manager.SnapAsync("dashboard-click-through");
    }

    [Fact]
    public async Task AManager_ClicksTheRefundFigure_AndLandsOnTheListOfExactlyThoseRefunds()
    {
        // The demo data has refunds it paid at its start; the figure counts those and the ones granted here.
        var granted = await PaidRefundsAsync() + await GrantRefundsAsync();
        var manager = await browser.NewPageAsync(app);
        await manager.LoginAsync("manager@demo.local");
        await manager.OpenAsync("dashboard");
        // The app's worker pays the refunds within a second or two; the dashboard's refresh counts them within 5 s.
        var detail = manager.GetByTestId("dashboard-refunds").Locator(".audit-muted");
        for (var attempt = 0; attempt < 60 && RefundsIn(await detail.InnerTextAsync()) < granted; attempt++)
        {
            await Task.Delay(500);
            await manager.OpenAsync("dashboard");
        }

        Assert.Equal(granted, RefundsIn(await detail.InnerTextAsync()));
        var amount = (await manager.GetByTestId("dashboard-refunds-value").InnerTextAsync()).Trim();
        await manager.SnapAsync("dashboard-refunds");

        await manager.GetByTestId("dashboard-refunds-link").ClickAsync();
        await manager.WaitForURLAsync(url => url.Contains("/refunds?from=", StringComparison.Ordinal));
        await manager.WaitForInteractiveAsync();
        await Assertions.Expect(manager.GetByTestId("refunds-matches")).ToContainTextAsync(string.Create(CultureInfo.InvariantCulture, $"{granted:N0} refunds, {amount}"));
        await Assertions.Expect(manager.GetByTestId("refunds-table").Locator("[data-testid^=refund-row-]")).ToHaveCountAsync((int)granted);
        await manager.SnapAsync("dashboard-refunds-list");
    }

    [Fact]
    public async Task AManager_FollowsTheComplaintRateAndTheAverageRating_ToTheListsOfWhatTheyCount()
    {
        var manager = await browser.NewPageAsync(app);
        await manager.LoginAsync("manager@demo.local");
        await manager.OpenAsync("dashboard");
        var rating = manager.GetByTestId("dashboard-rating");
        for (var attempt = 0; attempt < 40 && (await manager.GetByTestId("dashboard-rating-value").InnerTextAsync()).Trim() == "—"; attempt++)
        {
            await Task.Delay(500);
            await manager.OpenAsync("dashboard");
        }

        var complaints = Leading(await manager.GetByTestId("dashboard-complaint-rate").Locator(".audit-muted").InnerTextAsync(), "complaints");
        var ratings = System.Text.RegularExpressions.Regex.Matches(await rating.Locator(".audit-muted").InnerTextAsync(), @"★ ([\d,]+)").Sum(m => Count(m.Groups[1].Value));
        Assert.True(ratings > 0);

        await manager.GetByTestId("dashboard-complaint-rate-link").ClickAsync();
        await manager.WaitForURLAsync(url => url.Contains("/complaints?from=", StringComparison.Ordinal));
        await manager.WaitForInteractiveAsync();
        await Assertions.Expect(manager.GetByTestId("complaints-count")).ToHaveTextAsync(string.Create(CultureInfo.InvariantCulture, $"{complaints:N0} complaints"));
        await Assertions.Expect(manager.GetByTestId("complaints-period")).ToContainTextAsync("(UTC days)");
        await manager.SnapAsync("dashboard-complaints-list");

        await manager.OpenAsync("dashboard");
        await manager.GetByTestId("dashboard-rating-link").ClickAsync();
        await manager.WaitForURLAsync(url => url.Contains("/feedback?from=", StringComparison.Ordinal));
        await manager.WaitForInteractiveAsync();
        await Assertions.Expect(manager.GetByTestId("feedback-count")).ToContainTextAsync(string.Create(CultureInfo.InvariantCulture, $"{ratings:N0} ratings"));
    }

    /// <summary>The number that starts "N what…"; 0 when the text does not start so.</summary>
    private static long Leading(string text, string what) =>
        System.Text.RegularExpressions.Regex.Match(text.Trim(), $@"^([\d,]+) {what}") is { Success: true } match ? Count(match.Groups[1].Value) : 0;

    private static long Count(string text) => long.Parse(text.Trim(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    /// <summary>The count in "N refunds, x % of orders"; 0 until the line shows one.</summary>
    private static long RefundsIn(string detail) =>
        System.Text.RegularExpressions.Regex.Match(detail, @"^([\d,]+) refunds") is { Success: true } match ? Count(match.Groups[1].Value) : 0;

    /// <summary>
    /// What granting a refund leaves (decision 0011), written directly for every demo case awaiting one: the refund,
    /// granted and due now (the outbox row), and its amount reserved on the order. The app's own worker then pays
    /// it through the gateway and moves the case on, as after an approval in the browser.
    /// </summary>
    private async Task<long> PaidRefundsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "aftersales.db")};Pooling=False");
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM Refunds WHERE Status = 'Succeeded'";
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private async Task<long> GrantRefundsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "aftersales.db")};Pooling=False");
        await connection.OpenAsync();
        var cases = new List<(long Id, long OrderId, long MerchantId)>();
        await using (var select = connection.CreateCommand())
        {
            select.CommandText = "SELECT Id, OrderId, MerchantId FROM AfterSalesCases WHERE Status = 'AwaitingRefund' AND Id NOT IN (SELECT CaseId FROM Refunds) ORDER BY Id";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                cases.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)));
            }
        }

        Assert.NotEmpty(cases);
        var now = DateTimeOffset.UtcNow.UtcTicks;
        foreach (var (caseId, orderId, merchantId) in cases)
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = """
                PRAGMA busy_timeout = 10000;
                INSERT INTO Refunds (CaseId, OrderId, MerchantId, Status, Currency, LinesMinor, DeductionBasisPoints, DeductionMinor, ShippingMinor, AmountMinor,
                    RequiredApprovals, ProposedById, ProposedBy, ProposedAt, DecidedAt, IdempotencyKey, Attempts, NextAttemptAt, Version)
                SELECT $case, $order, $merchant, 'Granted', 'CNY', $amount, 0, 0, 0, $amount, 0, Id, Email, $now, $now, $key, 0, $now, $version
                FROM AspNetUsers WHERE Email = 'agent1@demo.local';
                UPDATE Orders SET RefundCommittedMinor = RefundCommittedMinor + $amount WHERE Id = $order;
                """;
            insert.Parameters.AddWithValue("$case", caseId);
            insert.Parameters.AddWithValue("$order", orderId);
            insert.Parameters.AddWithValue("$merchant", merchantId);
            insert.Parameters.AddWithValue("$amount", 1000 + caseId);
            insert.Parameters.AddWithValue("$now", now);
            insert.Parameters.AddWithValue("$key", $"browser-dashboard-{caseId}");
            insert.Parameters.AddWithValue("$version", Guid.NewGuid().ToString().ToUpperInvariant());
            Assert.Equal(2, await insert.ExecuteNonQueryAsync());
        }

        return cases.Count;
    }

    /// <summary>
    /// On a phone, merchant1 sees its flagged product (the demo's quality problem) in the product quality section, which
    /// axe finds no serious fault with, chip included, and follows it to exactly the cases it counts, on its own list.
    /// </summary>
    [Fact]
    public async Task AMerchant_SeesItsFlaggedProduct_AndClicksThroughToItsCases()
    {
        var page = await browser.NewPageAsync(app);
        await page.SetViewportSizeAsync(390, 844);
        await page.LoginAsync("merchant1@demo.local");
        await page.OpenAsync("dashboard");
        var flag = page.GetByTestId("quality-table").Locator("[data-testid^=quality-flag-]").First;
        await Assertions.Expect(flag).ToBeVisibleAsync();
        var id = (await flag.GetAttributeAsync("data-testid"))!["quality-flag-".Length..];
        var serious = (await AccessibilityBrowserTests.RunAsync(page)).Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id}: {v.Help} {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious));
        var cases = (await page.GetByTestId($"quality-cases-{id}").InnerTextAsync()).Trim();
        var product = page.GetByTestId($"quality-product-{id}");
        var name = (await product.InnerTextAsync()).Trim();
        await page.SnapAsync("dashboard-quality-flagged-phone");

        await product.ClickAsync();

        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex($"/cases\\?q=All&product={id}&createdFrom="));
        await Assertions.Expect(page.GetByTestId("queue-product-filter")).ToContainTextAsync(name);
        await Assertions.Expect(page.GetByTestId("queue-matches")).ToHaveTextAsync(cases);
        await page.SnapAsync("dashboard-quality-click-through-phone");
        await page.Context.CloseAsync();
    }
}
