using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Knowledge;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Components.Knowledge;

/// <summary>An article's page: the text for readers, publishing and editing for supervisors, checked in the database.</summary>
public sealed class ArticlePageTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    [Fact]
    public async Task Agent_ReadsTheArticle_WithoutEditOrPublish()
    {
        await SignInAsync("agent1@demo.local", Roles.Agent);
        var id = await IdOfAsync("7-day no-reason return (七天无理由退货)");

        var page = RenderPage<ArticlePage>(p => p.Add(a => a.ArticleId, id));

        page.WaitForAssertion(() => Assert.Equal("7-day no-reason return (七天无理由退货)", page.Find("[data-testid=article-title]").TextContent.Trim()));
        Assert.Contains("Custom-made goods", page.Find("[data-testid=article-body]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=article-edit]"));
        Assert.Empty(page.FindAll("[data-testid=article-unpublish]"));
    }

    [Fact]
    public async Task Supervisor_UnpublishesAndPublishesAgain_InTheDatabase()
    {
        var supervisor = await SignInAsync("supervisor1@demo.local", Roles.Supervisor);
        var id = (await Service<ArticleService>().CreateAsync(supervisor, new ArticleInput { Title = "Lost parcels", Body = "Ask the carrier." })).ArticleId!.Value;
        var page = RenderPage<ArticlePage>(p => p.Add(a => a.ArticleId, id));

        page.WaitForElement("[data-testid=article-unpublish]").Click();

        page.WaitForElement("[data-testid=article-publish]");
        Assert.Contains("Unpublished", page.Find("[data-testid=article-unpublished]").TextContent);
        Assert.False(await PublishedAsync(id));
        Assert.Contains("Article unpublished.", Snackbars());

        page.Find("[data-testid=article-publish]").Click();
        page.WaitForElement("[data-testid=article-unpublish]");
        Assert.True(await PublishedAsync(id));
    }

    [Fact]
    public async Task Supervisor_EditsInTheDialog_AndThePageShowsTheNewText()
    {
        var supervisor = await SignInAsync("supervisor2@demo.local", Roles.Supervisor);
        var id = (await Service<ArticleService>().CreateAsync(supervisor, new ArticleInput { Title = "Wrong item sent", Body = "Send the right one." })).ArticleId!.Value;
        var page = RenderPage<ArticlePage>(p => p.Add(a => a.ArticleId, id));

        page.WaitForElement("[data-testid=article-edit]").Click();
        Dialogs.WaitForElement("textarea[data-testid=article-body-input]").Change("- Send the right one\n- Collect the wrong one");
        Dialogs.Find("[data-testid=dialog-save]").Click();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=article-body] li").Count));
        Assert.Contains("Article saved.", Snackbars());
    }

    [Fact]
    public async Task AnUnknownArticle_SaysNotFound()
    {
        await SignInAsync("agent2@demo.local", Roles.Agent);
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));

        var page = RenderPage<ArticlePage>(p => p.Add(a => a.ArticleId, 999_999));

        page.WaitForAssertion(() => Assert.Contains("Not found", page.Markup));
        Assert.Empty(page.FindAll("[data-testid=article-title]"));
    }

    private async Task<int> IdOfAsync(string title)
    {
        await using var db = App.CreateDbContext();
        return await db.Articles.Where(a => a.Title == title).Select(a => a.Id).SingleAsync();
    }

    private async Task<bool> PublishedAsync(int id)
    {
        await using var db = App.CreateDbContext();
        return await db.Articles.Where(a => a.Id == id).Select(a => a.IsPublished).SingleAsync();
    }
}
