using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.Dashboard;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Audit;
using AfterSalesDesk.Web.Features.Orders;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Orders;

/// <summary>The orders list's and the audit trail's keyset pages over real SQLite: every row once, in order, both ways, within scope.</summary>
public sealed class OrderSearchTests(ComponentAppWithPages fixture) : IClassFixture<ComponentAppWithPages>
{
    private AppFactory App => fixture.App;

    [Fact]
    public async Task OrderPages_WalkEveryOrderOnceNewestFirst_ForwardsBackwardsAndFromTheLast()
    {
        var supervisor = await App.PrincipalAsync("supervisor1@demo.local", Roles.Supervisor);
        var orders = App.Get<OrderService>();
        List<long> expected;
        await using (var db = App.CreateDbContext())
        {
            expected = await db.Orders.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id).Select(o => o.Id).ToListAsync();
        }

        var query = new OrderQuery { Take = 7 };
        var first = (await orders.SearchAsync(supervisor, query))!;
        Assert.Equal((expected.Count, false, false, true), (first.Matches, first.MatchesCapped, first.HasPrevious, first.HasNext));

        var forwards = new List<long>();
        for (var page = first; ; page = (await orders.SearchAsync(supervisor, query with { After = page.LastRow }))!)
        {
            forwards.AddRange(page.Rows.Select(r => r.Id));
            Assert.Equal(forwards.Count > 7, page.HasPrevious);
            if (!page.HasNext)
            {
                break;
            }
        }

        var backwards = new List<long>();
        for (var page = (await orders.SearchAsync(supervisor, query with { Last = true }))!; ; page = (await orders.SearchAsync(supervisor, query with { Before = page.First }))!)
        {
            backwards.InsertRange(0, page.Rows.Select(r => r.Id));
            if (!page.HasPrevious)
            {
                break;
            }
        }

        Assert.Equal(expected, forwards);
        Assert.Equal(expected, backwards);
    }

    [Fact]
    public async Task OrderPages_ForAMerchant_HoldOnlyItsStore_EvenFromACursorOnAnotherStoresOrder()
    {
        var merchant = await App.PrincipalAsync("merchant1@demo.local", Roles.Merchant);
        var store = merchant.GetMerchantIdForTests();
        var orders = App.Get<OrderService>();
        await using var db = App.CreateDbContext();
        var own = await db.Orders.Where(o => o.MerchantId == store).OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id).Select(o => o.Id).ToListAsync();
        var other = await db.Orders.Where(o => o.MerchantId != store).OrderByDescending(o => o.CreatedAt).FirstAsync();

        var seen = new List<long>();
        for (var page = (await orders.SearchAsync(merchant, new OrderQuery { Take = 5 }))!; ; page = (await orders.SearchAsync(merchant, new OrderQuery { Take = 5, After = page.LastRow }))!)
        {
            seen.AddRange(page.Rows.Select(r => r.Id));
            if (!page.HasNext)
            {
                break;
            }
        }

        Assert.Equal(own, seen);
        var guessed = (await orders.SearchAsync(merchant, new OrderQuery { After = new KeysetCursor(other.CreatedAt.AddTicks(1), other.Id + 1) }))!;
        Assert.All(guessed.Rows, r => Assert.Contains(r.Id, own));
        Assert.Equal(0, (await orders.SearchAsync(merchant, new OrderQuery(MerchantId: other.MerchantId)))!.Matches);
        Assert.Equal(0L, await orders.CountAsync(merchant, new OrderQuery(MerchantId: other.MerchantId)));
    }

    [Fact]
    public async Task AuditPages_WalkTheTrailOnceNewestFirst_ForwardsAndFromTheLast()
    {
        var manager = await App.PrincipalAsync("manager@demo.local", Roles.Manager);
        var trail = App.Get<AuditService>();
        var query = new AuditQuery { Take = 9 };
        List<long> expected;
        await using (var db = App.CreateDbContext())
        {
            expected = await db.AuditEntries.OrderByDescending(e => e.Sequence).Select(e => e.Sequence).ToListAsync();
        }

        Assert.True(expected.Count > 20, "the demo data writes several pages of entries");
        var forwards = new List<long>();
        for (var page = (await trail.ListAsync(manager, query))!; ; page = (await trail.ListAsync(manager, query with { After = page.LastRow }))!)
        {
            Assert.Equal(Math.Min(expected.Count, Keyset.CountCap), page.Matches);
            forwards.AddRange(page.Rows.Select(r => r.Sequence));
            if (!page.HasNext)
            {
                break;
            }
        }

        var backwards = new List<long>();
        for (var page = (await trail.ListAsync(manager, query with { Last = true }))!; ; page = (await trail.ListAsync(manager, query with { Before = page.First }))!)
        {
            backwards.InsertRange(0, page.Rows.Select(r => r.Sequence));
            if (!page.HasPrevious)
            {
                break;
            }
        }

        Assert.Equal(expected, forwards);
        Assert.Equal(expected, backwards);
    }
}
