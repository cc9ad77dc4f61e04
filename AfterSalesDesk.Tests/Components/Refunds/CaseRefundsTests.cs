using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Refunds;
using AfterSalesDesk.Tests.Refunds;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Refunds;
using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace AfterSalesDesk.Tests.Components.Refunds;

/// <summary>The refunds card of the case page: the proposal form with its live preview, approvals, refusals, retry and cancel.</summary>
public sealed class CaseRefundsTests(ComponentAppWithPages app) : ComponentContext(app), IClassFixture<ComponentAppWithPages>
{
    [Fact]
    public async Task Agent_ProposesWhatThePreviewShows_AndTheRefundWaitsForASupervisor()
    {
        var caseId = await App.CaseAsync(needsApproval: true);
        var agent = await SignInAsync("agent1@demo.local", Roles.Agent);
        var card = await RenderCardAsync(caseId);
        var line = await FirstLineAsync(caseId);

        Assert.Equal(line.Quantity.ToString(), card.Find($"input[data-testid=refund-qty-{line.OrderLineId}]").GetAttribute("value"));
        Assert.Equal($"/ {line.Quantity}", card.Find($"[data-testid=refund-left-{line.OrderLineId}]").TextContent.Trim());
        Assert.Matches("Needs (one supervisor's|two different supervisors') approval", card.Find("[data-testid=refund-preview-approval]").TextContent);
        var amount = card.Find("[data-testid=refund-preview-amount]").TextContent.Trim();

        card.Find("[data-testid=refund-propose]").Click();

        card.WaitForAssertion(() => Assert.Equal("Awaiting approval", card.Find("[data-testid=refund-status]").TextContent.Trim()));
        await using var db = App.CreateDbContext();
        var refund = await db.Refunds.SingleAsync(r => r.CaseId == caseId);
        Assert.Equal(RefundStatus.AwaitingApproval, refund.Status);
        Assert.Equal(amount, $"Refund {refund.Amount.Major:N2} {refund.Amount.Currency}");
        Assert.Contains("Refund proposed.", Snackbars());
        Assert.Empty(card.FindAll("[data-testid=refund-form]"));
        Assert.Empty(card.FindAll("[data-testid=refund-approve]"));
        Assert.Empty(card.FindAll("[data-testid=refund-reject]"));
    }

    [Fact]
    public async Task NumbersOutOfRange_ShowAMessageAtTheField_AndDisableThePropose_WhileADeductionChangesTheAmountLive()
    {
        var caseId = await App.CaseAsync(needsApproval: false);
        await SignInAsync("agent2@demo.local", Roles.Agent);
        var card = await RenderCardAsync(caseId);
        var line = await FirstLineAsync(caseId);
        var whole = card.Find("[data-testid=refund-preview-amount]").TextContent;
        Assert.Equal("Granted at once (within the agent limit)", card.Find("[data-testid=refund-preview-approval]").TextContent.Trim());

        card.Find("input[data-testid=refund-deduction-reason]").Change("Box dented");
        card.Find("input[data-testid=refund-deduction]").Input("10");
        card.WaitForAssertion(() => Assert.NotEqual(whole, card.Find("[data-testid=refund-preview-amount]").TextContent));
        Assert.Contains("deduction", card.Find("[data-testid=refund-preview]").TextContent);
        Assert.Contains("(10 %)", card.Find("[data-testid=refund-preview]").TextContent);

        card.Find($"input[data-testid=refund-qty-{line.OrderLineId}]").Input((line.Quantity + 1).ToString());
        card.WaitForAssertion(() => Assert.NotNull(card.Find($"[data-testid=refund-qty-{line.OrderLineId}-error]")));
        Assert.True(card.Find("[data-testid=refund-propose]").HasAttribute("disabled"));

        card.Find($"input[data-testid=refund-qty-{line.OrderLineId}]").Input(line.Quantity.ToString());
        card.Find("input[data-testid=refund-deduction]").Input("100.01");
        card.WaitForAssertion(() => Assert.NotNull(card.Find("[data-testid=refund-deduction-error]")));
        Assert.Empty(card.FindAll($"[data-testid=refund-qty-{line.OrderLineId}-error]"));
        Assert.True(card.Find("[data-testid=refund-propose]").HasAttribute("disabled"));

        card.Find("input[data-testid=refund-deduction]").Input("10");
        card.WaitForAssertion(() => Assert.False(card.Find("[data-testid=refund-propose]").HasAttribute("disabled")));
        card.Find("[data-testid=refund-propose]").Click();

        card.WaitForAssertion(() => Assert.Single(card.FindAll("[data-testid=refund-status]")));
        await using var db = App.CreateDbContext();
        var refund = await db.Refunds.SingleAsync(r => r.CaseId == caseId);
        Assert.Equal(1_000, refund.DeductionBasisPoints);
        Assert.Equal("Box dented", refund.DeductionReason);
        Assert.Equal(0, refund.RequiredApprovals);
    }

