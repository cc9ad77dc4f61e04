using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Reports;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.Extensions.Localization;

namespace AfterSalesDesk.Tests.Reports;

/// <summary>The shared machinery of a table definition: reading on its own thread, failures coming through.</summary>
public class ReportTableTests(ReportsApp fixture) : IClassFixture<ReportsApp>
{
    [Fact]
    public async Task Write_WhenReadingFailsMidway_ThrowsTheReadersOwnExceptionAndStops()
    {
        var failing = new ReportTable<AfterSalesCase, string>(
            "failing", "After-sales cases", "",
            db => db.Cases,
            c => c.MerchantId,
            c => c.CreatedAt,
            (_, cases) => cases.OrderBy(c => c.Id).Select(c => Fail(c.CaseNo)),
            _ => [ReportColumn<string>.Text("Case", 10, r => r)]);
        var manager = await fixture.App.PrincipalAsync("manager@demo.local", Roles.Manager);
        await using var db = fixture.App.CreateDbContext();
        using var buffer = new ResponseBuffer();
        await using var writer = await XlsxWriter.CreateAsync(buffer);
        var written = 0;

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => failing.WriteAsync(
            db, new ReportScope(CaseAccess.For(manager), null, null, null), fixture.App.Get<IStringLocalizer<AfterSalesDesk.Web.Resources.SharedResource>>(),
            writer, () =>
            {
                written++;
                return ValueTask.CompletedTask;
            }, CancellationToken.None));

        Assert.Equal("the third case cannot be read", failure.Message);
        Assert.InRange(written, 0, 2); // rows come over in batches: those before the failure may or may not be written
    }

    private static int seen;

    /// <summary>Evaluated by EF Core in the final projection, row by row: the third row fails.</summary>
    private static string Fail(string caseNo) =>
        Interlocked.Increment(ref seen) == 3 ? throw new InvalidOperationException("the third case cannot be read") : caseNo;
}
