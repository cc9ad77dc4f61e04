using AfterSalesDesk.Data;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Web.Features.Queues;

/// <summary>
/// Tells open pages which cases changed. It follows the CaseChanges table, which a trigger fills on
/// every insert and update of a case, whoever made it (this instance, another instance on the same
/// database, the deadline scheduler), so a queue or case page refreshes within about a second without
/// a reload. Writers in this instance <see cref="Poke"/> it to look at once.
/// </summary>
public sealed class CaseFeed(IDbContextFactory<AppDbContext> contextFactory, TimeProvider clock, ILogger<CaseFeed> logger) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Keep = TimeSpan.FromHours(1);
    private readonly SemaphoreSlim poke = new(0, 1);
    private long last = -1;
    private DateTimeOffset nextPrune;

    /// <summary>Raised on a pool thread with the ids of the cases that changed; handlers must marshal to their own context.</summary>
    public event Action<IReadOnlyCollection<long>>? Changed;

    public void Poke()
    {
        if (poke.CurrentCount == 0)
        {
            try
            {
                poke.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already poked.
            }
        }
    }

    /// <summary>One look at the feed; returns the case ids that changed since the last look.</summary>
    public async Task<IReadOnlyCollection<long>> PollAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (last < 0)
        {
            last = await db.CaseChanges.MaxAsync(c => (long?)c.Id, cancellationToken) ?? 0;
            return [];
        }

        var changes = await db.CaseChanges.AsNoTracking().Where(c => c.Id > last).OrderBy(c => c.Id)
            .Select(c => new { c.Id, c.CaseId }).Take(5000).ToListAsync(cancellationToken);
        if (changes.Count == 0)
        {
            return [];
        }

        last = changes[^1].Id;
        var ids = changes.Select(c => c.CaseId).ToHashSet();
        Changed?.Invoke(ids);
        return ids;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollAsync(stoppingToken);
                await PruneAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Case feed poll failed; trying again");
            }

            try
            {
                await poke.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The feed is for live pages only; an hour of it is plenty.</summary>
    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now < nextPrune)
        {
            return;
        }

        nextPrune = now.AddMinutes(10);
        var before = now - Keep;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.CaseChanges.Where(c => c.At < before && c.Id < last).ExecuteDeleteAsync(cancellationToken);
    }
}
