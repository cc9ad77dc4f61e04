using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSalesDesk.Data;

public static class DependencyInjection
{
    /// <summary>
    /// Registers the database: a context factory for feature services (one short-lived context per
    /// operation) and the scoped context that Identity's stores need. The connection string is asked
    /// for lazily so that hosts and tests can configure it after registration.
    /// </summary>
    private static readonly SqliteBusyTimeout BusyTimeout = new();

    public static IServiceCollection AddAfterSalesData(
        this IServiceCollection services, Func<IServiceProvider, string> connectionString)
    {
        // Bounded counts (Take(N).Count()) and candidate lookups limit rows on purpose without an order;
        // EF's warning about that would only be noise in the log.
        services.AddSingleton<WriteGate>();
        services.AddDbContextFactory<AppDbContext>((sp, options) => options.UseSqlite(connectionString(sp))
            .AddInterceptors(BusyTimeout, sp.GetRequiredService<WriteGate>())
            .ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.RowLimitingOperationWithoutOrderByWarning)));

        // Exactly one context per scope for Identity's stores, so that a command can wrap the
        // user manager's saves in one transaction on the same context.
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        return services;
    }
}
