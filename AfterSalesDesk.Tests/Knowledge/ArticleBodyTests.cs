using AfterSalesDesk.Web.Features.Knowledge;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AfterSalesDesk.Tests.Knowledge;

/// <summary>Article text becomes headings, paragraphs and lists, and never markup of its own.</summary>
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
        var html = await RenderAsync("# Rule <b>7</b>\nClick <a href=\"javascript:alert(1)\">here</a>\n\n- <script>alert('x')</script>");

        Assert.Contains("<h3>Rule &lt;b&gt;7&lt;/b&gt;</h3>", html);
        Assert.Contains("Click &lt;a href=&quot;javascript:alert(1)&quot;&gt;here&lt;/a&gt;", html);
        Assert.Contains("<li>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;</li>", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<a ", html);
    }

    [Fact]
    public async Task Render_KeepsLineBreaksInsideAParagraph()
    {
        var html = await RenderAsync("七天无理由退货\n签收之日起七日内");
        var decoded = System.Net.WebUtility.HtmlDecode(html);

        Assert.Equal("<p>七天无理由退货<br>签收之日起七日内</p>", System.Text.RegularExpressions.Regex.Match(decoded, "<p>.*?</p>", System.Text.RegularExpressions.RegexOptions.Singleline).Value.Replace("\n", "").Replace(" ", ""));
    }

    private static async Task<string> RenderAsync(string body)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddLocalization();
        await using var provider = services.BuildServiceProvider();
        await using var renderer = new HtmlRenderer(provider, provider.GetRequiredService<ILoggerFactory>());
        return await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<ArticleBody>(ParameterView.FromDictionary(new Dictionary<string, object?> { [nameof(ArticleBody.Body)] = body }))).ToHtmlString());
    }
}
