using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Knowledge;
using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace AfterSalesDesk.Tests.Components.Knowledge;

/// <summary>The case page's articles card: agents link and unlink, managers only read, merchants see nothing.</summary>
public sealed class CaseArticlesTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    [Fact]
    public async Task Agent_FindsAndLinksAnArticle_ThenUnlinksIt_InTheDatabase()
    {
        await SignInAsync("agent1@demo.local", Roles.Agent);
        var caseId = await CaseIdAsync(0);
        var card = RenderPage<CaseArticles>(p => p.Add(c => c.CaseId, caseId));
        card.WaitForElement("[data-testid=case-articles]");
        Assert.True(card.Find("[data-testid=case-article-link]").HasAttribute("disabled"));
        var search = card.FindComponent<MudAutocomplete<ArticleRow>>();

        var found = (await search.Instance.SearchFunc!("Refund timelines", CancellationToken.None)!)!.ToList();
        Assert.Contains(found, a => a.Title == "Refund timelines");
        await card.InvokeAsync(() => search.Instance.SelectOptionAsync(found.First(a => a.Title == "Refund timelines")));
        card.Find("[data-testid=case-article-link]").Click();

        card.WaitForAssertion(() => Assert.Contains("Refund timelines", card.Find("[data-testid=case-article]").TextContent));
        var articleId = found.First(a => a.Title == "Refund timelines").Id;
        Assert.True(await LinkedAsync(caseId, articleId));

        card.Find($"[data-testid=case-article-unlink-{articleId}]").Click();
        card.WaitForAssertion(() => Assert.Empty(card.FindAll("[data-testid=case-article]")));
        Assert.False(await LinkedAsync(caseId, articleId));
    }

    [Fact]
    public async Task Manager_SeesTheLinks_WithoutSearchOrUnlink()
    {
        var agent = await App.PrincipalAsync("agent2@demo.local", Roles.Agent);
        var caseId = await CaseIdAsync(1);
        var article = (await Service<ArticleService>().SearchAsync(agent, new ArticleQuery("Refund timelines"))).Rows.First();
        Assert.True((await Service<ArticleService>().LinkAsync(agent, caseId, article.Id)).Succeeded);
        await SignInAsync("manager@demo.local", Roles.Manager);

        var card = RenderPage<CaseArticles>(p => p.Add(c => c.CaseId, caseId));

        card.WaitForAssertion(() => Assert.Contains("Refund timelines", card.Find("[data-testid=case-article]").TextContent));
        Assert.Empty(card.FindAll("[data-testid=case-article-search]"));
        Assert.Empty(card.FindAll("[data-testid^=case-article-unlink-]"));
    }

    [Fact]
    public async Task Merchant_SeesNothing()
    {
        await SignInAsync("merchant1@demo.local", Roles.Merchant);

        var card = RenderPage<CaseArticles>(p => p.Add(c => c.CaseId, 1L));

        Assert.Empty(card.FindAll("[data-testid=case-articles]"));
    }

    private async Task<long> CaseIdAsync(int index)
    {
        await using var db = App.CreateDbContext();
        return await db.Cases.OrderBy(c => c.Id).Select(c => c.Id).Skip(index).FirstAsync();
    }

    private async Task<bool> LinkedAsync(long caseId, int articleId)
    {
        await using var db = App.CreateDbContext();
        return await db.CaseArticleLinks.AnyAsync(l => l.CaseId == caseId && l.ArticleId == articleId);
    }
}
