using AfterSalesDesk.Data.Providers;
using AfterSalesDesk.Data.Providers.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSalesDesk.Data;

public static class DependencyInjection
{
    /// <summary>
    /// Registers the database: a context factory for feature services (one short-lived context per
    /// operation) and the scoped context that Identity's stores need. The connection string is asked
    /// for lazily so that hosts and tests can configure it after registration; so is
    /// <paramref name="busyWait"/>, how long a write waits for the database before it gives up
    /// (<see cref="DatabaseBusyException.DefaultWait"/> when not given).
    /// </summary>
    public static IServiceCollection AddAfterSalesData(
        this IServiceCollection services, Func<IServiceProvider, string> connectionString, Func<IServiceProvider, TimeSpan>? busyWait = null)
    {
        TimeSpan Wait(IServiceProvider sp) => busyWait?.Invoke(sp) ?? DatabaseBusyException.DefaultWait;

        services.AddSingleton(sp => new WriteGate(Wait(sp)));

        // SQLite's own busy handler waits up to ten seconds a step; the client library retries steps
        // until the connection's Default Timeout, so a shorter wait shortens both.
        services.AddSingleton(sp => new SqliteBusyTimeout((int)Math.Min(10_000, Wait(sp).TotalMilliseconds)));

        // Bounded counts (Take(N).Count()) and candidate lookups limit rows on purpose without an order;
        // EF's warning about that would only be noise in the log.
        services.AddDbContextFactory<SqliteAppDbContext>((sp, options) => options.UseSqlite(connectionString(sp))
            .AddInterceptors(sp.GetRequiredService<SqliteBusyTimeout>(), sp.GetRequiredService<WriteGate>())
            .ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.RowLimitingOperationWithoutOrderByWarning)));
        services.AddSingleton<IDbContextFactory<AppDbContext>, ProviderContextFactory<SqliteAppDbContext>>();

        // Exactly one context per scope for Identity's stores, so that a command can wrap the
        // user manager's saves in one transaction on the same context.
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        return services;
    }
}
