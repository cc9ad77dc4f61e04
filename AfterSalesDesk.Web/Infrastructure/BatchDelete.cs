using AfterSalesDesk.Data;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Web.Infrastructure;

/// <summary>
/// A clean-up's deletes, a batch at a time (Idempotency-Keys, webhook messages). Each batch is deleted in a short
/// transaction of its own: a bulk delete is no save, so only a transaction takes it through the write gate (on SQLite a
/// lone statement would meet the lock outside the queue: decision 0020 §2). The search for a batch stays outside, not
/// to hold the gate while it scans.
/// </summary>
public static class BatchDelete
{
    public const int BatchSize = 1000;

    /// <param name="find">The next batch's ids, at most <see cref="BatchSize"/>; none when nothing is left.</param>
    /// <param name="delete">Deletes those of the ids that still qualify; returns how many went.</param>
    /// <returns>How many went in all.</returns>
    public static async Task<int> RunAsync(
        IDbContextFactory<AppDbContext> contextFactory, Func<AppDbContext, Task<List<long>>> find, Func<AppDbContext, List<long>, Task<int>> delete,
        CancellationToken cancellationToken)
    {
        var purged = 0;
        while (true)
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            var ids = await find(db);
            if (ids.Count == 0)
            {
                return purged;
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var deleted = await delete(db, ids);
            await transaction.CommitAsync(cancellationToken);
            purged += deleted;
            if (deleted == 0)
            {
                return purged; // none of them qualifies any more (changed meanwhile): the next pass sees them again
            }
        }
    }
}
