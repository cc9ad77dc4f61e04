using System.Security.Claims;
using AfterSalesDesk.Data.Complaints;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Infrastructure;
using AfterSalesDesk.Web.Features.Complaints;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Complaints;

/// <summary>The complaints list's keyset pages, capped counts and store scope, over real SQLite.</summary>
public sealed class ComplaintListServiceTests(WorkedCasesApp fixture) : IClassFixture<WorkedCasesApp>
{
    private AppFactory App => fixture.App;

    private ComplaintListService Lists => App.Get<ComplaintListService>();

    [Fact]
    public async Task Pages_WalkAStoresComplaintsOnceNewestFirst_ForwardsBackwardsAndToTheLast()
    {
        var store = await StoreOfAsync("merchant2@demo.local");
        // Four opened at the same instant (the id breaks the tie), four a minute apart.
        await OpenAsync(store, 4);
        for (var i = 0; i < 4; i++)
        {
            App.Clock.Advance(TimeSpan.FromMinutes(1));
            await OpenAsync(store, 1);
        }

        var supervisor = await App.PrincipalAsync("supervisor1@demo.local", Roles.Supervisor);
        var query = new ComplaintListQuery(MerchantId: store) { Take = 3 };
        List<long> expected;
        await using (var db = App.CreateDbContext())
        {
            expected = await db.Complaints.Where(c => c.MerchantId == store).OrderByDescending(c => c.OpenedAt).ThenByDescending(c => c.Id).Select(c => c.Id).ToListAsync();
        }

        var pages = new List<ComplaintListPage>();
        for (KeysetCursor? after = null; pages.Count == 0 || after is not null;)
        {
            var page = await Lists.PageAsync(supervisor, query with { After = after });
            pages.Add(page);
            after = page.HasNext ? page.LastRow : null;
        }

        Assert.True(pages.Count >= 3, $"{expected.Count} complaints make several pages of 3");
        Assert.Equal(expected, pages.SelectMany(p => p.Rows).Select(r => r.Id));
        Assert.All(pages, p => Assert.Equal((expected.Count, false), (p.Matches, p.MatchesCapped)));
        Assert.False(pages[0].HasPrevious);
        Assert.All(pages.Skip(1), p => Assert.True(p.HasPrevious));

        var previous = await Lists.PageAsync(supervisor, query with { Before = pages[2].First });
        Assert.Equal(pages[1].Rows.Select(r => r.Id), previous.Rows.Select(r => r.Id));
        Assert.True(previous is { HasNext: true, HasPrevious: true });

        var last = await Lists.PageAsync(supervisor, query with { Last = true });
        Assert.Equal(expected.TakeLast(3), last.Rows.Select(r => r.Id));
        Assert.True(last is { HasNext: false, HasPrevious: true });
    }

    [Fact]
    public async Task AMerchant_PagesOnlyItsOwnStore_AndTheStatusFilterNarrowsOnTheServer()
    {
        var own = await StoreOfAsync("merchant1@demo.local");
        var other = await StoreOfAsync("merchant2@demo.local");
        await OpenAsync(own, 2);
        await OpenAsync(other, 1);
        var merchant = await App.PrincipalAsync("merchant1@demo.local", Roles.Merchant);
        await using var db = App.CreateDbContext();
        var ownName = await db.Merchants.Where(m => m.Id == own).Select(m => m.Name).SingleAsync();

        var page = await Lists.PageAsync(merchant, new ComplaintListQuery { Take = ComplaintListService.MaxTake });

        Assert.Equal(await db.Complaints.CountAsync(c => c.MerchantId == own), page.Matches);
        Assert.All(page.Rows, r => Assert.Equal(ownName, r.Merchant));
        Assert.Empty((await Lists.PageAsync(merchant, new ComplaintListQuery(MerchantId: other))).Rows);
        Assert.Equal(0, (await Lists.PageAsync(merchant, new ComplaintListQuery(MerchantId: other))).Matches);

        var awaiting = await Lists.PageAsync(merchant, new ComplaintListQuery(ComplaintStatus.AwaitingMerchantEvidence));
        Assert.Equal(await db.Complaints.CountAsync(c => c.MerchantId == own && c.Status == ComplaintStatus.AwaitingMerchantEvidence), awaiting.Matches);
        Assert.All(awaiting.Rows, r => Assert.Equal(ComplaintStatus.AwaitingMerchantEvidence, r.Status));
    }

    [Fact]
    public async Task Matches_AreCountedUpToTheCap_AndTheLastPageIsStillReached()
    {
        var store = await ThirdStoreAsync();
        var model = await OpenAsync(store, 1);
        // A thousand and one copies of that complaint, straight into the table: the service's count stops at the cap.
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(App.DataDirectory, "aftersales.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """SELECT name FROM pragma_table_info('Complaints') WHERE name NOT IN ('Id', 'ComplaintNo')""";
            var columns = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    columns.Add($"\"{reader.GetString(0)}\"");
                }
            }

            command.CommandText = $"""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {ComplaintListService.CountCap + 1})
                INSERT INTO "Complaints" ("ComplaintNo", {string.Join(", ", columns)})
                SELECT 'CAP' || i, {string.Join(", ", columns)} FROM "Complaints", n WHERE "Id" = {model}
                """;
            Assert.Equal(ComplaintListService.CountCap + 1, await command.ExecuteNonQueryAsync());
        }

        var manager = await App.PrincipalAsync("manager@demo.local", Roles.Manager);
        var query = new ComplaintListQuery(MerchantId: store);

        var first = await Lists.PageAsync(manager, query);
        var last = await Lists.PageAsync(manager, query with { Last = true });

        Assert.Equal((ComplaintListService.CountCap, true, 25, true), (first.Matches, first.MatchesCapped, first.Rows.Count, first.HasNext));
        Assert.Equal((25, false, true), (last.Rows.Count, last.HasNext, last.HasPrevious));
        Assert.Empty(first.Rows.Select(r => r.Id).Intersect(last.Rows.Select(r => r.Id)));
        Assert.True(await Lists.CountAsync(manager, query) > ComplaintListService.CountCap, "the dashboard's count is exact");
    }

    private async Task<int> StoreOfAsync(string email)
    {
        await using var db = App.CreateDbContext();
        return await db.Users.Where(u => u.Email == email).Select(u => u.MerchantId!.Value).SingleAsync();
    }

    /// <summary>A store with orders that is neither merchant1's nor merchant2's (the other tests' stores).</summary>
    private async Task<int> ThirdStoreAsync()
    {
        var taken = new[] { await StoreOfAsync("merchant1@demo.local"), await StoreOfAsync("merchant2@demo.local") };
        await using var db = App.CreateDbContext();
        return await db.Orders.Where(o => !taken.Contains(o.MerchantId)).Select(o => o.MerchantId).FirstAsync();
    }

    /// <summary>Opens complaints through the service on the store's orders, as an agent; returns the last one's id.</summary>
    private async Task<long> OpenAsync(int store, int count)
    {
        ClaimsPrincipal agent = await fixture.AgentAsync();
        await using var db = App.CreateDbContext();
        var orderNo = await db.Orders.Where(o => o.MerchantId == store).OrderBy(o => o.Id).Select(o => o.OrderNo).FirstAsync();
        long id = 0;
        for (var i = 0; i < count; i++)
        {
            var opened = await App.Get<ComplaintService>().OpenAsync(agent, new OpenComplaintInput { OrderNo = orderNo, Summary = $"Complaint {i} about store {store}." });
            Assert.True(opened.Result.Succeeded, opened.Result.Error);
            id = opened.ComplaintId!.Value;
        }

        return id;
    }
}
