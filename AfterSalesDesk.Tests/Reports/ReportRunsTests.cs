using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Reports;

namespace AfterSalesDesk.Tests.Reports;

/// <summary>The runs the reports page follows: only their owner sees and cancels them.</summary>
public class ReportRunsTests
{
    private readonly FakeTimeProvider clock = new();

    [Fact]
    public void Cancel_ByItsOwner_CancelsTheExportsToken()
    {
        var runs = new ReportRuns(clock);
        var id = Guid.NewGuid();
        using var run = runs.Start(id, "manager-id", "cases", CancellationToken.None)!;
        run.Progress(1_234);

        Assert.Equal((ReportRunState.Running, 1_234L), (runs.Find(id, "manager-id")!.State, runs.Find(id, "manager-id")!.Rows));
        Assert.True(runs.Cancel(id, "manager-id"));
        Assert.True(run.Token.IsCancellationRequested);
        run.End(ReportRunState.Cancelled);
        Assert.Equal(ReportRunState.Cancelled, runs.Find(id, "manager-id")!.State);
        Assert.False(runs.Cancel(id, "manager-id"));
    }

    [Fact]
    public void FindAndCancel_ByAnotherUser_SeeNothing()
    {
        var runs = new ReportRuns(clock);
        var id = Guid.NewGuid();
        using var run = runs.Start(id, "merchant1-id", "cases", CancellationToken.None)!;

        Assert.Null(runs.Find(id, "merchant2-id"));
        Assert.False(runs.Cancel(id, "merchant2-id"));
        Assert.False(run.Token.IsCancellationRequested);
    }

    [Fact]
    public void Start_WithAnIdInUse_IsRefused()
    {
        var runs = new ReportRuns(clock);
        var id = Guid.NewGuid();
        using var run = runs.Start(id, "manager-id", "cases", CancellationToken.None);

        Assert.Null(runs.Start(id, "manager-id", "cases", CancellationToken.None));
    }

    [Fact]
    public void Token_WhenTheBrowserGoesAway_IsCancelled()
    {
        using var request = new CancellationTokenSource();
        using var run = new ReportRuns(clock).Start(Guid.NewGuid(), "manager-id", "cases", request.Token)!;

        request.Cancel();

        Assert.True(run.Token.IsCancellationRequested);
    }

    [Fact]
    public void Start_AQuarterOfAnHourAfterARunEnded_ForgetsIt()
    {
        var runs = new ReportRuns(clock);
        var old = Guid.NewGuid();
        runs.Start(old, "manager-id", "cases", CancellationToken.None)!.End(ReportRunState.Finished);
        clock.Advance(TimeSpan.FromMinutes(16));

        using var next = runs.Start(Guid.NewGuid(), "manager-id", "cases", CancellationToken.None);

        Assert.Null(runs.Find(old, "manager-id"));
    }
}
