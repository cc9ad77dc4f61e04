using AfterSalesDesk.Data.Providers;
using AfterSalesDesk.Data.Providers.PostgreSql;
using AfterSalesDesk.Data.Providers.Sqlite;
using AfterSalesDesk.Data.Providers.SqlServer;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSalesDesk.Data;

public static class DependencyInjection
{
    /// <summary>
    /// Registers the database on <paramref name="provider"/>: a context factory for feature services (one
    /// short-lived context per operation) and the scoped context that Identity's stores need. The connection
    /// string is asked for lazily so that hosts and tests can configure it after registration; so is
    /// <paramref name="busyWait"/>, how long a write waits for the database before it gives up
    /// (<see cref="DatabaseBusyException.DefaultWait"/> when not given).
    /// </summary>
    public static IServiceCollection AddAfterSalesData(
        this IServiceCollection services, DatabaseProvider provider, Func<IServiceProvider, string> connectionString,
        Func<IServiceProvider, TimeSpan>? busyWait = null)
    {
        TimeSpan Wait(IServiceProvider sp) => busyWait?.Invoke(sp) ?? DatabaseBusyException.DefaultWait;

        // One writer at a time inside this process, in arrival order, on every provider; across processes each
        // provider's own lock does the same (decision 0020).
        services.AddSingleton(sp => new WriteGate(Wait(sp)));

        // Bounded counts (Take(N).Count()) and candidate lookups limit rows on purpose without an order;
        // EF's warning about that would only be noise in the log.
        static DbContextOptionsBuilder Common(DbContextOptionsBuilder options) =>
            options.ConfigureWarnings(w => w.Ignore(CoreEventId.RowLimitingOperationWithoutOrderByWarning));

        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                // SQLite's own busy handler waits up to ten seconds a step; the client library retries steps
                // until the connection's Default Timeout, so a shorter wait shortens both.
                services.AddSingleton(sp => new SqliteBusyTimeout((int)Math.Min(10_000, Wait(sp).TotalMilliseconds)));
                services.AddDbContextFactory<SqliteAppDbContext>((sp, options) => Common(options.UseSqlite(connectionString(sp))
                    .AddInterceptors(sp.GetRequiredService<SqliteBusyTimeout>(), sp.GetRequiredService<WriteGate>())));
                services.AddSingleton<IDbContextFactory<AppDbContext>, ProviderContextFactory<SqliteAppDbContext>>();
                break;

            case DatabaseProvider.PostgreSql:
                services.AddDbContextFactory<PostgreSqlAppDbContext>((sp, options) => Common(options.UseNpgsql(PostgreSqlConnectionString.WithDefaults(connectionString(sp), Wait(sp)))
                    .AddInterceptors(sp.GetRequiredService<WriteGate>(), new PostgreSqlWriteLock(Wait(sp)))));
                services.AddSingleton<IDbContextFactory<AppDbContext>, ProviderContextFactory<PostgreSqlAppDbContext>>();
                break;

            case DatabaseProvider.SqlServer:
                services.AddDbContextFactory<SqlServerAppDbContext>((sp, options) => Common(options.UseSqlServer(connectionString(sp))
                    .AddInterceptors(sp.GetRequiredService<WriteGate>(), new SqlServerWriteLock(Wait(sp)))));
                services.AddSingleton<IDbContextFactory<AppDbContext>, ProviderContextFactory<SqlServerAppDbContext>>();
                break;

            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider.");
        }

        // Exactly one context per scope for Identity's stores, so that a command can wrap the
        // user manager's saves in one transaction on the same context.
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        return services;
    }
}
