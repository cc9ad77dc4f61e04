using AfterSalesDesk.Data.Integration;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AfterSalesDesk.Web.Features.Integration;

/// <summary>The API's OpenAPI document in the process, for the API reference page (the document provider is a keyed service).</summary>
public sealed class ApiDocumentSource(IServiceProvider services)
{
    public Task<OpenApiDocument> GetAsync(CancellationToken cancellationToken = default) =>
        services.GetRequiredKeyedService<Microsoft.AspNetCore.OpenApi.IOpenApiDocumentProvider>("v1").GetOpenApiDocumentAsync(cancellationToken);
}

/// <summary>The OpenAPI document of <c>/api/v1</c>, served at <c>/openapi/v1.json</c>: the API's endpoints only, with its headers and security.</summary>
public static class ApiDocument
{
    public static void Configure(OpenApiOptions options)
    {
        options.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true || description.RelativePath == "api/v1";
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "AfterSalesDesk API",
                Version = "v1",
                Description =
                    "For the platform's order system and storefront. Authenticate with an API client's secret as a bearer token "
                    + "(Administration → Integrations). Every POST needs an Idempotency-Key; PUT honours If-Match with the ETag of the "
                    + "last read; errors are RFC 9457 problem documents; amounts are whole minor units (fen). Scopes: "
                    + string.Join(", ", ApiScopes.All) + ".",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API client's secret: asd_<key id>_<secret>.",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] }];
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var method = context.Description.HttpMethod ?? "";
            operation.Parameters ??= [];
            if (HttpMethods.IsPost(method))
            {
                operation.Parameters.Add(Header(ApiIdempotency.Header, required: true,
                    "Unique per operation; send it again unchanged with each retry. The same key and request replay the first response for 24 hours; the same key with another request is 422."));
            }

            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<ApiEndpoints.MultipartFile>().FirstOrDefault() is { } file)
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["multipart/form-data"] = new()
                        {
                            Schema = new OpenApiSchema
                            {
                                Type = JsonSchemaType.Object,
                                Required = new HashSet<string> { file.Field },
                                Properties = new Dictionary<string, IOpenApiSchema> { [file.Field] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                            },
                        },
                    },
                };
            }

            if (HttpMethods.IsPut(method) || metadata.OfType<ApiEndpoints.IfMatchOnPost>().Any())
            {
                operation.Parameters.Add(Header("If-Match", required: false, "The ETag of the last read: the update is refused (412) if the resource changed since."));
            }

            return Task.CompletedTask;
        });
    }

    private static OpenApiParameter Header(string name, bool required, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = required,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = name == ApiIdempotency.Header ? IdempotencyRecord.KeyLength : null },
    };
}
