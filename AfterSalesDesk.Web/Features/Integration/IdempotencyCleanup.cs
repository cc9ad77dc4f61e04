using AfterSalesDesk.Data;
using AfterSalesDesk.Web.Features.Queues;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Features.Integration;

/// <summary>Forgets Idempotency-Keys older than <see cref="ApiOptions.IdempotencyKeepHours"/>, a thousand at a time.</summary>
public sealed class IdempotencyCleanup(IDbContextFactory<AppDbContext> contextFactory, IOptions<ApiOptions> options, TimeProvider clock)
{
    public Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow().AddHours(-options.Value.IdempotencyKeepHours);
        return BatchDelete.RunAsync(
            contextFactory,
            db => db.IdempotencyRecords.Where(r => r.CreatedAt < before).OrderBy(r => r.Id).Select(r => r.Id).Take(BatchDelete.BatchSize).ToListAsync(cancellationToken),
            (db, ids) => db.IdempotencyRecords.Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken),
            cancellationToken);
    }
}

public sealed class IdempotencyCleanupService(IdempotencyCleanup cleanup, IOptions<SchedulerOptions> options, ILogger<IdempotencyCleanupService> logger)
    : PeriodicWork(options, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(10);

    protected override string Name => "Idempotency-Key cleanup";

    protected override Task<int> RunOnceAsync(CancellationToken cancellationToken) => cleanup.PurgeAsync(cancellationToken);
}
