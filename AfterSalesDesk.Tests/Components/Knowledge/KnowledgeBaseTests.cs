using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Knowledge;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSalesDesk.Tests.Components.Knowledge;

/// <summary>The knowledge-base search per role, over the demo articles in a real database.</summary>
public sealed class KnowledgeBaseTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    [Fact]
    public async Task Agent_FindsAPolicyBySearch_AndSeesNeitherNewArticleNorUnpublished()
    {
        var supervisor = await App.PrincipalAsync("supervisor1@demo.local", Roles.Supervisor);
        var draft = await Service<ArticleService>().CreateAsync(supervisor, new ArticleInput { Title = "Draft on gift cards", Body = "Not yet.", Publish = false });
        Assert.True(draft.Result.Succeeded);
        await SignInAsync("agent1@demo.local", Roles.Agent);
        var page = RenderKb();

        Assert.Empty(page.FindAll("[data-testid=new-article]"));
        Assert.Empty(page.FindAll("[data-testid=kb-show-unpublished]"));

        page.Find("input[data-testid=kb-search]").Change("七天无理由");
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=kb-hit]")));
        Assert.Contains("7-day no-reason return", page.Find("[data-testid=kb-hit]").TextContent);

        page.Find("input[data-testid=kb-search]").Change("Draft on gift cards");
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=kb-empty]")));
    }

    [Fact]
    public async Task Supervisor_SeesUnpublishedWhenAsked_AndANewArticleOpensItsPage()
    {
        var supervisor = await SignInAsync("supervisor2@demo.local", Roles.Supervisor);
        Assert.True((await Service<ArticleService>().CreateAsync(supervisor, new ArticleInput { Title = "Draft on coupons", Body = "Later.", Publish = false })).Result.Succeeded);
        var page = RenderKb();
        page.Find("input[data-testid=kb-search]").Change("Draft on coupons");
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=kb-empty]")));

        page.Find("input[data-testid=kb-show-unpublished]").Change(true);

        page.WaitForAssertion(() => Assert.Contains("Unpublished", page.Find("[data-testid=kb-hit]").TextContent));

        page.Find("[data-testid=new-article]").Click();
        Dialogs.WaitForElement("input[data-testid=article-title]").Change("Invoices after a refund");
        Dialogs.Find("textarea[data-testid=article-body-input]").Change("# Invoices\nA refunded order gets a red invoice.");
        Dialogs.Find("[data-testid=dialog-save]").Click();

        await using var db = App.CreateDbContext();
        var id = await db.Articles.Where(a => a.Title == "Invoices after a refund").Select(a => a.Id).SingleAsync();
        page.WaitForAssertion(() => Assert.EndsWith($"kb/{id}", Services.GetRequiredService<NavigationManager>().Uri));
    }

    [Fact]
    public async Task Pages_TenHitsEach_WithoutRepeatingAnArticle()
    {
        var supervisor = await SignInAsync("supervisor1@demo.local", Roles.Supervisor);
        for (var i = 0; i < 11; i++)
        {
            Assert.True((await Service<ArticleService>().CreateAsync(supervisor, new ArticleInput { Title = $"Paging note {i:00}", Body = "Paging note body.", Publish = true })).Result.Succeeded);
        }

        var page = RenderKb();
        page.Find("input[data-testid=kb-search]").Change("Paging note");
        page.WaitForAssertion(() => Assert.Equal(10, page.FindAll("[data-testid=kb-hit]").Count));
        var first = Titles(page);

        page.FindAll("[data-testid=kb-pager] button").Single(b => b.TextContent.Trim() == "2").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=kb-hit]")));
        Assert.DoesNotContain(Titles(page)[0], first);
        Assert.Contains("11 articles", page.Find("[data-testid=kb-count]").TextContent);
    }

    private IRenderedComponent<KnowledgeBase> RenderKb()
    {
        var page = RenderPage<KnowledgeBase>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=kb-hit]")));
        return page;
    }

    private static List<string> Titles(IRenderedComponent<KnowledgeBase> page) =>
        [.. page.FindAll("[data-testid=kb-hit] .kb-hit-title").Select(a => a.TextContent.Trim())];
}
