using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Components.Pages;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSalesDesk.Tests.Components.Pages;

/// <summary>
/// The router's "not found" page: the message and the way home; asked for by its own address it answers 404 as the
/// router does, and it never asks twice.
/// </summary>
public sealed class NotFoundPageTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    private readonly List<NotFoundEventArgs> notFound = [];

    [Fact]
    public void InALiveConnection_ShowsTheMessageAndTheWayHome()
    {
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        Listen();

        var page = Render<NotFoundPage>();

        Assert.Equal("Not found", page.Find("h1").TextContent.Trim());
        Assert.Contains("There is nothing at this address, or you may not see it.", page.Markup);
        Assert.Equal("Back to the home page", page.Find("a[href='/']").TextContent.Trim());
        Assert.Empty(notFound);
    }

    [Fact]
    public void AskedForByItsOwnAddress_AnswersNotFound()
    {
        Request(StatusCodes.Status200OK);
        Renderer.SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        Listen();

        var page = Render<NotFoundPage>();

        Assert.Single(notFound);
        Assert.Equal("Not found", page.Find("h1").TextContent.Trim());
    }

    [Fact]
    public void ShownByTheRouterFor404_DoesNotAskAgain()
    {
        Request(StatusCodes.Status404NotFound);
        Renderer.SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        Listen();

        Render<NotFoundPage>();

        Assert.Empty(notFound);
    }

    /// <summary>The request being answered, as the server's accessor gives it to a statically rendered page.</summary>
    private void Request(int status) =>
        Services.AddSingleton<IHttpContextAccessor>(new HttpContextAccessor { HttpContext = new DefaultHttpContext { Response = { StatusCode = status } } });

    private void Listen() => Services.GetRequiredService<NavigationManager>().OnNotFound += (_, e) => notFound.Add(e);
}
