using AfterSalesDesk.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Features.Quality;

/// <summary>Product quality signals' services (issue 19, decision 0027).</summary>
public static class QualitySetup
{
    public static IServiceCollection AddProductQuality(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<QualityOptions>().Bind(configuration.GetSection(QualityOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<QualityOptions>>(new OptionsProblems<QualityOptions>(o => o.Validate()));
        services.AddScoped<ProductQualityService>();
        return services;
    }
}
