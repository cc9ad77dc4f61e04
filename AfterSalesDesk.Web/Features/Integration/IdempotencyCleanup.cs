using AfterSalesDesk.Data;
using AfterSalesDesk.Web.Features.Queues;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Features.Integration;

/// <summary>Forgets Idempotency-Keys older than <see cref="ApiOptions.IdempotencyKeepHours"/>, a thousand at a time.</summary>
public sealed class IdempotencyCleanup(IDbContextFactory<AppDbContext> contextFactory, IOptions<ApiOptions> options, TimeProvider clock)
{
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow().AddHours(-options.Value.IdempotencyKeepHours);
        var purged = 0;
        while (true)
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            var ids = await db.IdempotencyRecords.Where(r => r.CreatedAt < before).OrderBy(r => r.Id).Select(r => r.Id).Take(1000).ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                return purged;
            }

            // A bulk delete is no save, so it takes its turn at the write gate only in a transaction of its own (decision 0020);
            // the search above stays outside, not to hold the gate while it scans.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            purged += await db.IdempotencyRecords.Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }
}

public sealed class IdempotencyCleanupService(IdempotencyCleanup cleanup, IOptions<SchedulerOptions> options, ILogger<IdempotencyCleanupService> logger)
    : PeriodicWork(options, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(10);

    protected override string Name => "Idempotency-Key cleanup";

    protected override Task<int> RunOnceAsync(CancellationToken cancellationToken) => cleanup.PurgeAsync(cancellationToken);
}