    [Fact]
    public async Task ARefusal_ShowsInTheAlertEveryTime_EvenAfterItWasClosed()
    {
        var caseId = await App.CaseAsync(needsApproval: false);
        await SignInAsync("agent1@demo.local", Roles.Agent);
        var card = await RenderCardAsync(caseId);
        var line = await FirstLineAsync(caseId);
        card.Find($"input[data-testid=refund-qty-{line.OrderLineId}]").Input("0");
        card.WaitForAssertion(() => Assert.Contains("Choose at least one line", card.Find("[data-testid=refund-preview-refusal]").TextContent));

        for (var attempt = 0; attempt < 2; attempt++)
        {
            card.Find("[data-testid=refund-propose]").Click();
            card.WaitForAssertion(() => Assert.Contains("Choose at least one line", card.Find("[data-testid=refund-error]").TextContent));
            card.Find("[data-testid=refund-error] button").Click();
            card.WaitForAssertion(() => Assert.Empty(card.FindAll("[data-testid=refund-error]")));
        }

        await using var db = App.CreateDbContext();
        Assert.False(await db.Refunds.AnyAsync(r => r.CaseId == caseId));
    }

    [Fact]
    public async Task Supervisor_ApprovesOnTheCard_TheApprovalIsRecorded_AndTheSameSupervisorCannotApproveTwice()
    {
        var (caseId, refundId) = await App.AwaitingApprovalAsync();
        await SignInAsync("supervisor1@demo.local", Roles.Supervisor);
        var card = await RenderCardAsync(caseId);
        Assert.Empty(card.FindAll("[data-testid=refund-form]"));

        card.Find("[data-testid=refund-approve]").Click();

        card.WaitForAssertion(() => Assert.Contains("supervisor1@demo.local", card.Find("[data-testid=refund-approvals]").TextContent));
        Assert.Contains("Refund approved.", Snackbars());
        await using var db = App.CreateDbContext();
        var refund = await db.Refunds.Include(r => r.Approvals).SingleAsync(r => r.Id == refundId);
        Assert.Single(refund.Approvals);
        if (refund.Status == RefundStatus.AwaitingApproval)
        {
            Assert.Empty(card.FindAll("[data-testid=refund-approve]"));
        }
    }

    [Fact]
    public async Task Supervisor_RejectsWithAReason_AskedInTheDialog()
    {
        var (caseId, refundId) = await App.AwaitingApprovalAsync();
        await SignInAsync("supervisor2@demo.local", Roles.Supervisor);
        var card = await RenderCardAsync(caseId);

        card.Find("[data-testid=refund-reject]").Click();
        Dialogs.WaitForElement("[data-testid=reason-dialog]");
        Dialogs.Find("[data-testid=reason-confirm]").Click();
        Assert.Contains("A written reason is required.", Dialogs.Markup);
        Dialogs.Find("textarea[data-testid=reason-text]").Change("Photos do not show the damage");
        Dialogs.Find("[data-testid=reason-confirm]").Click();

        card.WaitForAssertion(() => Assert.Equal("Rejected", card.Find("[data-testid=refund-status]").TextContent.Trim()));
        Assert.Contains("supervisor2@demo.local: Photos do not show the damage", card.Markup);
        Assert.Equal(RefundStatus.Rejected, await App.StatusAsync(refundId));
        Assert.Contains("Refund rejected.", Snackbars());
        Assert.NotNull(card.Find("[data-testid=refund-form]")); // the case's amount is free again
    }

