using System.Globalization;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Reports;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Reports;

/// <summary>One app with demo data for the report tests (read-only, apart from the audit entries exports add).</summary>
public sealed class ReportsApp : IDisposable
{
    public AppFactory App { get; } = new();

    public void Dispose() => App.Dispose();
}

/// <summary>Exports through the report service as each role, read back with the SDK and compared with the database.</summary>
public class ReportServiceTests(ReportsApp fixture) : IClassFixture<ReportsApp>
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private AppFactory App => fixture.App;

    private ReportService Reports => App.Get<ReportService>();

    [Fact]
    public async Task Export_AsManager_WritesEveryCaseWithTypedCells()
    {
        var manager = await App.PrincipalAsync("manager@demo.local", Roles.Manager);

        var workbook = await ExportAsync(manager, "cases", new ReportRequest());

        await using var db = App.CreateDbContext();
        var cases = await db.Cases.AsNoTracking().Include(c => c.Order).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).ToListAsync();
        Assert.NotEmpty(cases);
        Assert.Equal(cases.Select(c => c.CaseNo), workbook.Rows.Select(r => r["Case number"].Text));
        var sample = cases[cases.Count / 2];
        var row = workbook.Rows.Single(r => r["Case number"].Text == sample.CaseNo);
        Assert.Equal(sample.Order!.PaidMinor / 100m, row["Order paid"].Number);
        Assert.Equal(XlsxStyles.MoneyFormat, row["Order paid"].Format);
        Assert.Equal((sample.Order.PaidMinor / 100m).ToString("#,##0.00", CultureInfo.InvariantCulture), row["Order paid"].Shown);
        Assert.Equal(ToSecond(TimeZoneInfo.ConvertTime(sample.CreatedAt, Shanghai).DateTime), ToSecond(row["Created"].DateTime));
        Assert.Equal(XlsxStyles.DateTimeFormat, row["Created"].Format);
        Assert.Equal(SpreadsheetText.NeutraliseFormula(sample.Description), row["Description"].Text);
        var sheet = Assert.Single(workbook.Sheets);
        Assert.Equal("After-sales cases", sheet.Name);
        Assert.Equal($"A1:Q{cases.Count + 1}", sheet.AutoFilter);
        Assert.Equal(ReportTables.Cases.Columns(new KeysOnly()).Select(c => c.Width), sheet.ColumnWidths);
    }

    [Fact]
    public async Task Export_Ratings_HoldsEveryRatingWithStarsAsNumbersAndCommentsAsText()
    {
        var manager = await App.PrincipalAsync("manager@demo.local", Roles.Manager);
        await using var db = App.CreateDbContext();
        var ratings = await db.CaseRatings.Join(db.Cases, r => r.CaseId, c => c.Id, (r, c) => new { c.CaseNo, r.Stars, r.Comment }).ToListAsync();
        Assert.NotEmpty(ratings);

        var workbook = await ExportAsync(manager, "ratings", new ReportRequest());

        Assert.Equal(ratings.Count, workbook.Rows.Count);
        foreach (var rating in ratings)
        {
            var row = workbook.Rows.Single(r => r["Case number"].Text == rating.CaseNo);
            Assert.Equal(rating.Stars, row["Stars"].Number);
            Assert.Equal(SpreadsheetText.NeutraliseFormula(rating.Comment), row["The buyer's comment"].Text ?? "");
        }
    }

    [Fact]
    public async Task Export_AsMerchant_HoldsOnlyItsOwnStore()
    {
        var merchant = await App.PrincipalAsync("merchant1@demo.local", Roles.Merchant);
        await using var db = App.CreateDbContext();
        var own = await db.Merchants.SingleAsync(m => m.Code == "M001");

        Assert.True(await db.Cases.AnyAsync(c => c.MerchantId == own.Id), "the demo data has cases of merchant1's store");
        foreach (var (table, expected) in new[]
        {
            ("cases", await db.Cases.CountAsync(c => c.MerchantId == own.Id)),
            ("refunds", await db.Refunds.CountAsync(r => r.MerchantId == own.Id)),
            ("complaints", await db.Complaints.CountAsync(c => c.MerchantId == own.Id)),
            ("ratings", await db.CaseRatings.CountAsync(r => r.MerchantId == own.Id)),
        })
        {
            var workbook = await ExportAsync(merchant, table, new ReportRequest());

            Assert.Equal(expected, workbook.Rows.Count);
            Assert.All(workbook.Rows, r => Assert.Equal("M001", r["Store code"].Text));
        }

        Assert.True(await db.Cases.AnyAsync(c => c.MerchantId != own.Id), "the demo data has other stores' cases to leave out");
    }

    [Fact]
    public async Task Prepare_WhenAMerchantNamesAnotherStore_IsNotFoundAndAudited()
    {
        var merchant = await App.PrincipalAsync("merchant1@demo.local", Roles.Merchant);
        await using var db = App.CreateDbContext();
        var other = await db.Merchants.SingleAsync(m => m.Code == "M002");

        var prepared = await Reports.PrepareAsync(merchant, "cases", new ReportRequest(MerchantId: other.Id));

        Assert.Equal(ResultStatus.NotFound, prepared.Result.Status);
        Assert.Null(prepared.Export);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "report.export" && e.UserName == "merchant1@demo.local"
            && e.Outcome == AuditOutcome.Denied && e.Detail!.Contains($"Merchant {other.Id}")));
    }

    [Fact]
    public async Task Prepare_TheAuditTrailAsAMerchant_IsNotFound()
    {
        var merchant = await App.PrincipalAsync("merchant1@demo.local", Roles.Merchant);

        Assert.Equal(ResultStatus.NotFound, (await Reports.PrepareAsync(merchant, "audit", new ReportRequest())).Result.Status);
        Assert.DoesNotContain(ReportTables.AuditLog, ReportService.TablesFor(merchant));
    }

    [Theory]
    [InlineData("agent1@demo.local", Roles.Agent)]
    [InlineData("supervisor1@demo.local", Roles.Supervisor)]
    [InlineData("admin@demo.local", Roles.Admin)]
    public async Task Prepare_AsAnyoneButManagersAndMerchants_IsRefused(string email, string role)
    {
        var user = await App.PrincipalAsync(email, role);

        var prepared = await Reports.PrepareAsync(user, "cases", new ReportRequest());

        Assert.Equal(ResultStatus.Forbidden, prepared.Result.Status);
        Assert.Empty(ReportService.TablesFor(user));
        await using var db = App.CreateDbContext();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "report.export" && e.UserName == email && e.Outcome == AuditOutcome.Denied));
    }

    [Fact]
    public async Task Export_ForAPeriodAndAMerchant_HoldsOnlyThoseDaysInTheReportTimeZone()
    {
        var manager = await App.PrincipalAsync("manager@demo.local", Roles.Manager);
        await using var db = App.CreateDbContext();
        var merchant = await db.Merchants.SingleAsync(m => m.Code == "M002");
        var cases = await db.Cases.AsNoTracking().Where(c => c.MerchantId == merchant.Id).Select(c => new { c.CaseNo, c.CreatedAt }).ToListAsync();
        var days = cases.Select(c => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(c.CreatedAt, Shanghai).DateTime)).Order().ToList();
        // The latest day alone: demo cases were opened 3 to 38 hours ago, so it leaves out those of an earlier
        // day whatever the time of day (middle quartiles could span every day around noon in Shanghai).
        Assert.True(days[0] < days[^1], "the store's demo cases fall on more than one day");
        var (from, to) = (days[^1], days[^1]);

        var workbook = await ExportAsync(manager, "cases", new ReportRequest(from, to, merchant.Id));

        var expected = cases.Where(c => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(c.CreatedAt, Shanghai).DateTime) is var day && day >= from && day <= to)
            .Select(c => c.CaseNo).Order();
        Assert.Equal(expected, workbook.Rows.Select(r => r["Case number"].Text!).Order());
        Assert.NotEqual(cases.Count, workbook.Rows.Count);
    }

    [Fact]
    public async Task Prepare_WithAPeriodEndingBeforeItStarts_IsInvalid()
    {
        var manager = await App.PrincipalAsync("manager@demo.local", Roles.Manager);

        var prepared = await Reports.PrepareAsync(manager, "cases", new ReportRequest(new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 1)));

        Assert.Equal(ResultStatus.Invalid, prepared.Result.Status);
    }

    [Fact]
    public async Task Export_WhenCancelled_StopsAndTheAuditTrailSaysSo()
    {
        var manager = await App.PrincipalAsync("manager@demo.local", Roles.Manager);
        var prepared = await Reports.PrepareAsync(manager, "audit", new ReportRequest());
        using var cancellation = new CancellationTokenSource();
        var reported = new List<long>();
        using var output = new MemoryStream();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => prepared.Export!.WriteAsync(output, rows =>
        {
            reported.Add(rows);
            cancellation.Cancel();
        }, cancellation.Token));

        await using var db = App.CreateDbContext();
        var total = await db.AuditEntries.CountAsync();
        var first = Assert.Single(reported); // the first progress report cancelled it: nothing more was written
        Assert.InRange(first, 1, total - 1);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "report.export" && e.UserName == "manager@demo.local"
            && e.Outcome == AuditOutcome.Failed && e.Detail!.Contains($"cancelled after {first:N0} rows")));
    }

    [Fact]
    public async Task Export_WithTextThatLooksLikeAFormula_WritesItEscaped()
    {
        await using var db = App.CreateDbContext();
        var formulaCase = await db.Cases.OrderBy(c => c.Id).FirstAsync();
        await db.Database.ExecuteSqlRawAsync("UPDATE AfterSalesCases SET Description = '=HYPERLINK(\"http://evil.example\",\"x\")' WHERE Id = {0}", formulaCase.Id);
        var manager = await App.PrincipalAsync("manager@demo.local", Roles.Manager);

        var workbook = await ExportAsync(manager, "cases", new ReportRequest());

        var cell = workbook.Rows.Single(r => r["Case number"].Text == formulaCase.CaseNo)["Description"];
        Assert.Equal("'=HYPERLINK(\"http://evil.example\",\"x\")", cell.Text);
    }

    [Fact]
    public void Tables_EveryTitleAndColumn_IsTranslated()
    {
        var english = Resources("SharedResource.resx");
        var chinese = Resources("SharedResource.zh-CN.resx");
        var localizer = new KeysOnly();

        foreach (var table in ReportTables.All)
        {
            foreach (var key in table.ColumnTitles(localizer).Where(t => t != "#").Append(table.Title).Append(table.Description))
            {
                Assert.True(english.Contains(key) && chinese.Contains(key), $"'{key}' ({table.Key}) is missing from a resource file");
            }
        }
    }

    private Task<ExportedWorkbook> ExportAsync(System.Security.Claims.ClaimsPrincipal user, string table, ReportRequest request) =>
        ExportedWorkbook.ExportAsync(App, user, table, request);

    /// <summary>To the nearest second: a date serial is a double, and the format shows seconds.</summary>
    private static DateTime ToSecond(DateTime at) =>
        new((at.Ticks + TimeSpan.TicksPerSecond / 2) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond);

    private static HashSet<string> Resources(string file) =>
        System.Xml.Linq.XDocument.Load(Path.Combine(RepositoryPaths.WebProject, "Resources", file))
            .Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();

    /// <summary>Returns each key itself, so the test sees the keys the definitions ask for.</summary>
    private sealed class KeysOnly : Microsoft.Extensions.Localization.IStringLocalizer
    {
        public Microsoft.Extensions.Localization.LocalizedString this[string name] => new(name, name);

        public Microsoft.Extensions.Localization.LocalizedString this[string name, params object[] arguments] => new(name, name);

        public IEnumerable<Microsoft.Extensions.Localization.LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }
}
