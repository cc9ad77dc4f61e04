using AfterSalesDesk.Data.Cases;

namespace AfterSalesDesk.Tests.Cases;

/// <summary>The dashboard's "finished": the first move into Resolved, Closed or CancelledByBuyer, kept on the case.</summary>
public class CaseFinishTests
{
    [Fact]
    public void Apply_ResolvedThenClosed_KeepsTheFirstFinish()
    {
        var afterSalesCase = CaseBuilder.Open(CaseKind.RefundOnly);
        var at = CaseBuilder.At;
        DateTimeOffset? resolvedAt = null;
        foreach (var action in CaseBuilder.PathTo(CaseKind.RefundOnly, CaseStatus.Resolved)!)
        {
            Assert.Null(afterSalesCase.FinishedAt);
            at = at.AddHours(1);
            afterSalesCase.Apply(action, CaseBuilder.ActorFor(action), "because the test says so", at, step: CaseBuilder.Facts());
            resolvedAt = at;
        }

        afterSalesCase.Apply(CaseAction.Close, CaseBuilder.Agent, "done", at.AddDays(3));

        Assert.Equal(CaseStatus.Closed, afterSalesCase.Status);
        Assert.Equal(resolvedAt, afterSalesCase.FinishedAt);
        Assert.Equal(CaseStatus.Resolved, afterSalesCase.FinishedAs);
    }

    [Theory]
    [InlineData(CaseStatus.Closed)]
    [InlineData(CaseStatus.CancelledByBuyer)]
    public void Apply_IntoAnotherFinish_RecordsThatState(CaseStatus end)
    {
        var afterSalesCase = CaseBuilder.OpenIn(CaseKind.ReturnAndRefund, end);

        Assert.Equal(CaseBuilder.At, afterSalesCase.FinishedAt);
        Assert.Equal(end, afterSalesCase.FinishedAs);
    }

    [Fact]
    public void Open_IsNotFinished_UntilItEnds()
    {
        var afterSalesCase = CaseBuilder.OpenIn(CaseKind.Exchange, CaseStatus.ReplacementShipped);

        Assert.Null(afterSalesCase.FinishedAt);
        Assert.Null(afterSalesCase.FinishedAs);
    }
}
