using AfterSalesDesk.Data;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Components.Layout;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;

namespace AfterSalesDesk.Tests.Components.Layout;

/// <summary>
/// The boundary around every page: a page that throws, rendering or in a handler, is replaced by a message and a
/// "Try again" button instead of ending the connection; a busy database is said plainly.
/// </summary>
public sealed class PageErrorBoundaryTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    private bool failing;
    private Func<Exception> error = () => new InvalidOperationException("the page broke");

    [Fact]
    public void APageThatThrowsWhileRendering_ShowsTheErrorInstead_AndTryAgainRendersItAfresh()
    {
        failing = true;
        var boundary = RenderBoundary();

        Assert.Empty(boundary.FindAll("[data-testid=fragile]"));
        Assert.Equal("Something went wrong and this page stopped. Work saved before is kept; the error has been logged.",
            boundary.Find("[data-testid=page-error-text]").TextContent.Trim());
        Assert.Contains("mud-alert-outlined-error", boundary.Find("[data-testid=page-error]").ClassName);

        failing = false;
        boundary.Find("button[data-testid=page-error-retry]").Click();

        Assert.Empty(boundary.FindAll("[data-testid=page-error]"));
        Assert.Equal("the page", boundary.Find("[data-testid=fragile]").TextContent);
    }

    [Fact]
    public void AHandlerThatThrows_StopsThePage_NotTheConnection()
    {
        var boundary = RenderBoundary();

        boundary.Find("button[data-testid=fragile-click]").Click();

        Assert.Empty(boundary.FindAll("[data-testid=fragile]"));
        Assert.Single(boundary.FindAll("[data-testid=page-error]"));
    }

    [Fact]
    public void ABusyDatabase_IsAWarningThatNothingWasChanged()
    {
        error = () => new DatabaseBusyException(DatabaseBusyException.DefaultWait);
        var boundary = RenderBoundary();

        boundary.Find("button[data-testid=fragile-click]").Click();

        Assert.Equal("The database is busy with other work, so nothing was changed. Try again in a moment.",
            boundary.Find("[data-testid=page-error-text]").TextContent.Trim());
        Assert.Contains("mud-alert-outlined-warning", boundary.Find("[data-testid=page-error]").ClassName);
    }

    [Fact]
    public void APageThatWorks_IsShownAsItIs()
    {
        var boundary = RenderBoundary();

        Assert.Equal("the page", boundary.Find("[data-testid=fragile]").TextContent);
        Assert.Empty(boundary.FindAll("[data-testid=page-error]"));
    }

    private IRenderedComponent<PageErrorBoundary> RenderBoundary() =>
        Render<PageErrorBoundary>(p => p.AddChildContent<Fragile>(c => c.Add(f => f.Failing, () => failing).Add(f => f.Error, () => error())));

    /// <summary>A page that fails while rendering when told to, and whose button always fails.</summary>
    private sealed class Fragile : ComponentBase
    {
        [Parameter]
        public Func<bool> Failing { get; set; } = () => false;

        [Parameter]
        public Func<Exception> Error { get; set; } = () => new InvalidOperationException();

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            if (Failing())
            {
                throw Error();
            }

            builder.OpenElement(0, "p");
            builder.AddAttribute(1, "data-testid", "fragile");
            builder.AddContent(2, "the page");
            builder.CloseElement();
            builder.OpenElement(3, "button");
            builder.AddAttribute(4, "data-testid", "fragile-click");
            builder.AddAttribute(5, "onclick", EventCallback.Factory.Create<MouseEventArgs>(this, () => throw Error()));
            builder.CloseElement();
        }
    }
}
