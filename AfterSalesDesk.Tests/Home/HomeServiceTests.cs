using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Home;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Home;

/// <summary>Home pages count what the role may see: a merchant only its own store.</summary>
public class HomeServiceTests : IDisposable
{
    private readonly AppFactory app = new(settings: new Dictionary<string, string?> { ["Demo:Orders"] = "1200" });

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Merchant_CountsOnlyItsOwnStoresOrdersAndOpenCases()
    {
        var merchant = await app.PrincipalAsync("merchant1@demo.local", Roles.Merchant);
        await using var db = app.CreateDbContext();
        var merchantId = await db.Users.Where(u => u.Email == "merchant1@demo.local").Select(u => u.MerchantId).SingleAsync();

        var summary = await app.Get<HomeService>().GetAsync(merchant);

        Assert.Equal(await db.Orders.CountAsync(o => o.MerchantId == merchantId), summary.OrdersByStatus.Sum(s => s.Count));
        Assert.True(summary.OrdersByStatus.Sum(s => s.Count) < await db.Orders.CountAsync());
        Assert.Equal(
            await db.Cases.CountAsync(c => c.MerchantId == merchantId && c.Status != CaseStatus.Closed && c.Status != CaseStatus.CancelledByBuyer
                && c.Status != CaseStatus.Resolved && c.Status != CaseStatus.Refunded),
            summary.OpenCases.Sum(c => c.Count));
        Assert.Empty(summary.UsersByRole);
        Assert.All(summary.Team, member => Assert.Equal(Roles.Merchant, member.Role));
    }

    [Fact]
    public async Task Agent_SeesAllOpenCasesButNoAccountStatistics()
    {
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        await using var db = app.CreateDbContext();

        var summary = await app.Get<HomeService>().GetAsync(agent);

        Assert.Equal(await db.Cases.CountAsync(c => c.Status != CaseStatus.Closed && c.Status != CaseStatus.CancelledByBuyer
            && c.Status != CaseStatus.Resolved && c.Status != CaseStatus.Refunded), summary.OpenCases.Sum(c => c.Count));
        Assert.True(summary.OpenCases.Count > 5);
        Assert.Empty(summary.UsersByRole);
        // Refunded and resolved cases are done (the demo has both): "open" lists only cases that still need work.
        Assert.True(await db.Cases.AnyAsync(c => c.Status == CaseStatus.Refunded) && await db.Cases.AnyAsync(c => c.Status == CaseStatus.Resolved));
        Assert.DoesNotContain(summary.OpenCases, c => c.Status is CaseStatus.Closed or CaseStatus.CancelledByBuyer or CaseStatus.Resolved or CaseStatus.Refunded);
    }
}