    [Fact]
    public async Task Merchant_SeesTheRefund_WithoutFormOrButtons()
    {
        var (caseId, _) = await App.AwaitingApprovalAsync();
        await SignInAsync(await App.MerchantOfAsync(caseId), Roles.Merchant);
        var card = await RenderCardAsync(caseId);
        Assert.Equal("Awaiting approval", card.Find("[data-testid=refund-status]").TextContent.Trim());
        Assert.Empty(card.FindAll("[data-testid=refund-form]"));
        Assert.Empty(card.FindAll("button"));
    }

    [Fact]
    public async Task AFailedRefund_ASupervisorCancelsItWithAReason_AndItsAmountIsFreeAgain()
    {
        var (caseId, refundId) = await App.AwaitingApprovalAsync();
        await FailAsync(refundId);
        await SignInAsync("supervisor1@demo.local", Roles.Supervisor);
        var card = await RenderCardAsync(caseId);
        Assert.Equal("Failed", card.Find("[data-testid=refund-status]").TextContent.Trim());
        Assert.Contains("Attempt 5: Refused by the gateway: account closed", card.Markup);
        Assert.NotNull(card.Find("[data-testid=refund-retry]"));
        card.Find("[data-testid=refund-cancel]").Click();
        Dialogs.WaitForElement("[data-testid=reason-dialog]");
        Dialogs.Find("textarea[data-testid=reason-text]").Change("Gateway confirms nothing was paid");
        Dialogs.Find("[data-testid=reason-confirm]").Click();

        card.WaitForAssertion(() => Assert.Equal("Cancelled", card.Find("[data-testid=refund-status]").TextContent.Trim()));
        Assert.Equal(RefundStatus.Cancelled, await App.StatusAsync(refundId));
        Assert.Contains("Refund cancelled; its amount is free for a new proposal.", Snackbars());
        Assert.Empty(card.FindAll("[data-testid=refund-retry]"));
        Assert.NotNull(card.Find("[data-testid=refund-form]"));
    }

    private async Task<IRenderedComponent<CaseRefunds>> RenderCardAsync(long caseId)
    {
        var details = await App.DetailsAsync(User, caseId);
        var card = RenderPage<CaseRefunds>(p => p
            .Add(c => c.CaseId, details.Id)
            .Add(c => c.Status, details.Status)
            .Add(c => c.Inspection, details.LatestInspection)
            .Add(c => c.AcceptedShare, details.AcceptedRefundShare)
            .Add(c => c.Lines, details.Lines.Select(l => new RefundableLine(l.OrderLineId, l.ProductName, l.Quantity)).ToList()));
        card.WaitForElement("[data-testid=case-refunds]");
        return card;
    }

    private async Task<(long OrderLineId, int Quantity)> FirstLineAsync(long caseId)
    {
        await using var db = App.CreateDbContext();
        var line = await db.CaseLines.Where(l => l.CaseId == caseId).Select(l => new { l.OrderLineId, l.Quantity }).FirstAsync();
        return (line.OrderLineId, line.Quantity);
    }

    /// <summary>What the worker leaves when the gateway refuses a refund, written directly: this app's gateway never refuses.</summary>
    private async Task FailAsync(long refundId)
    {
        await using var db = App.CreateDbContext();
        Assert.Equal(1, await db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE "Refunds" SET "Status" = 'Failed', "RequiredApprovals" = 0, "DecidedAt" = "ProposedAt", "Attempts" = 5, "NextAttemptAt" = NULL,
                "LastError" = 'Refused by the gateway: account closed'
            WHERE "Id" = {refundId} AND "Status" = 'AwaitingApproval'
            """));
    }
}
