using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Components.Shared;
using Bunit;
using MudBlazor;

namespace AfterSalesDesk.Tests.Components.Shared;

/// <summary>A refusal or notice the person may close: closing clears it in its owner, so the next one shows again.</summary>
public sealed class ClosableAlertTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    [Fact]
    public void NoMessage_ShowsNothing()
    {
        var alert = Render<ClosableAlert>(p => p.Add(a => a.Message, null).AddUnmatched("data-testid", "form-error"));

        Assert.Empty(alert.FindAll("[data-testid=form-error]"));
        Assert.Empty(alert.FindAll(".mud-alert"));
    }

    [Fact]
    public void AMessage_IsAnAlertScreenReadersReadOut_WithTheCallersSeverityAndTestId()
    {
        var alert = Render<ClosableAlert>(p => p
            .Add(a => a.Message, "The case changed meanwhile.").Add(a => a.Severity, Severity.Warning).AddUnmatched("data-testid", "form-error"));

        var shown = alert.Find("[data-testid=form-error]");
        Assert.Equal("alert", shown.GetAttribute("role"));
        Assert.Contains("The case changed meanwhile.", shown.TextContent);
        Assert.Contains("mud-alert-outlined-warning", shown.ClassName);
    }

    [Fact]
    public void Closing_ClearsTheOwnersMessage_AndTheSameMessageShowsAgainLater()
    {
        string? message = "Refused: not your case.";
        var alert = Render<ClosableAlert>(p => p
            .Add(a => a.Message, message).Add(a => a.MessageChanged, m => message = m).AddUnmatched("data-testid", "form-error"));

        alert.Find("[data-testid=form-error] button").Click();

        Assert.Null(message);
        alert.Render(p => p.Add(a => a.Message, message));
        Assert.Empty(alert.FindAll("[data-testid=form-error]"));

        alert.Render(p => p.Add(a => a.Message, "Refused: not your case."));
        Assert.Contains("Refused: not your case.", alert.Find("[data-testid=form-error]").TextContent);
    }
}
