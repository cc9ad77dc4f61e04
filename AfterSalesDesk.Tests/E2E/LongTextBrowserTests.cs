using AfterSalesDesk.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace AfterSalesDesk.Tests.E2E;

/// <summary>
/// Long text on the case page (issue 15): the field says its limit as you type, text over the limit is refused with
/// the limit (never "write a message first"), and a long unbroken text wraps inside its card at desktop and phone width.
/// </summary>
[Collection(BrowserCollection.Name)]
public class LongTextBrowserTests(BrowserFixture browser, SharedApp app) : BrowserTest(app)
{
    [Fact]
    public async Task Message_ShowsItsLengthAgainstTheLimit_AndOverTheLimitIsRefusedWithTheLimit()
    {
        var caseId = await OpenCaseAsync();
        var agent = await browser.NewPageAsync(app);
        await agent.LoginAsync("agent1@demo.local");
        await agent.OpenAsync($"cases/{caseId}");

        var field = agent.GetByTestId("message-text");
        var counter = agent.GetByTestId("message-text-counter");
        await field.FillAsync("Hello");
        await Assertions.Expect(counter).ToHaveTextAsync("5 / 4,000 characters");

        // A paste longer than the limit stops at the limit, and the counter says so.
        await field.FillAsync(new string('a', 100_000));
        await Assertions.Expect(counter).ToContainTextAsync("4,000 / 4,000 characters");
        await Assertions.Expect(counter).ToContainTextAsync("limit reached");
        Assert.Equal(4000, (await field.InputValueAsync()).Length);

        // With the browser's limit removed, the server refuses the text and says why.
        await field.EvaluateAsync("e => e.removeAttribute('maxlength')");
        await field.FillAsync(new string('b', 100_000));
        await Assertions.Expect(counter).ToContainTextAsync("100,000 / 4,000 characters");
        await agent.GetByTestId("message-send").ClickAsync();
        await Assertions.Expect(agent.GetByTestId("case-error")).ToContainTextAsync("at most 4,000 characters");
        await Assertions.Expect(agent.GetByTestId("case-error")).Not.ToContainTextAsync("Write a message first");
        await agent.Context.CloseAsync();
    }

    [Theory]
    [InlineData(1280, "desktop")]
    [InlineData(390, "phone")]
    public async Task LongUnbrokenMessage_WrapsInsideItsCard(int width, string name)
    {
        var caseId = await OpenCaseAsync();
        var agent = await browser.NewPageAsync(app);
        await agent.SetViewportSizeAsync(width, 900);
        await agent.LoginAsync("agent1@demo.local");
        await agent.OpenAsync($"cases/{caseId}");
        var text = "unbroken" + new string('x', 600) + name;
        await agent.GetByTestId("message-text").FillAsync(text);
        await agent.GetByTestId("message-send").ClickAsync();
        var body = agent.GetByTestId("message").Filter(new() { HasText = name }).Locator(".message-body").First;
        await Assertions.Expect(body).ToBeVisibleAsync();

        var card = agent.GetByTestId("case-conversation");
        await agent.SnapAsync($"long-message-{name}");
        Assert.True(await FitsAsync(body), "the message body is wider than its box");
        Assert.True(await FitsAsync(card), "the conversation card is wider than its box: " + await card.EvaluateAsync<string>(
            "e => e.scrollWidth + ' > ' + e.clientWidth + ' ' + [...e.querySelectorAll('*')].filter(c => c.getBoundingClientRect().right > e.getBoundingClientRect().right + 1).slice(0, 5).map(c => c.tagName + '.' + c.className + ':' + c.getAttribute('data-testid')).join(', ')"));
        Assert.True(await agent.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
            "the page scrolls sideways");
        await agent.Context.CloseAsync();
    }

    private static Task<bool> FitsAsync(ILocator element) => element.EvaluateAsync<bool>("e => e.scrollWidth <= e.clientWidth");

    private async Task<long> OpenCaseAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "aftersales.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id FROM AfterSalesCases WHERE Status = 'Submitted' ORDER BY Id LIMIT 1";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
