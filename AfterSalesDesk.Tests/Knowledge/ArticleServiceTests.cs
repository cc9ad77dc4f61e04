using System.Security.Claims;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Knowledge;
using AfterSalesDesk.Web.Features.Knowledge;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Knowledge;

/// <summary>Knowledge-base search, reading, editing and links to cases, over real SQLite, as each role.</summary>
public class ArticleServiceTests(KnowledgeApp fixture) : IClassFixture<KnowledgeApp>
{
    private ArticleService Articles => fixture.App.Get<ArticleService>();

    [Fact]
    public async Task Search_WhenChineseText_FindsTitleBodyAndTagHits_TitleHitsFirst()
    {
        var supervisor = await SupervisorAsync();
        var agent = await AgentAsync();
        var inBody = await CreateAsync(supervisor, "Gift cards", "礼品卡售后甲乙：不退不换。");
        var inTags = await CreateAsync(supervisor, "Vouchers", "Vouchers cannot be refunded.", tags: "礼品卡售后甲乙");
        var inTitle = await CreateAsync(supervisor, "礼品卡售后甲乙规则", "Gift cards are final sale.");

        var listing = await Articles.SearchAsync(agent, new ArticleQuery("卡售后甲"));

        Assert.True(listing.Result.Succeeded);
        Assert.Equal(3, listing.Total);
        Assert.Equal(inTitle, listing.Rows[0].Id);
        Assert.Equal([inBody, inTags], listing.Rows.Skip(1).Select(r => r.Id).Order());
    }

    [Fact]
    public async Task Search_IgnoresLatinCase()
    {
        var supervisor = await SupervisorAsync();
        var id = await CreateAsync(supervisor, "Return Window QWXCASE", "Seven days.");

        var listing = await Articles.SearchAsync(await AgentAsync(), new ArticleQuery("window qwxcase"));

        Assert.Equal(id, Assert.Single(listing.Rows).Id);
    }

    [Fact]
    public async Task Search_WhenTextHasLikeWildcards_MatchesThemLiterally()
    {
        var supervisor = await SupervisorAsync();
        var agent = await AgentAsync();
        var percent = await CreateAsync(supervisor, "QWP5% deduction", "Five percent.");
        await CreateAsync(supervisor, "QWP50 deduction", "Fifty yuan.");
        var underscore = await CreateAsync(supervisor, "QWU_a code", "Underscore.");
        await CreateAsync(supervisor, "QWUba code", "No underscore.");
        var backslash = await CreateAsync(supervisor, @"QWB\% path", "Backslash.");
        await CreateAsync(supervisor, "QWB% path", "No backslash.");

        Assert.Equal(percent, Assert.Single((await Articles.SearchAsync(agent, new ArticleQuery("QWP5%"))).Rows).Id);
        Assert.Equal(underscore, Assert.Single((await Articles.SearchAsync(agent, new ArticleQuery("QWU_a"))).Rows).Id);
        Assert.Equal(backslash, Assert.Single((await Articles.SearchAsync(agent, new ArticleQuery(@"QWB\%"))).Rows).Id);
    }

    [Fact]
    public async Task Search_PagesAndNeverReturnsMoreThanFifty()
    {
        var supervisor = await SupervisorAsync();
        await using (var db = fixture.App.CreateDbContext())
        {
            db.AuditAs(AuditActor.System, "test.seed", fixture.App.Clock);
            for (var i = 0; i < 55; i++)
            {
                db.Articles.Add(Article.Create($"Bulk QWPAGE {i:D2}", "Text.", null, publish: true, "test", fixture.App.Clock.GetUtcNow()));
            }

            await db.SaveChangesAsync();
        }

        var first = await Articles.SearchAsync(supervisor, new ArticleQuery("QWPAGE", Take: 1000));
        var last = await Articles.SearchAsync(supervisor, new ArticleQuery("QWPAGE", Skip: 50, Take: 50));

        Assert.Equal((55, 50), (first.Total, first.Rows.Count));
        Assert.Equal(5, last.Rows.Count);
        Assert.Empty(first.Rows.Select(r => r.Id).Intersect(last.Rows.Select(r => r.Id)));
    }

    [Fact]
    public async Task Unpublished_IsHiddenFromAgentsAndManagers_ButSupervisorsSeeIt()
    {
        var supervisor = await SupervisorAsync();
        var id = await CreateAsync(supervisor, "Draft QWDRAFT", "Not yet in force.", publish: false);
        var agent = await AgentAsync();
        var manager = await fixture.App.PrincipalAsync("manager@demo.local", Roles.Manager);

        Assert.Empty((await Articles.SearchAsync(agent, new ArticleQuery("QWDRAFT", IncludeUnpublished: true))).Rows);
        Assert.Equal(ResultStatus.NotFound, (await Articles.GetAsync(manager, id)).Result.Status);
        Assert.Single((await Articles.SearchAsync(supervisor, new ArticleQuery("QWDRAFT", IncludeUnpublished: true))).Rows);
        Assert.Equal("Not yet in force.", (await Articles.GetAsync(supervisor, id)).Article!.Body);
    }

