using System.Net;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Reports;
using Microsoft.Data.Sqlite;

namespace AfterSalesDesk.Tests.Reports;

/// <summary>The export endpoint over real HTTP against the app's own process (Kestrel, cookies, the login form).</summary>
public class ReportEndpointTests(AppProcess app) : IClassFixture<AppProcess>
{
    [Fact]
    public async Task Export_WithoutSignIn_IsUnauthorized()
    {
        using var client = Client();

        var response = await client.GetAsync("reports/export/cases");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Export_AsAgent_IsForbidden()
    {
        using var client = await SignedInAsync("agent1@demo.local");

        var response = await client.GetAsync("reports/export/cases");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Export_AsMerchant_DownloadsItsOwnStoresCases()
    {
        using var client = await SignedInAsync("merchant1@demo.local");

        var response = await client.GetAsync("reports/export/cases");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ReportService.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("cases-start-now.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        var workbook = ExportedWorkbook.Read(await response.Content.ReadAsByteArrayAsync());
        Assert.NotEmpty(workbook.Rows);
        Assert.All(workbook.Rows, r => Assert.Equal("M001", r["Store code"].Text));
        Assert.Equal(await ScalarAsync("SELECT COUNT(*) FROM AfterSalesCases c JOIN Merchants m ON m.Id = c.MerchantId WHERE m.Code = 'M001'"), workbook.Rows.Count);
    }

    [Fact]
    public async Task Export_WhenAMerchantNamesAnotherStore_IsNotFound()
    {
        using var client = await SignedInAsync("merchant1@demo.local");
        var other = await ScalarAsync("SELECT Id FROM Merchants WHERE Code = 'M002'");

        var response = await client.GetAsync($"reports/export/cases?merchant={other}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("reports/export/audit")).StatusCode);
    }

    [Fact]
    public async Task Export_AsManager_DownloadsTheAuditTrailForAPeriodInChinese()
    {
        using var client = await SignedInAsync("manager@demo.local");
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        var today = DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd");

        var response = await client.GetAsync($"reports/export/audit?from=2020-01-01&to={today}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var workbook = ExportedWorkbook.Read(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(["审计日志"], workbook.Sheets.Select(s => s.Name));
        Assert.Contains("操作类型", workbook.Sheets[0].Header);
        Assert.Contains(workbook.Rows, r => r["用户"].Text == "manager@demo.local");
    }

    [Theory]
    [InlineData("reports/export/cases?from=29-11-2026", HttpStatusCode.BadRequest)]
    [InlineData("reports/export/cases?from=2026-11-02&to=2026-11-01", HttpStatusCode.BadRequest)]
    [InlineData("reports/export/nosuchtable", HttpStatusCode.NotFound)]
    public async Task Export_WithABadRequest_SaysSo(string path, HttpStatusCode expected)
    {
        using var client = await SignedInAsync("manager@demo.local");

        Assert.Equal(expected, (await client.GetAsync(path)).StatusCode);
    }

    private HttpClient Client() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
    {
        BaseAddress = app.BaseAddress,
    };

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = Client();
        await client.LoginAsync(email);
        return client;
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "aftersales.db")};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
