using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Components.Shared;
using Bunit;

namespace AfterSalesDesk.Tests.Components.Shared;

/// <summary>The shared pager of the keyset lists: which moves it offers, the page number it keeps, the count it shows.</summary>
public sealed class KeysetPagerTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    private readonly List<string> moves = [];

    [Fact]
    public void OnTheFirstPage_OnlyNextAndLastAreOffered_AndTheCountShowsUnderItsTestId()
    {
        var pager = RenderPager(hasPrevious: false, hasNext: true);

        Assert.True(pager.Find("button[data-testid=page-first]").HasAttribute("disabled"));
        Assert.True(pager.Find("button[data-testid=page-prev]").HasAttribute("disabled"));
        Assert.False(pager.Find("button[data-testid=page-next]").HasAttribute("disabled"));
        Assert.False(pager.Find("button[data-testid=page-last]").HasAttribute("disabled"));
        Assert.Equal("Page 1", pager.Find("[data-testid=page-number]").TextContent.Trim());
        Assert.Equal("60 things", pager.Find("[data-testid=things-matches]").TextContent.Trim());
        Assert.Equal("Next page", pager.Find("button[data-testid=page-next]").GetAttribute("aria-label"));
    }

    [Fact]
    public void NextAndPrevious_CountThePages_AndRunTheListsMoves()
    {
        var pager = RenderPager(hasPrevious: false, hasNext: true);

        pager.Find("button[data-testid=page-next]").Click();
        pager.Render(p => p.Add(c => c.HasPrevious, true));
        pager.Find("button[data-testid=page-next]").Click();

        Assert.Equal("Page 3", pager.Find("[data-testid=page-number]").TextContent.Trim());
        pager.Find("button[data-testid=page-prev]").Click();
        Assert.Equal("Page 2", pager.Find("[data-testid=page-number]").TextContent.Trim());
        Assert.Equal(["next", "next", "previous"], moves);
    }

    [Fact]
    public void TheLastPage_HasNoKnownNumber_UntilWalkingBackReachesAPageWithNoneBefore()
    {
        var pager = RenderPager(hasPrevious: false, hasNext: true);

        pager.Find("button[data-testid=page-last]").Click();
        pager.Render(p => p.Add(c => c.HasPrevious, true).Add(c => c.HasNext, false));
        Assert.Equal("Page …", pager.Find("[data-testid=page-number]").TextContent.Trim());
        Assert.True(pager.Find("button[data-testid=page-next]").HasAttribute("disabled"));

        pager.Find("button[data-testid=page-prev]").Click();
        Assert.Equal("Page …", pager.Find("[data-testid=page-number]").TextContent.Trim());
        pager.Render(p => p.Add(c => c.HasPrevious, false).Add(c => c.HasNext, true)); // the list found no page before this one

        Assert.Equal("Page 1", pager.Find("[data-testid=page-number]").TextContent.Trim());
        Assert.Equal(["last", "previous"], moves);
    }

    [Fact]
    public void AFilterThatGoesBackToTheFirstPage_NumbersItOne_AndFirstDoesToo()
    {
        var pager = RenderPager(hasPrevious: false, hasNext: true);
        pager.Find("button[data-testid=page-next]").Click();
        pager.Render(p => p.Add(c => c.HasPrevious, true));
        pager.Find("button[data-testid=page-next]").Click();

        pager.Find("button[data-testid=page-first]").Click();
        Assert.Equal("Page 1", pager.Find("[data-testid=page-number]").TextContent.Trim());

        pager.Find("button[data-testid=page-next]").Click();
        pager.Render(p => p.Add(c => c.HasPrevious, false)); // a filter changed: the list shows its first page
        Assert.Equal("Page 1", pager.Find("[data-testid=page-number]").TextContent.Trim());
        Assert.Equal(["next", "next", "first", "next"], moves);
    }

    [Fact]
    public void WhileTheListRunsACommand_EveryMoveIsDisabled()
    {
        var pager = RenderPager(hasPrevious: true, hasNext: true, disabled: true);

        Assert.All(pager.FindAll("button"), button => Assert.True(button.HasAttribute("disabled")));
    }

    private IRenderedComponent<KeysetPager> RenderPager(bool hasPrevious, bool hasNext, bool disabled = false) =>
        RenderPage<KeysetPager>(p => p
            .Add(c => c.HasPrevious, hasPrevious)
            .Add(c => c.HasNext, hasNext)
            .Add(c => c.Disabled, disabled)
            .Add(c => c.Matches, "60 things")
            .Add(c => c.MatchesTestId, "things-matches")
            .Add(c => c.OnFirst, () => moves.Add("first"))
            .Add(c => c.OnPrevious, () => moves.Add("previous"))
            .Add(c => c.OnNext, () => moves.Add("next"))
            .Add(c => c.OnLast, () => moves.Add("last")));
}
