using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AfterSalesDesk.Web.Infrastructure;

/// <summary>
/// Healthy when the database answers a query against the schema, not merely when the file exists; and on SQLite, only
/// while its file is still there: a pooled connection opened before the file was deleted keeps answering from the
/// deleted file, so the query alone would call a vanished database healthy.
/// </summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<AppDbContext> contextFactory, DatabaseSettings settings, AppPaths paths) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (settings.Provider == DatabaseProvider.Sqlite && !File.Exists(paths.DatabasePath))
        {
            return HealthCheckResult.Unhealthy("the database file is gone");
        }

        try
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            var roles = await db.Roles.CountAsync(cancellationToken);
            return HealthCheckResult.Healthy($"database answers; {roles} roles");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("database does not answer", ex);
        }
    }
}
