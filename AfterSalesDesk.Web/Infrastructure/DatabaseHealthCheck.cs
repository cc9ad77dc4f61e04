using AfterSalesDesk.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AfterSalesDesk.Web.Infrastructure;

/// <summary>Healthy when the database answers a query against the schema, not merely when the file exists.</summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<AppDbContext> contextFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
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
