using AfterSalesDesk.Web.Features.Queues;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Infrastructure;

/// <summary>
/// Background work that runs one pass every interval while the app runs (unless Scheduler:Enabled is
/// off, as in tests that drive the passes themselves). A failed pass is logged and the next tick tries
/// again; nothing is lost, because every pass reads what is due from the database.
/// </summary>
public abstract class PeriodicWork(IOptions<SchedulerOptions> options, ILogger logger) : BackgroundService
{
    protected abstract TimeSpan Interval { get; }

    protected abstract string Name { get; }

    /// <summary>One pass; returns how many items it handled, for the log.</summary>
    protected abstract Task<int> RunOnceAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                var handled = await RunOnceAsync(stoppingToken);
                if (handled > 0)
                {
                    logger.LogInformation("{Work} handled {Count} items", Name, handled);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "{Work} pass failed; it runs again at the next tick", Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
