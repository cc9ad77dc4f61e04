using AfterSalesDesk.Data.Integration;

namespace AfterSalesDesk.Web.Features.Integration;

/// <summary>English display text of the API clients' vocabulary; pages pass it through the localizer.</summary>
public static class IntegrationLabels
{
    public static string Of(ApiClientKind kind) => kind switch
    {
        ApiClientKind.OrderSystem => "Order system",
        ApiClientKind.Storefront => "Storefront",
        _ => "Merchant system",
    };

    /// <summary>What a system of this kind is, under the kind's choice.</summary>
    public static string DescriptionOf(ApiClientKind kind) => kind switch
    {
        ApiClientKind.OrderSystem => "The platform's order system: merchants, products, buyers and orders.",
        ApiClientKind.Storefront => "The buyer's app: after-sales cases on behalf of a buyer.",
        _ => "One merchant's own system: that store's products and orders, nothing else.",
    };

    /// <summary>What a scope lets the client do; the scope's own name is shown beside it.</summary>
    public static string OfScope(string scope) => scope switch
    {
        ApiScopes.MerchantsWrite => "Create and update merchants",
        ApiScopes.ProductsWrite => "Create and update products",
        ApiScopes.BuyersWrite => "Create and update buyers",
        ApiScopes.OrdersWrite => "Create and update orders",
        ApiScopes.OrdersRead => "Read orders",
        ApiScopes.BuyerCases => "Open and follow a buyer's cases",
        _ => scope,
    };
}
