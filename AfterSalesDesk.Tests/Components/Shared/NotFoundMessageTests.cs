using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Components.Shared;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSalesDesk.Tests.Components.Shared;

/// <summary>
/// What a page shows for a record that does not exist or is not the user's: in a live connection the message where the
/// page would be; while the HTTP request is answered, the router's "not found" (status 404) instead.
/// </summary>
public sealed class NotFoundMessageTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    [Fact]
    public void InALiveConnection_ShowsTheMessageAndTheWayHome_WithoutAskingTheRouter()
    {
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var notFound = 0;
        Services.GetRequiredService<NavigationManager>().OnNotFound += (_, _) => notFound++;

        var message = Render<NotFoundMessage>();

        Assert.Equal("Not found", message.Find("h1").TextContent.Trim());
        Assert.Contains("There is nothing at this address, or you may not see it.", message.Markup);
        Assert.Equal("/", message.Find("a").GetAttribute("href"));
        Assert.Equal(0, notFound);
    }

    [Fact]
    public void WhileTheRequestIsAnswered_AsksTheRouterForNotFound()
    {
        Renderer.SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        var notFound = new List<NotFoundEventArgs>();
        Services.GetRequiredService<NavigationManager>().OnNotFound += (_, e) => notFound.Add(e);

        Render<NotFoundMessage>();

        Assert.Single(notFound);
    }
}
