using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Components.Shared;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace AfterSalesDesk.Tests.Components.Shared;

/// <summary>
/// The counter under a free-text field (TextCounter and its TextCounterLine): it follows every keystroke without the
/// field rendering again, says when the limit is reached, and counts the bound text again when that changes.
/// </summary>
public sealed class TextCounterTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    [Fact]
    public void TheCount_IsTheBoundTextsLength_AgainstTheLimit_WithThousandsSeparated()
    {
        var counter = Render<TextCounter>(p => p
            .Add(c => c.Text, "Broken lid").Add(c => c.Max, 4000).Add(c => c.TestId, "note-counter")
            .Add(c => c.ChildContent, "<textarea data-testid=\"note\"></textarea>"));

        Assert.Equal("10 / 4,000 characters", counter.Find("[data-testid=note-counter]").TextContent.Trim());
        Assert.Single(counter.FindAll(".text-counted textarea[data-testid=note]"));
        Assert.DoesNotContain("text-counter-full", counter.Find("[data-testid=note-counter]").ClassName);
    }

    [Fact]
    public void AKeystroke_UpdatesTheCount_WithoutRenderingTheFieldAgain()
    {
        var fieldRenders = 0;
        var counter = Render<TextCounter>(p => p
            .Add(c => c.Text, "").Add(c => c.Max, 10).Add(c => c.TestId, "note-counter")
            .Add(c => c.ChildContent, (RenderFragment)(builder =>
            {
                fieldRenders++;
                builder.AddMarkupContent(0, "<textarea data-testid=\"note\"></textarea>");
            })));
        Assert.Equal(1, fieldRenders);

        counter.Find("textarea[data-testid=note]").Input("Hello");

        Assert.Equal("5 / 10 characters", counter.Find("[data-testid=note-counter]").TextContent.Trim());
        Assert.Equal(1, fieldRenders);

        counter.Find("textarea[data-testid=note]").Input("0123456789");

        var line = counter.Find("[data-testid=note-counter]");
        Assert.Contains("10 / 10 characters", line.TextContent);
        Assert.Contains("limit reached: longer text is cut", line.TextContent);
        Assert.Contains("text-counter-full", line.ClassName);
        Assert.Equal(1, fieldRenders);
    }

    [Fact]
    public void ABoundTextChangedOnTheServer_IsCountedAgain_OverWhatWasTyped()
    {
        var counter = Render<TextCounter>(p => p
            .Add(c => c.Text, "").Add(c => c.Max, 100).Add(c => c.TestId, "note-counter")
            .Add(c => c.ChildContent, "<textarea data-testid=\"note\"></textarea>"));
        counter.Find("textarea[data-testid=note]").Input("typed, not sent yet");
        Assert.Equal("19 / 100 characters", counter.Find("[data-testid=note-counter]").TextContent.Trim());

        // Sent: the page clears the bound text, so the count starts again from it.
        counter.Render(p => p.Add(c => c.Text, "macro text"));

        Assert.Equal("10 / 100 characters", counter.Find("[data-testid=note-counter]").TextContent.Trim());
    }

    [Fact]
    public async Task TheLine_ShowsTheTypedLength_UntilTheBoundLengthChanges()
    {
        var line = Render<TextCounterLine>(p => p.Add(l => l.Length, 3).Add(l => l.Max, 8).Add(l => l.TestId, "line"));
        Assert.Equal("3 / 8 characters", line.Find("[data-testid=line]").TextContent.Trim());
        Assert.Equal("text-counter", line.Find("[data-testid=line]").ClassName);

        await line.InvokeAsync(() => line.Instance.Typed(8));
        Assert.Contains("8 / 8 characters · limit reached", line.Find("[data-testid=line]").TextContent);
        Assert.Equal("text-counter text-counter-full", line.Find("[data-testid=line]").ClassName);

        // The same bound length again (a render for another reason) keeps the typed count.
        line.Render(p => p.Add(l => l.Length, 3));
        Assert.Contains("8 / 8 characters", line.Find("[data-testid=line]").TextContent);

        line.Render(p => p.Add(l => l.Length, 0));
        Assert.Equal("0 / 8 characters", line.Find("[data-testid=line]").TextContent.Trim());
    }
}
