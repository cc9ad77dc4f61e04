using AfterSalesDesk.Web.Features.Knowledge;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSalesDesk.Tests.Knowledge;

/// <summary>Article text becomes headings, paragraphs and lists, and never markup of its own (rendered by bunit).</summary>
public class ArticleBodyTests
{
    [Fact]
    public void Parse_SplitsHeadingsParagraphsAndLists()
    {
        var blocks = ArticleText.Parse("# Exceptions\r\nFirst line\nsecond line\n\n- Fresh food\n* Custom goods\nAfter the list\n\n\n## 运费\n#hashtag is text");

        Assert.Equal(
            [
                (ArticleBlockKind.Heading, "Exceptions"),
                (ArticleBlockKind.Paragraph, "First line|second line"),
                (ArticleBlockKind.List, "Fresh food|Custom goods"),
                (ArticleBlockKind.Paragraph, "After the list"),
                (ArticleBlockKind.Heading, "运费"),
                (ArticleBlockKind.Paragraph, "#hashtag is text"),
            ],
            blocks.Select(b => (b.Kind, string.Join("|", b.Lines))));
    }

    [Fact]
    public async Task Render_WhenBodyHoldsHtml_ShowsItAsTextNeverAsMarkup()
    {
        await using var context = NewContext();
        var article = context.Render<ArticleBody>(p => p.Add(a => a.Body, "# Rule <b>7</b>\nClick <a href=\"javascript:alert(1)\">here</a>\n\n- <script>alert('x')</script>"));

        Assert.Equal("Rule <b>7</b>", article.Find("h3").TextContent);
        Assert.Contains("Click <a href=\"javascript:alert(1)\">here</a>", article.Find("p").TextContent);
        Assert.Equal("<script>alert('x')</script>", article.Find("li").TextContent);
        Assert.Empty(article.FindAll("script"));
        Assert.Empty(article.FindAll("a"));
        Assert.Empty(article.FindAll("b"));
    }

    [Fact]
    public async Task Render_KeepsLineBreaksInsideAParagraph()
    {
        await using var context = NewContext();
        var article = context.Render<ArticleBody>(p => p.Add(a => a.Body, "七天无理由退货\n签收之日起七日内"));

        var paragraph = article.Find("p");
        Assert.Equal(["七天无理由退货", "签收之日起七日内"], paragraph.ChildNodes.Where(n => n.NodeType == AngleSharp.Dom.NodeType.Text).Select(n => n.TextContent.Trim()).Where(t => t.Length > 0));
        Assert.Single(paragraph.QuerySelectorAll("br"));
    }

    private static BunitContext NewContext()
    {
        var context = new BunitContext();
        context.Services.AddLocalization();
        return context;
    }
}
