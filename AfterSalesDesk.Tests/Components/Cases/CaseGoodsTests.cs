using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Orders;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Cases;
using AfterSalesDesk.Web.Infrastructure;
using Bunit;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Components.Cases;

/// <summary>
/// The goods card of the case page, over cases walked through the real services: the parcels, the inspection, and a
/// charged repair's quote, which the merchant sends and an agent answers through the buttons here (each button runs its
/// command through the page's runner, given here as the page gives it).
/// </summary>
public sealed class CaseGoodsTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    private readonly List<(Result Result, string Message)> runs = [];

    private CaseService Cases => Service<CaseService>();

    [Fact]
    public async Task ARefundOnlyCaseWithoutParcels_ShowsNoGoodsCard()
    {
        var agent = await SignInAsync("agent1@demo.local", Roles.Agent);
        await using var db = App.CreateDbContext();
        CaseDetails? details = null;
        foreach (var id in await db.Cases.Where(c => c.Kind == CaseKind.RefundOnly).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync())
        {
            details = await Cases.GetAsync(agent, id);
            if (details!.Shipments.Count == 0)
            {
                break;
            }
        }

        Assert.Empty(details!.Shipments);
        var goods = RenderGoods(details);

        Assert.Empty(goods.FindAll("[data-testid=case-goods]"));
    }

    [Fact]
    public async Task ARepairAwaitingTheParcel_ShowsItsWarranty_ThenTheParcelWithItsWaybillAndReceipt()
    {
        var agent = await SignInAsync("agent1@demo.local", Roles.Agent);
        var caseId = await WalkRepairAsync(CaseStatus.AwaitingReturnShipment);

        var waiting = RenderGoods((await Cases.GetAsync(agent, caseId))!);
        Assert.Single(waiting.FindAll("[data-testid=case-goods] [data-testid=repair-warranty]"));
        Assert.Empty(waiting.FindAll("[data-testid=case-parcels]"));

        await App.WalkAsync(caseId, CaseKind.Repair, CaseStatus.ReturnReceived);
        var received = RenderGoods((await Cases.GetAsync(agent, caseId))!);

        var parcel = received.Find("[data-testid=parcel-Return]");
        Assert.Contains(CaseWalks.Waybill(caseId, CaseAction.RecordReturnShipment), parcel.TextContent);
        Assert.DoesNotContain("On the way", parcel.TextContent); // the store confirmed receipt
    }

    [Fact]
    public async Task AChargedRepair_TheMerchantQuotesIt_ThenTheAgentAcceptsTheQuote_ThroughTheButtons()
    {
        var caseId = await WalkRepairAsync(CaseStatus.ReturnReceived);
        var merchant = await App.MerchantUserOfAsync(caseId);
        await App.ActAsync(merchant, caseId, CaseAction.RecordInspection, null,
            new CaseStepInput { Result = InspectionResult.Rejected, Notes = "Water damage: not covered by the warranty" });
        await SignInAsync(merchant.Identity!.Name!, Roles.Merchant);

        var goods = RenderGoods((await Cases.GetAsync(User, caseId))!);
        Assert.Equal("Charged repair", goods.Find("[data-testid=repair-coverage]").TextContent.Trim());
        Assert.Contains("Rejected", goods.Find("[data-testid=case-inspection] [data-testid=inspection-result]").TextContent);
        Assert.Empty(goods.FindAll("[data-testid=repair-quote-accept]")); // the buyer's answer is an agent's to record

        goods.Find("button[data-testid=repair-quote-button]").Click();
        Dialogs.WaitForElement("input[data-testid=quote-price]").Input("88.50");
        Dialogs.Find("button[data-testid=quote-confirm]").Click();

        goods.WaitForAssertion(() => Assert.Single(runs));
        Assert.Equal((true, "Quote sent."), (runs[0].Result.Succeeded, runs[0].Message));
        var quoted = (await Cases.GetAsync(User, caseId))!;
        Assert.Equal((QuoteState.Pending, 8850L), (quoted.Repair!.QuoteState, quoted.Repair.Quote!.Value.Minor));

        await SignInAsync("agent2@demo.local", Roles.Agent);
        var answering = RenderGoods((await Cases.GetAsync(User, caseId))!);
        Assert.Contains("Quote awaiting buyer", answering.Find("[data-testid=repair-quote]").TextContent);
        Assert.Contains("88.50", answering.Find("[data-testid=repair-quote]").TextContent);
        Assert.Empty(answering.FindAll("[data-testid=repair-quote-button]"));

        answering.Find("button[data-testid=repair-quote-accept]").Click();

        answering.WaitForAssertion(() => Assert.Equal(2, runs.Count));
        Assert.Equal((true, "Quote accepted."), (runs[1].Result.Succeeded, runs[1].Message));
        Assert.Equal(QuoteState.Accepted, (await Cases.GetAsync(User, caseId))!.Repair!.QuoteState);
    }

    [Fact]
    public async Task WhileACommandRuns_TheButtonsAreDisabled()
    {
        var caseId = await WalkRepairAsync(CaseStatus.ReturnReceived);
        var merchant = await App.MerchantUserOfAsync(caseId);
        await App.ActAsync(merchant, caseId, CaseAction.RecordInspection, null, new CaseStepInput { Result = InspectionResult.Rejected, Notes = "Dropped" });
        await SignInAsync(merchant.Identity!.Name!, Roles.Merchant);

        var goods = RenderComponent((await Cases.GetAsync(User, caseId))!, busy: true);

        Assert.True(goods.Find("button[data-testid=repair-quote-button]").HasAttribute("disabled"));
    }

    private IRenderedComponent<CaseGoods> RenderGoods(CaseDetails details) => RenderComponent(details, busy: false);

    private IRenderedComponent<CaseGoods> RenderComponent(CaseDetails details, bool busy)
    {
        _ = Dialogs;
        return Render<CaseGoods>(p => p
            .Add(g => g.Details, details)
            .Add(g => g.Busy, busy)
            .Add(g => g.Run, async (command, message) => runs.Add((await command(User), message))));
    }

    /// <summary>Opens a repair as agent1 on a delivered order without a case and walks it to the state.</summary>
    private async Task<long> WalkRepairAsync(CaseStatus target)
    {
        long orderId, lineId;
        await using (var db = App.CreateDbContext())
        {
            var since = App.Clock.GetUtcNow().AddDays(-300);
            var order = await db.Orders.Include(o => o.Lines)
                .Where(o => o.Status == OrderStatus.Delivered && o.DeliveredAt >= since && !db.Cases.Any(c => c.OrderId == o.Id))
                .Where(o => db.Users.Any(u => u.MerchantId == o.MerchantId))
                .OrderBy(o => o.Id).FirstAsync();
            (orderId, lineId) = (order.Id, order.Lines[0].Id);
        }

        var opened = await Cases.OpenAsync(await App.PrincipalAsync("agent1@demo.local", Roles.Agent), new OpenCaseInput
        {
            OrderId = orderId, Kind = CaseKind.Repair, Reason = "Quality problem", Stage = ProblemStage.AfterDelivery,
            Lines = [new RequestedLine { OrderLineId = lineId, Quantity = 1 }],
        });
        Assert.True(opened.Result.Succeeded, opened.Result.Error);
        await App.WalkAsync(opened.CaseId!.Value, CaseKind.Repair, target);
        return opened.CaseId.Value;
    }
}
