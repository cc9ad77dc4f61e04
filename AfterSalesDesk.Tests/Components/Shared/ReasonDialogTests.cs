using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Components.Shared;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace AfterSalesDesk.Tests.Components.Shared;

/// <summary>The reason dialog every feature asks through (reject, cancel, close, a follow-up's outcome).</summary>
public sealed class ReasonDialogTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    [Fact]
    public async Task ARequiredReason_CannotBeConfirmedEmpty_AndIsReturnedOnceWritten()
    {
        var (provider, answer) = await AskAsync(required: true);

        provider.Find("[data-testid=reason-confirm]").Click();

        Assert.Contains("A written reason is required.", provider.Markup);
        Assert.False(answer.IsCompleted, "the dialog stays open");

        provider.Find("textarea[data-testid=reason-text]").Change("Item arrived broken");
        provider.WaitForAssertion(() => Assert.Contains($"19 / {AfterSalesCase.ReasonMaxLength:N0} characters", provider.Find("[data-testid=reason-text-counter]").TextContent));
        provider.Find("[data-testid=reason-confirm]").Click();

        Assert.Equal("Item arrived broken", await answer.WaitAsync(TimeSpan.FromSeconds(10)));
        provider.WaitForAssertion(() => Assert.Empty(provider.FindAll("[data-testid=reason-dialog]")));
    }

    [Fact]
    public async Task TheCount_FollowsEveryKeystroke_WhileTheFieldCommitsOnlyWhenLeft()
    {
        var (provider, answer) = await AskAsync(required: true, maxLength: 40);
        var field = provider.Find("textarea[data-testid=reason-text]");

        // Typing: the input event counts, and the field keeps no value yet (nothing round-trips over what is typed).
        field.Input("Typed, not yet left");
        provider.WaitForAssertion(() => Assert.Contains("19 / 40 characters", provider.Find("[data-testid=reason-text-counter]").TextContent));
        provider.Find("textarea[data-testid=reason-text]").Input(new string('x', 40));
        provider.WaitForAssertion(() => Assert.Contains("limit reached", provider.Find("[data-testid=reason-text-counter]").TextContent));
        provider.Find("[data-testid=reason-confirm]").Click();
        Assert.Contains("A written reason is required.", provider.Markup);

        // Leaving the field commits it; the count is the committed text's.
        provider.Find("textarea[data-testid=reason-text]").Change("Left the field");
        provider.WaitForAssertion(() => Assert.Contains("14 / 40 characters", provider.Find("[data-testid=reason-text-counter]").TextContent));
        provider.Find("[data-testid=reason-confirm]").Click();
        Assert.Equal("Left the field", await answer.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task AnOptionalNote_MayBeEmpty_AndCancelGivesNull()
    {
        var (provider, answer) = await AskAsync(required: false);
        provider.Find("[data-testid=reason-confirm]").Click();
        Assert.Equal("", await answer.WaitAsync(TimeSpan.FromSeconds(10)));

        var (again, cancelled) = await AskAsync(required: false);
        again.Find("[data-testid=reason-cancel]").Click();
        Assert.Null(await cancelled.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task TheLimit_IsTheCallersAndTheFieldStopsThere()
    {
        var (provider, _) = await AskAsync(required: true, maxLength: 40);

        Assert.Equal("40", provider.Find("textarea[data-testid=reason-text]").GetAttribute("maxlength"));
        Assert.Contains("/ 40 characters", provider.Find("[data-testid=reason-text-counter]").TextContent);
    }

    private async Task<(IRenderedComponent<MudDialogProvider> Provider, Task<string?> Answer)> AskAsync(bool required, int? maxLength = null)
    {
        var provider = Dialogs;
        var dialogs = Services.GetRequiredService<IDialogService>();
        Task<string?> answer = null!;
        // An action, not a function: InvokeAsync would await the answer, which only comes after the clicks below.
        await provider.InvokeAsync(() => { answer = dialogs.AskReasonAsync("Reject", "Why?", required, maxLength); });
        provider.WaitForElement("[data-testid=reason-confirm]");
        return (provider, answer);
    }
}
