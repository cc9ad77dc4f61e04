using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Integration;
using Bunit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSalesDesk.Tests.Components.Integration;

/// <summary>
/// Administration → Integrations → API reference: every operation of the API, from the document the API serves, grouped
/// in the order a system connects (catalog and buyers, orders, the storefront), each with its parameters and answers.
/// </summary>
public sealed class ApiReferencePageTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    [Fact]
    public async Task Admin_SeesEveryOperationOfTheApi_ByTag_WithParametersAndAnswers()
    {
        await SignInAsync("admin@demo.local", Roles.Admin);
        var endpoints = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Count(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true);

        var page = RenderPage<ApiReference>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid^=api-op-]")));

        Assert.Equal(endpoints, page.FindAll("[data-testid^=api-op-]").Count);
        Assert.Equal(["Merchants", "Products", "Buyers", "Orders", "Storefront"], page.FindAll("h2").Select(h => h.TextContent.Trim()));
        var open = page.Find("[data-testid=api-op-OpenCase]");
        Assert.Contains("/api/v1/buyers/{buyer}/cases", open.TextContent, StringComparison.Ordinal);
        Assert.Contains("Open an after-sales case for the buyer", open.TextContent, StringComparison.Ordinal);
        Assert.Contains("Idempotency-Key", open.TextContent, StringComparison.Ordinal);
        Assert.Contains("201", open.TextContent, StringComparison.Ordinal);
        Assert.Contains("Every POST needs an Idempotency-Key", page.Find("[data-testid=api-intro]").TextContent, StringComparison.Ordinal);
    }
}
