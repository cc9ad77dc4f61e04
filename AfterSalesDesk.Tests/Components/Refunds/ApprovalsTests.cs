using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Refunds;
using AfterSalesDesk.Tests.Refunds;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Refunds;
using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace AfterSalesDesk.Tests.Components.Refunds;

/// <summary>The supervisors' approvals page: the refunds waiting, approve and reject on each, the four-eyes rule.</summary>
public sealed class ApprovalsTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    [Fact]
    public async Task Supervisor_SeesTheWaitingRefund_ApprovesIt_AndMayNotApproveItAgain()
    {
        var (caseId, refundId) = await App.AwaitingApprovalAsync();
        await SignInAsync("supervisor1@demo.local", Roles.Supervisor);
        var page = RenderApprovals(refundId);
        string caseNo;
        await using (var db = App.CreateDbContext())
        {
            caseNo = await db.Cases.Where(c => c.Id == caseId).Select(c => c.CaseNo).SingleAsync();
        }

        Assert.Contains(caseNo, page.Find("[data-testid=approvals-table]").TextContent);
        Assert.NotNull(page.Find($"[data-testid=reject-{refundId}]"));

        page.Find($"[data-testid=approve-{refundId}]").Click();

        page.WaitForAssertion(() => Assert.Contains("Refund approved.", Snackbars()));
        await using var after = App.CreateDbContext();
        var refund = await after.Refunds.Include(r => r.Approvals).SingleAsync(r => r.Id == refundId);
        Assert.Single(refund.Approvals);
        Assert.Contains("Refund approved.", Snackbars());
        if (refund.Status == RefundStatus.AwaitingApproval)
        {
            page.WaitForAssertion(() => Assert.Contains("Not yours to approve", page.Find($"[data-testid=approval-{refundId}]").TextContent));
            Assert.Empty(page.FindAll($"[data-testid=approve-{refundId}]"));
        }
        else
        {
            page.WaitForAssertion(() => Assert.Empty(page.FindAll($"[data-testid=approval-{refundId}]")));
        }
    }

    [Fact]
    public async Task Supervisor_RejectsWithAReason_AndTheRefundLeavesTheList()
    {
        var (_, refundId) = await App.AwaitingApprovalAsync();
        await SignInAsync("supervisor2@demo.local", Roles.Supervisor);
        var page = RenderApprovals(refundId);

        page.Find($"[data-testid=reject-{refundId}]").Click();
        Dialogs.WaitForElement("[data-testid=reason-dialog]");
        Dialogs.Find("textarea[data-testid=reason-text]").Change("The order was paid by a voucher");
        Dialogs.Find("[data-testid=reason-confirm]").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll($"[data-testid=approval-{refundId}]")));
        await using var db = App.CreateDbContext();
        var refund = await db.Refunds.SingleAsync(r => r.Id == refundId);
        Assert.Equal(RefundStatus.Rejected, refund.Status);
        Assert.Equal("The order was paid by a voucher", refund.RejectionReason);
        Assert.Contains("Refund rejected.", Snackbars());
    }

    [Fact]
    public async Task ARejectionCancelledInTheDialog_ChangesNothing()
    {
        var (_, refundId) = await App.AwaitingApprovalAsync();
        await SignInAsync("supervisor1@demo.local", Roles.Supervisor);
        var page = RenderApprovals(refundId);

        page.Find($"[data-testid=reject-{refundId}]").Click();
        Dialogs.WaitForElement("[data-testid=reason-dialog]");
        Dialogs.Find("[data-testid=reason-cancel]").Click();

        Dialogs.WaitForAssertion(() => Assert.Empty(Dialogs.FindAll("[data-testid=reason-dialog]")));
        Assert.Equal(RefundStatus.AwaitingApproval, await App.StatusAsync(refundId));
        Assert.False(page.Find($"[data-testid=reject-{refundId}]").HasAttribute("disabled"));
    }

    private IRenderedComponent<Approvals> RenderApprovals(long refundId)
    {
        var page = RenderPage<Approvals>();
        page.WaitForElement($"[data-testid=approval-{refundId}]");
        return page;
    }
}