    [Fact]
    public async Task Merchant_CannotSearchOrReadArticles_AndTheAttemptIsAudited()
    {
        var merchant = await fixture.App.PrincipalAsync("merchant1@demo.local", Roles.Merchant);
        var anyId = (await Articles.SearchAsync(await AgentAsync(), new ArticleQuery())).Rows[0].Id;

        var search = await Articles.SearchAsync(merchant, new ArticleQuery());
        var read = await Articles.GetAsync(merchant, anyId);

        Assert.Equal((ResultStatus.Forbidden, 0), (search.Result.Status, search.Rows.Count));
        Assert.Equal(ResultStatus.Forbidden, read.Result.Status);
        Assert.Null(read.Article);
        await using var db = fixture.App.CreateDbContext();
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.UserName == "merchant1@demo.local" && e.Outcome == AuditOutcome.Denied && e.Action.StartsWith("article.")));
    }

    [Fact]
    public async Task Create_WhenAgent_IsForbidden_AndInvalidInputIsRefusedReadably()
    {
        var supervisor = await SupervisorAsync();

        var byAgent = await Articles.CreateAsync(await AgentAsync(), new ArticleInput { Title = "Mine", Body = "Text" });
        var tooLong = await Articles.CreateAsync(supervisor, new ArticleInput { Title = new string('t', 201), Body = "Text" });

        Assert.Equal(ResultStatus.Forbidden, byAgent.Result.Status);
        Assert.Equal(ResultStatus.Invalid, tooLong.Result.Status);
        Assert.Contains("at most 200 characters", tooLong.Result.Error);
    }

    [Fact]
    public async Task Update_WhenAnotherSupervisorSavedMeanwhile_IsAConflictNamingThem()
    {
        var first = await SupervisorAsync();
        var second = await fixture.App.PrincipalAsync("supervisor2@demo.local", Roles.Supervisor);
        var id = await CreateAsync(first, "Shared QWEDIT", "One.");
        var seen = (await Articles.GetAsync(second, id)).Article!;
        Assert.True((await Articles.UpdateAsync(first, id, new ArticleInput { Title = seen.Title, Body = "Two." }, seen.Version)).Succeeded);

        var result = await Articles.UpdateAsync(second, id, new ArticleInput { Title = seen.Title, Body = "Three." }, seen.Version);

        Assert.Equal(ResultStatus.Conflict, result.Status);
        Assert.Contains("changed by supervisor1@demo.local", result.Error);
        Assert.Equal("Two.", (await Articles.GetAsync(second, id)).Article!.Body);
    }

    [Fact]
    public async Task Link_WhenDoneTwiceOrAtOnce_LeavesOneLink_AndUnlinkRemovesIt()
    {
        var (caseId, _) = await SomeCaseAsync();
        var agent = await AgentAsync();
        var articleId = await CreateAsync(await SupervisorAsync(), "Linked QWLINK", "Text.");

        var results = await Task.WhenAll(
            fixture.App.Get<ArticleService>().LinkAsync(agent, caseId, articleId),
            Articles.LinkAsync(agent, caseId, articleId));
        var again = await Articles.LinkAsync(agent, caseId, articleId);

        Assert.All(results.Append(again), r => Assert.True(r.Succeeded, r.Error));
        var linked = await Articles.LinkedAsync(agent, caseId);
        Assert.True(linked.CanChange);
        var row = Assert.Single(linked.Rows, r => r.ArticleId == articleId);
        Assert.Equal(("Linked QWLINK", "agent1@demo.local"), (row.Title, row.LinkedBy));
        await using (var db = fixture.App.CreateDbContext())
        {
            var link = await db.CaseArticleLinks.SingleAsync(l => l.CaseId == caseId && l.ArticleId == articleId);
            Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "case.article.link" && e.EntityType == "CaseArticleLink" && e.EntityId == link.Id.ToString()));
        }

        Assert.True((await Articles.UnlinkAsync(agent, caseId, articleId)).Succeeded);
        Assert.DoesNotContain((await Articles.LinkedAsync(agent, caseId)).Rows, r => r.ArticleId == articleId);
    }

    [Fact]
    public async Task Link_WhenArticleUnpublished_IsNotFound()
    {
        var (caseId, _) = await SomeCaseAsync();
        var articleId = await CreateAsync(await SupervisorAsync(), "Draft QWLINKDRAFT", "Text.", publish: false);

        var result = await Articles.LinkAsync(await AgentAsync(), caseId, articleId);

        Assert.Equal(ResultStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task Merchant_OnOwnCase_CannotLinkOrSeeLinks_OnAnotherStoresCase_GetsNotFound()
    {
        var (caseId, merchantId) = await SomeCaseAsync();
        var articleId = await CreateAsync(await SupervisorAsync(), "Merchant probe QWMERCH", "Text.");
        Assert.True((await Articles.LinkAsync(await AgentAsync(), caseId, articleId)).Succeeded);
        await using var db = fixture.App.CreateDbContext();
        var ownerEmail = await db.Users.Where(u => u.MerchantId == merchantId).Select(u => u.Email!).FirstAsync();
        var otherEmail = await db.Users.Where(u => u.MerchantId != null && u.MerchantId != merchantId).Select(u => u.Email!).FirstAsync();
        var owner = await fixture.App.PrincipalAsync(ownerEmail, Roles.Merchant);
        var other = await fixture.App.PrincipalAsync(otherEmail, Roles.Merchant);

        var ownList = await Articles.LinkedAsync(owner, caseId);
        var ownLink = await Articles.LinkAsync(owner, caseId, articleId);
        var ownUnlink = await Articles.UnlinkAsync(owner, caseId, articleId);
        var otherList = await Articles.LinkedAsync(other, caseId);
        var otherLink = await Articles.LinkAsync(other, caseId, articleId);

        Assert.Equal((ResultStatus.Forbidden, 0), (ownList.Result.Status, ownList.Rows.Count));
        Assert.Equal(ResultStatus.Forbidden, ownLink.Status);
        Assert.Equal(ResultStatus.Forbidden, ownUnlink.Status);
        Assert.Equal((ResultStatus.NotFound, 0), (otherList.Result.Status, otherList.Rows.Count));
        Assert.Equal(ResultStatus.NotFound, otherLink.Status);
        Assert.Equal(1, await db.CaseArticleLinks.CountAsync(l => l.CaseId == caseId && l.ArticleId == articleId));
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.UserName == otherEmail && e.Outcome == AuditOutcome.Denied && e.EntityType == "AfterSalesCase" && e.EntityId == caseId.ToString()));
        Assert.Equal(3, await db.AuditEntries.CountAsync(e => e.UserName == ownerEmail && e.Outcome == AuditOutcome.Denied && e.EntityType == "AfterSalesCase" && e.EntityId == caseId.ToString()));
    }

    [Fact]
    public async Task Manager_SeesLinks_ButCannotChangeThem()
    {
        var (caseId, _) = await SomeCaseAsync();
        var manager = await fixture.App.PrincipalAsync("manager@demo.local", Roles.Manager);
        var articleId = await CreateAsync(await SupervisorAsync(), "Manager view QWMGR", "Text.");
        Assert.True((await Articles.LinkAsync(await SupervisorAsync(), caseId, articleId)).Succeeded);

        var linked = await Articles.LinkedAsync(manager, caseId);
        var link = await Articles.LinkAsync(manager, caseId, articleId);

        Assert.True(linked.Result.Succeeded);
        Assert.False(linked.CanChange);
        Assert.Contains(linked.Rows, r => r.ArticleId == articleId);
        Assert.Equal(ResultStatus.Forbidden, link.Status);
    }

    [Fact]
    public async Task Link_WhenCaseMissing_IsNotFound()
    {
        var articleId = (await Articles.SearchAsync(await AgentAsync(), new ArticleQuery())).Rows[0].Id;

        Assert.Equal(ResultStatus.NotFound, (await Articles.LinkAsync(await AgentAsync(), 987_654_321, articleId)).Status);
    }

    private Task<ClaimsPrincipal> SupervisorAsync() => fixture.App.PrincipalAsync("supervisor1@demo.local", Roles.Supervisor);

    private Task<ClaimsPrincipal> AgentAsync() => fixture.App.PrincipalAsync("agent1@demo.local", Roles.Agent);

    private async Task<int> CreateAsync(ClaimsPrincipal supervisor, string title, string body, string? tags = null, bool publish = true)
    {
        var saved = await Articles.CreateAsync(supervisor, new ArticleInput { Title = title, Body = body, Tags = tags, Publish = publish });
        Assert.True(saved.Result.Succeeded, saved.Result.Error);
        return saved.ArticleId!.Value;
    }

    private async Task<(long CaseId, int MerchantId)> SomeCaseAsync()
    {
        await using var db = fixture.App.CreateDbContext();
        var found = await db.Cases.OrderBy(c => c.Id).Select(c => new { c.Id, c.MerchantId }).FirstAsync();
        return (found.Id, found.MerchantId);
    }
}
