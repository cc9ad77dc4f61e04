using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Knowledge;
using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace AfterSalesDesk.Tests.Components.Knowledge;

/// <summary>The article form: messages at its fields, the article saved in the database, the service's refusal shown.</summary>
public sealed class ArticleDialogTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    [Fact]
    public async Task Empty_SaysWhatIsMissingAtTheFields_AndStaysOpen()
    {
        var supervisor = await SignInAsync("supervisor1@demo.local", Roles.Supervisor);
        var result = await OpenAsync("New article", new DialogParameters<ArticleDialog> { { d => d.Actor, supervisor } });

        Dialogs.Find("[data-testid=dialog-save]").Click();

        Dialogs.WaitForAssertion(() => Assert.Contains("Enter a title.", Dialogs.Markup));
        Assert.Contains("Enter the text.", Dialogs.Markup);
        Assert.False(result.IsCompleted, "the dialog stays open");
    }

    [Fact]
    public async Task Written_IsSavedUnpublishedWhenAsked_AndClosesWithItsId()
    {
        var supervisor = await SignInAsync("supervisor1@demo.local", Roles.Supervisor);
        var result = await OpenAsync("New article", new DialogParameters<ArticleDialog> { { d => d.Actor, supervisor } });

        Dialogs.Find("input[data-testid=article-title]").Change("Price protection");
        Dialogs.Find("input[data-testid=article-tags]").Change("price, 保价");
        Dialogs.Find("textarea[data-testid=article-body-input]").Change("Within 7 days of payment.");
        Dialogs.WaitForAssertion(() => Assert.Contains("25 / 20,000 characters", Dialogs.Find("[data-testid=article-body-input-counter]").TextContent));
        Dialogs.Find("input[data-testid=article-publish-input]").Change(false);
        Dialogs.Find("[data-testid=dialog-save]").Click();

        var closed = await result.WaitAsync(TimeSpan.FromSeconds(10));
        await using var db = App.CreateDbContext();
        var article = await db.Articles.SingleAsync(a => a.Title == "Price protection");
        Assert.Equal(article.Id, closed!.Data);
        Assert.False(article.IsPublished);
        Assert.Equal("price, 保价", article.Tags);
    }

    [Fact]
    public async Task AStaleEdit_ShowsTheServicesRefusal_AndKeepsTheOtherChange()
    {
        var supervisor = await SignInAsync("supervisor2@demo.local", Roles.Supervisor);
        var articles = Service<ArticleService>();
        var id = (await articles.CreateAsync(supervisor, new ArticleInput { Title = "Shipping insurance", Body = "Covered." })).ArticleId!.Value;
        var opened = (await articles.GetAsync(supervisor, id)).Article!;
        Assert.True((await articles.UpdateAsync(supervisor, id, new ArticleInput { Title = "Shipping insurance", Body = "Changed elsewhere." }, opened.Version)).Succeeded);
        var result = await OpenAsync("Edit article", new DialogParameters<ArticleDialog> { { d => d.Actor, supervisor }, { d => d.Existing, opened } });

        Dialogs.Find("textarea[data-testid=article-body-input]").Change("My change.");
        Dialogs.Find("[data-testid=dialog-save]").Click();

        Dialogs.WaitForAssertion(() => Assert.NotEmpty(Dialogs.Find("[data-testid=dialog-error]").TextContent.Trim()));
        Assert.False(result.IsCompleted);
        await using var db = App.CreateDbContext();
        Assert.Equal("Changed elsewhere.", await db.Articles.Where(a => a.Id == id).Select(a => a.Body).SingleAsync());
    }
}
