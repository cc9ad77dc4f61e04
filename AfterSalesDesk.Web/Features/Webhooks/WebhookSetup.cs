using AfterSalesDesk.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Features.Webhooks;

/// <summary>Outbound webhooks' services (issue 18, decision 0026).</summary>
public static class WebhookSetup
{
    public static IServiceCollection AddAfterSalesWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookOptions>>(new OptionsProblems<WebhookOptions>(o => o.Validate()));
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookWorker>();
        services.AddHostedService<WebhookWorkerService>();
        services.AddSingleton<WebhookCleanup>();
        services.AddHostedService<WebhookCleanupService>();
        services.AddScoped<WebhookService>();
        return services;
    }
}
