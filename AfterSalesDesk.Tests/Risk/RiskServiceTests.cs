using System.Security.Claims;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Customers;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Orders;
using AfterSalesDesk.Data.Refunds;
using AfterSalesDesk.Data.Risk;
using AfterSalesDesk.Tests.Refunds;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Cases;
using AfterSalesDesk.Web.Features.Queues;
using AfterSalesDesk.Web.Features.Refunds;
using AfterSalesDesk.Web.Features.Risk;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Tests.Risk;

/// <summary>
/// The score on real cases in a real database, through the app's own services: what it reads, what the thresholds do,
/// the override, the lists and labels, and that merchants get none of it. Each test sets the rule numbers it relies on,
/// so tuning the defaults does not move them.
/// </summary>
public sealed class RiskServiceTests
{
    /// <summary>Every factor off, so a test turns on only those it is about.</summary>
    private static Dictionary<string, string?> Rules(params (string Key, int Value)[] set)
    {
        var rules = new Dictionary<string, string?>
        {
            ["Risk:ReviewThreshold"] = "50", ["Risk:BlockThreshold"] = "100",
            ["Risk:Refunds7DaysPoints"] = "0", ["Risk:Refunds90DaysPoints"] = "0", ["Risk:RefundRatePoints"] = "0", ["Risk:RefundOnlyPoints"] = "0",
            ["Risk:AmountPoints"] = "0", ["Risk:AmountMax"] = "0", ["Risk:SoonAfterDeliveryPoints"] = "0", ["Risk:NotReceivedPoints"] = "0",
            ["Risk:EarlierNotReceivedPoints"] = "0", ["Risk:NewAccountPoints"] = "0", ["Risk:RejectedInspectionPoints"] = "0",
            ["Risk:ComplaintLostPoints"] = "0", ["Risk:LinkedBuyerPoints"] = "0", ["Risk:LinkedRefundPoints"] = "0", ["Risk:ConfirmedAbusePoints"] = "0",
            ["Risk:QuickClaimPoints"] = "0",
        };
        foreach (var (key, value) in set)
        {
            rules["Risk:" + key] = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return rules;
    }

    [Fact]
    public async Task Opening_RecordsTheScore_WithItsRuleSet_OnTheCaseAndAsAnAssessment()
    {
        using var app = new AppFactory(settings: Rules(("NewAccountPoints", 10)));
        var buyer = await BuyerAsync(app, "CR-OPEN", orders: 1, accountAge: TimeSpan.FromDays(2));

        var caseId = await app.OpenCaseAwaitingRefundAsync(buyer.Orders[0], [(buyer.Lines[0], 1)]);

        await using var db = app.CreateDbContext();
        var assessment = await db.RiskAssessments.SingleAsync(a => a.CaseId == caseId);
        var afterSalesCase = await db.Cases.SingleAsync(c => c.Id == caseId);
        Assert.Equal(RiskTrigger.CaseOpened, assessment.Trigger);
        Assert.Equal(app.Get<IOptions<RiskRules>>().Value.Version, assessment.RuleSet);
        Assert.Equal(10, assessment.Score);
        Assert.Equal([new RiskFactor(RiskFactorCode.NewAccount, 10, [2])], assessment.Factors, new FactorComparer());
        Assert.Equal((10, RiskLevel.Low), (afterSalesCase.RiskScore, afterSalesCase.RiskLevel));
        Assert.Null(assessment.RefundId);
    }

    [Fact]
    public async Task RefundsOfTheLastDays_RaiseTheScore_AndAtTheReviewThreshold_ARefundWithinTheAgentLimitWaitsForASupervisor()
    {
        using var app = new AppFactory(settings: Rules(("Refunds7DaysFree", 1), ("Refunds7DaysPoints", 12), ("Refunds7DaysMax", 36), ("ReviewThreshold", 24)));
        var buyer = await BuyerAsync(app, "CR-SERIAL", orders: 4);
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var refunds = app.Get<RefundService>();
        var proposed = new List<Refund>();
        for (var i = 0; i < 4; i++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(10));
            var caseId = await app.OpenCaseAwaitingRefundAsync(buyer.Orders[i], [(buyer.Lines[i], 1)]);
            var result = await refunds.ProposeAsync(agent, caseId, await app.WholeFirstLineAsync(caseId));
            Assert.True(result.Result.Succeeded, result.Result.Error);
            await using var db = app.CreateDbContext();
            proposed.Add(await db.Refunds.SingleAsync(r => r.Id == result.RefundId));
        }

        // 100.00 each, far within the agent's limit: the first three go at once (0, 0 and 12 points); the fourth, with three
        // refunds in the week behind it (24 points), waits for a supervisor.
        Assert.Equal([0, 0, 12, 24], proposed.Select(r => r.RiskScore ?? -1));
        Assert.All(proposed.Take(3), r => Assert.Equal((RefundStatus.Granted, 0, false), (r.Status, r.RequiredApprovals, r.ReviewedForRisk)));
        Assert.Equal((RefundStatus.AwaitingApproval, 1, true, RiskLevel.Medium), (proposed[3].Status, proposed[3].RequiredApprovals, proposed[3].ReviewedForRisk, proposed[3].RiskLevel));

        await using var check = app.CreateDbContext();
        var assessment = await check.RiskAssessments.SingleAsync(a => a.RefundId == proposed[3].Id);
        Assert.Equal(RiskTrigger.RefundProposed, assessment.Trigger);
        Assert.Equal([new RiskFactor(RiskFactorCode.RefundsLast7Days, 24, [3])], assessment.Factors, new FactorComparer());
        Assert.Contains(await check.AuditEntries.Where(e => e.Action == "refund.propose").Select(e => e.Detail).ToListAsync(),
            d => d != null && d.Contains("for the risk score", StringComparison.Ordinal) && d.Contains("risk 24", StringComparison.Ordinal));

        // The supervisor's approval list shows why.
        var supervisor = await app.PrincipalAsync("supervisor1@demo.local", Roles.Supervisor);
        var row = (await refunds.ApprovalQueueAsync(supervisor))!.Single(r => r.Refund.Id == proposed[3].Id);
        Assert.Equal((24, RiskLevel.Medium, true), (row.Refund.RiskScore, row.Refund.RiskLevel, row.Refund.ReviewedForRisk));
    }

    [Fact]
    public async Task AtTheBlockThreshold_RefundOnlyIsRefused_UntilASupervisorOverridesItWithAReason()
    {
        using var app = new AppFactory(settings: Rules(("NewAccountPoints", 30), ("ReviewThreshold", 30), ("BlockThreshold", 30)));
        var buyer = await BuyerAsync(app, "CR-BLOCK", orders: 2, accountAge: TimeSpan.FromDays(1));
        var caseId = await app.OpenCaseAwaitingRefundAsync(buyer.Orders[0], [(buyer.Lines[0], 1)]);
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var supervisor = await app.PrincipalAsync("supervisor1@demo.local", Roles.Supervisor);
        var refunds = app.Get<RefundService>();
        var risk = app.Get<RiskService>();

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var refused = await refunds.ProposeAsync(agent, caseId, await app.WholeFirstLineAsync(caseId));
        var preview = await refunds.PreviewAsync(agent, caseId, await app.WholeFirstLineAsync(caseId));

        // The refusal keeps the score that refused it: an assessment for the proposal with no refund, the case's latest.
        await using (var read = app.CreateDbContext())
        {
            var last = await read.RiskAssessments.Where(a => a.CaseId == caseId).OrderByDescending(a => a.Id).FirstAsync();
            Assert.Equal((RiskTrigger.RefundProposed, (long?)null, 30, app.Clock.GetUtcNow()), (last.Trigger, last.RefundId, last.Score, last.AssessedAt));
            Assert.Equal(app.Clock.GetUtcNow(), await read.Cases.Where(c => c.Id == caseId).Select(c => c.RiskAssessedAt).SingleAsync());
            Assert.Empty(await read.Refunds.Where(r => r.CaseId == caseId).ToListAsync());
        }

        Assert.Equal(ResultStatus.Invalid, refused.Result.Status);
        Assert.Contains("Refund-only is refused for this buyer (risk 30 of 100): the goods must come back first", refused.Result.Error);
        Assert.Equal(refused.Result.Error, preview!.Refusal);
        Assert.True((await risk.ForCaseAsync(agent, caseId))!.Blocked);

        // Only a supervisor overrides, and only with a reason.
        Assert.Equal(ResultStatus.Forbidden, (await risk.OverrideAsync(agent, caseId, "The buyer sent a photo")).Status);
        Assert.Equal(ResultStatus.Invalid, (await risk.OverrideAsync(supervisor, caseId, "  ")).Status);
        Assert.Equal(ResultStatus.Invalid, (await risk.OverrideAsync(supervisor, caseId, new string('x', AfterSalesCase.ReasonMaxLength + 1))).Status);
        var overridden = await risk.OverrideAsync(supervisor, caseId, "Carrier confirmed the parcel was left at a wrong address");
        Assert.True(overridden.Succeeded, overridden.Error);

        var proposed = await refunds.ProposeAsync(agent, caseId, await app.WholeFirstLineAsync(caseId));
        Assert.True(proposed.Result.Succeeded, proposed.Result.Error);
        await using var db = app.CreateDbContext();
        var refund = await db.Refunds.SingleAsync(r => r.Id == proposed.RefundId);
        var afterSalesCase = await db.Cases.SingleAsync(c => c.Id == caseId);
        Assert.Equal((RefundStatus.AwaitingApproval, true), (refund.Status, refund.ReviewedForRisk)); // still above the review threshold
        Assert.Equal(("supervisor1@demo.local", "Carrier confirmed the parcel was left at a wrong address"), (afterSalesCase.RiskOverrideBy, afterSalesCase.RiskOverrideReason));
        Assert.Contains(await db.AuditEntries.Where(e => e.Action == "risk.override").Select(e => e.Outcome).ToListAsync(), o => o == AuditOutcome.Denied);
        Assert.Contains(await db.AuditEntries.Where(e => e.Action == "risk.override" && e.EntityType == nameof(AfterSalesCase)).Select(e => e.Changes).ToListAsync(),
            c => c != null && c.Contains("Carrier confirmed", StringComparison.Ordinal));
        Assert.False((await risk.ForCaseAsync(agent, caseId))!.Blocked);
    }

    [Fact]
    public async Task AReturnIsNeverBlocked_AndCannotBeOverridden()
    {
        using var app = new AppFactory(settings: Rules(("NewAccountPoints", 30), ("ReviewThreshold", 30), ("BlockThreshold", 30)));
        var buyer = await BuyerAsync(app, "CR-RETURN", orders: 1, accountAge: TimeSpan.FromDays(1));
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var supervisor = await app.PrincipalAsync("supervisor1@demo.local", Roles.Supervisor);
        var opened = await app.Get<CaseService>().OpenAsync(agent, new OpenCaseInput
        {
            OrderId = buyer.Orders[0], Kind = CaseKind.ReturnAndRefund, Reason = "Quality problem", Stage = ProblemStage.AfterDelivery,
            Lines = [new RequestedLine { OrderLineId = buyer.Lines[0], Quantity = 1 }],
        });
        Assert.True(opened.Result.Succeeded, opened.Result.Error);

        var view = await app.Get<RiskService>().ForCaseAsync(supervisor, opened.CaseId!.Value);
        var overridden = await app.Get<RiskService>().OverrideAsync(supervisor, opened.CaseId.Value, "Reason enough");

        Assert.Equal((30, RiskLevel.High, false, false), (view!.Latest!.Score, view.Latest.Level, view.Blocked, view.CanOverride));
        Assert.Equal(ResultStatus.Invalid, overridden.Status);
        Assert.Contains("Only a refund-only request can be blocked", overridden.Error);
    }

    [Fact]
    public async Task TheBlockList_ScoresABuyer100_TheAllowList_LetsARiskyBuyersRefundThrough_AndOnlySupervisorsKeepThem()
    {
        using var app = new AppFactory(settings: Rules(("NewAccountPoints", 30), ("ReviewThreshold", 30), ("BlockThreshold", 60)));
        var buyer = await BuyerAsync(app, "CR-LISTS", orders: 2, accountAge: TimeSpan.FromDays(1));
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var supervisor = await app.PrincipalAsync("supervisor1@demo.local", Roles.Supervisor);
        var risk = app.Get<RiskService>();
        var caseId = await app.OpenCaseAwaitingRefundAsync(buyer.Orders[0], [(buyer.Lines[0], 1)]);

        Assert.Equal(ResultStatus.Forbidden, (await risk.ListBuyerAsync(agent, "CR-LISTS", BuyerListing.Blocked, "Serial claims")).Status);
        Assert.Null(await risk.ListedBuyersAsync(agent));
        Assert.Equal(ResultStatus.Invalid, (await risk.ListBuyerAsync(supervisor, "CR-LISTS", BuyerListing.Blocked, " ")).Status);
        Assert.Equal(ResultStatus.NotFound, (await risk.ListBuyerAsync(supervisor, "NO-SUCH-BUYER", BuyerListing.Blocked, "x")).Status);
        Assert.True((await risk.ListBuyerAsync(supervisor, "CR-LISTS", BuyerListing.Blocked, "Three chargebacks with the bank")).Succeeded);
        Assert.True((await risk.ReassessAsync(agent, caseId)).Succeeded);

        var blocked = (await risk.ForCaseAsync(agent, caseId))!;
        Assert.Equal((100, RiskFactorCode.BlockListed, BuyerListing.Blocked, "Three chargebacks with the bank"),
            (blocked.Latest!.Score, blocked.Latest.Factors[0].Code, blocked.Listing, blocked.ListingReason));
        Assert.Equal(RiskTrigger.Reassessed, blocked.Latest.Trigger);
        Assert.True(blocked.Blocked);
        Assert.Contains((await risk.ListedBuyersAsync(supervisor))!, r => r.Code == "CR-LISTS" && r.Listing == BuyerListing.Blocked);

        Assert.True((await risk.ListBuyerAsync(supervisor, "CR-LISTS", BuyerListing.Allowed, "Known wholesale buyer, verified by phone")).Succeeded);
        var proposed = await app.Get<RefundService>().ProposeAsync(agent, caseId, await app.WholeFirstLineAsync(caseId));

        Assert.True(proposed.Result.Succeeded, proposed.Result.Error);
        await using var db = app.CreateDbContext();
        var refund = await db.Refunds.SingleAsync(r => r.Id == proposed.RefundId);
        Assert.Equal((RefundStatus.Granted, 0, 0), (refund.Status, refund.RequiredApprovals, refund.RiskScore));
        var listed = await db.AuditEntries.Where(e => e.Action == "risk.list" && e.EntityType == nameof(Customer)).Select(e => e.Changes).ToListAsync();
        Assert.Contains(listed, c => c != null && c.Contains("Blocked", StringComparison.Ordinal) && c.Contains("Three chargebacks", StringComparison.Ordinal));
        Assert.Contains(listed, c => c != null && c.Contains("Allowed", StringComparison.Ordinal));

        Assert.True((await risk.ListBuyerAsync(supervisor, "CR-LISTS", null, null)).Succeeded);
        Assert.DoesNotContain((await risk.ListedBuyersAsync(supervisor))!, r => r.Code == "CR-LISTS");
    }

    [Fact]
    public async Task Labels_AreKept_ShownInTheBuyersHistory_AndRaiseTheNextScore()
    {
        using var app = new AppFactory(settings: Rules(("ConfirmedAbusePoints", 25), ("ConfirmedAbuseMax", 50)));
        var buyer = await BuyerAsync(app, "CR-LABEL", orders: 2);
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var risk = app.Get<RiskService>();
        var first = await app.OpenCaseAwaitingRefundAsync(buyer.Orders[0], [(buyer.Lines[0], 1)]);
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await app.OpenCaseAwaitingRefundAsync(buyer.Orders[1], [(buyer.Lines[1], 1)]);
        var merchant = await app.PrincipalAsync(await app.MerchantOfAsync(first), Roles.Merchant);

        Assert.Equal(ResultStatus.Forbidden, (await risk.LabelAsync(merchant, first, AbuseLabel.Legitimate)).Status);
        Assert.True((await risk.LabelAsync(agent, first, AbuseLabel.AbuseConfirmed)).Succeeded);
        Assert.True((await risk.ReassessAsync(agent, second)).Succeeded);

        var view = (await risk.ForCaseAsync(agent, second))!;
        var earlier = Assert.Single(view.History);
        Assert.Equal((first, AbuseLabel.AbuseConfirmed, "agent1@demo.local"), (earlier.CaseId, earlier.Label, earlier.LabelBy));
        Assert.Equal([new RiskFactor(RiskFactorCode.ConfirmedAbuse, 25, [1])], view.Latest!.Factors, new FactorComparer());

        Assert.True((await risk.LabelAsync(agent, first, AbuseLabel.Legitimate)).Succeeded);
        Assert.Equal(AbuseLabel.Legitimate, (await risk.ForCaseAsync(agent, second))!.History.Single().Label);
        Assert.True((await risk.LabelAsync(agent, first, null)).Succeeded);
        await using var db = app.CreateDbContext();
        Assert.Equal((null, null), await db.Cases.Where(c => c.Id == first).Select(c => ValueTuple.Create(c.AbuseLabel, c.AbuseLabelBy)).SingleAsync());
        Assert.Equal(3, await db.AuditEntries.CountAsync(e => e.Action == "risk.label" && e.EntityType == nameof(AfterSalesCase) && e.EntityId == first.ToString()
            && e.Outcome != AuditOutcome.Denied));
    }

    [Fact]
    public async Task BuyersSharingAnAddressOrAPhone_AreLinked_WithTheirRefunds_ButMaskedPhonesLinkNoOne()
    {
        using var app = new AppFactory(settings: Rules(("LinkedBuyerPoints", 10), ("LinkedRefundPoints", 5), ("LinkedMax", 35)));
        var scored = await BuyerAsync(app, "CR-LINK-A", orders: 1, address: "上海市 浦东新区 世纪大道100号 8楼", phone: "138****0001");
        var sameAddress = await BuyerAsync(app, "CR-LINK-B", orders: 2, address: "上海市浦东新区世纪大道 100 号 8 楼", phone: "139****0002");
        var maskedAlike = await BuyerAsync(app, "CR-LINK-C", orders: 1, address: "北京市 朝阳区 1号", phone: "138****0001");
        var phoneA = await BuyerAsync(app, "CR-LINK-D", orders: 1, address: "杭州市 西湖区 2号", phone: "+86 139-0000-1111");
        var phoneB = await BuyerAsync(app, "CR-LINK-E", orders: 1, address: "南京市 鼓楼区 3号", phone: "13900001111");
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        foreach (var i in new[] { 0, 1 })
        {
            var refundCase = await app.OpenCaseAwaitingRefundAsync(sameAddress.Orders[i], [(sameAddress.Lines[i], 1)]);
            Assert.True((await app.Get<RefundService>().ProposeAsync(agent, refundCase, await app.WholeFirstLineAsync(refundCase))).Result.Succeeded);
        }

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var linkedCase = await app.OpenCaseAwaitingRefundAsync(scored.Orders[0], [(scored.Lines[0], 1)]);
        var maskedCase = await app.OpenCaseAwaitingRefundAsync(maskedAlike.Orders[0], [(maskedAlike.Lines[0], 1)]);
        var phoneCase = await app.OpenCaseAwaitingRefundAsync(phoneA.Orders[0], [(phoneA.Lines[0], 1)]);

        var risk = app.Get<RiskService>();
        Assert.Equal([new RiskFactor(RiskFactorCode.LinkedBuyers, 20, [1, 2])], (await risk.ForCaseAsync(agent, linkedCase))!.Latest!.Factors, new FactorComparer());
        Assert.Empty((await risk.ForCaseAsync(agent, maskedCase))!.Latest!.Factors);
        Assert.Equal([new RiskFactor(RiskFactorCode.LinkedBuyers, 10, [1, 0])], (await risk.ForCaseAsync(agent, phoneCase))!.Latest!.Factors, new FactorComparer());
        Assert.NotEqual(phoneB.Id, phoneA.Id);
    }

    [Fact]
    public async Task TheFacts_AreReadAsOfTheirMoment_NothingLaterCounts()
    {
        using var app = new AppFactory(settings: Rules(("Refunds7DaysPoints", 12)));
        var buyer = await BuyerAsync(app, "CR-ASOF", orders: 3);
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var before = app.Clock.GetUtcNow();
        var caseIds = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(10));
            var caseId = await app.OpenCaseAwaitingRefundAsync(buyer.Orders[i], [(buyer.Lines[i], 1)]);
            Assert.True((await app.Get<RefundService>().ProposeAsync(agent, caseId, await app.WholeFirstLineAsync(caseId))).Result.Succeeded);
            caseIds.Add(caseId);
        }

        await using var db = app.CreateDbContext();
        var rules = app.Get<IOptions<RiskRules>>().Value;
        var then = await RiskFactsQuery.ReadAsync(db, rules, buyer.Id, buyer.Orders[2], caseIds[2], CaseKind.RefundOnly, "Quality problem", before, default);
        var now = await RiskFactsQuery.ReadAsync(db, rules, buyer.Id, buyer.Orders[2], caseIds[2], CaseKind.RefundOnly, "Quality problem", app.Clock.GetUtcNow(), default);

        Assert.Equal((0, 0, 0), (then.RefundsLast7Days, then.CasesLast90Days, then.RefundOnlyCasesLast90Days));
        // The scored case and its own refund are not part of its past: two other cases, two refunds.
        Assert.Equal((2, 2, 2, 2), (now.RefundsLast7Days, now.RefundsLast90Days, now.CasesLast90Days, now.RefundOnlyCasesLast90Days));
        Assert.Equal((2, 2, 2), (now.OrdersLast90Days, now.RefundedOrdersLast90Days, now.EarlierOrders));
    }

    [Fact]
    public async Task QuickRefundOnlyClaims_CountEarlierRefundOnlyRequestsSoonAfterDelivery_InTheWindow_NotReturnsNorNotReceived()
    {
        // The orders were delivered three days before the first case; the window of "soon" is four days here.
        using var app = new AppFactory(settings: Rules(("QuickClaimPoints", 15), ("QuickClaimsFree", 1), ("QuickClaimMax", 24), ("QuickClaimDeliveryDays", 4), ("QuickClaimWindowDays", 7)));
        var buyer = await BuyerAsync(app, "CR-SPREE", orders: 6);
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var cases = app.Get<CaseService>();

        async Task<long> OpenAsync(int order, CaseKind kind, string reason)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(10));
            var opened = await cases.OpenAsync(agent, new OpenCaseInput
            {
                OrderId = buyer.Orders[order], Kind = kind, Reason = reason, Stage = ProblemStage.AfterDelivery,
                Lines = [new RequestedLine { OrderLineId = buyer.Lines[order], Quantity = 1 }],
            });
            Assert.True(opened.Result.Succeeded, opened.Result.Error);
            return opened.CaseId!.Value;
        }

        // Neither a return nor a "not received" claim is a quick refund-only claim.
        await OpenAsync(0, CaseKind.ReturnAndRefund, "Quality problem");
        await OpenAsync(1, CaseKind.RefundOnly, "Not received");
        await OpenAsync(2, CaseKind.RefundOnly, "Not as described");
        await OpenAsync(3, CaseKind.RefundOnly, "Quality problem");
        var fourth = await OpenAsync(4, CaseKind.RefundOnly, "Missing parts");
        app.Clock.Advance(TimeSpan.FromDays(8));
        var later = await OpenAsync(5, CaseKind.RefundOnly, "Missing parts");

        await using var db = app.CreateDbContext();
        var scores = await db.Set<RiskAssessment>().Where(a => a.CaseId == fourth || a.CaseId == later).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal([fourth, later], scores.Select(a => a.CaseId));
        // Two earlier quick claims, one free: 15 points. Eight days later they are out of the 7-day window.
        Assert.Equal((15, 0), (scores[0].Score, scores[1].Score));
        var view = await app.Get<RiskService>().ForCaseAsync(agent, fourth);
        var factor = Assert.Single(view!.Latest!.Factors);
        Assert.Equal((RiskFactorCode.QuickRefundOnlyClaims, 15), (factor.Code, factor.Points));
        Assert.Equal([2, 7, 4], factor.Values);
    }

    [Fact]
    public async Task Merchants_SeeNoScore_NoHistory_NoLists_AndCannotAct_OnTheirOwnStoresCase()
    {
        using var app = new AppFactory(settings: Rules(("NewAccountPoints", 10)));
        var buyer = await BuyerAsync(app, "CR-MERCHANT", orders: 1, accountAge: TimeSpan.FromDays(1));
        var caseId = await app.OpenCaseAwaitingRefundAsync(buyer.Orders[0], [(buyer.Lines[0], 1)]);
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        Assert.True((await app.Get<RefundService>().ProposeAsync(agent, caseId, await app.WholeFirstLineAsync(caseId))).Result.Succeeded);
        var merchant = await app.PrincipalAsync(await app.MerchantOfAsync(caseId), Roles.Merchant);
        var risk = app.Get<RiskService>();

        Assert.Null(await risk.ForCaseAsync(merchant, caseId));
        Assert.Equal(ResultStatus.Forbidden, (await risk.ReassessAsync(merchant, caseId)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await risk.OverrideAsync(merchant, caseId, "Let it through")).Status);
        Assert.Equal(ResultStatus.Forbidden, (await risk.ListBuyerAsync(merchant, "CR-MERCHANT", BuyerListing.Allowed, "Mine")).Status);
        Assert.Null(await risk.ListedBuyersAsync(merchant));

        // The merchant reads the case's refunds and the queue, but neither carries a score; staff see both.
        var merchantRefund = Assert.Single((await app.Get<RefundService>().ForCaseAsync(merchant, caseId))!);
        var agentRefund = Assert.Single((await app.Get<RefundService>().ForCaseAsync(agent, caseId))!);
        Assert.Equal((null, null, false), (merchantRefund.RiskScore, merchantRefund.RiskLevel, merchantRefund.ReviewedForRisk));
        Assert.Equal(10, agentRefund.RiskScore);
        var caseNo = await CaseNoAsync(app, caseId);
        var merchantRow = (await app.Get<CaseQueueService>().PageAsync(merchant, new QueueQuery { Queue = Queue.All, Text = caseNo }))!.Rows.Single();
        var agentRow = (await app.Get<CaseQueueService>().PageAsync(agent, new QueueQuery { Queue = Queue.All, Text = caseNo }))!.Rows.Single();
        Assert.Equal((null, null), (merchantRow.RiskScore, merchantRow.RiskLevel));
        Assert.Equal((10, RiskLevel.Low), (agentRow.RiskScore, agentRow.RiskLevel));

        await using var db = app.CreateDbContext();
        Assert.True(await db.AuditEntries.CountAsync(e => e.Action.StartsWith("risk.") && e.Outcome == AuditOutcome.Denied && e.UserName == merchant.Identity!.Name) >= 5);
    }

    [Fact]
    public async Task TheDemo_HasAHighRiskBuyer_WhoseOpenClaimIsBlocked_WithItsFactors_AndItsMerchantSeesNoScore()
    {
        // The default rule set, as a new user's demo has it.
        using var app = new AppFactory();
        var supervisor = await app.PrincipalAsync("supervisor1@demo.local", Roles.Supervisor);
        var merchant = await app.PrincipalAsync("merchant2@demo.local", Roles.Merchant);
        await using var db = app.CreateDbContext();
        var buyerId = await db.Customers.Where(c => c.Code == "C09000001").Select(c => c.Id).SingleAsync();
        var open = await db.Cases.Where(c => c.CustomerId == buyerId && c.Status == CaseStatus.Submitted).SingleAsync();

        var view = (await app.Get<RiskService>().ForCaseAsync(supervisor, open.Id))!;

        Assert.Equal(("Not received", CaseKind.RefundOnly, RiskLevel.High), (open.Reason, open.Kind, view.Latest!.Level));
        Assert.True(view.Blocked);
        Assert.Contains(view.Latest.Factors, f => f.Code == RiskFactorCode.QuickRefundOnlyClaims);
        Assert.Contains(view.Latest.Factors, f => f.Code == RiskFactorCode.NotReceivedButDelivered);
        Assert.Equal(3, view.History.Count(h => h.Refunded.Minor > 0));
        var merchantRow = (await app.Get<CaseQueueService>().PageAsync(merchant, new QueueQuery { Queue = Queue.All, Text = open.CaseNo }))!.Rows.Single();
        Assert.Equal((null, null), (merchantRow.RiskScore, merchantRow.RiskLevel));
        Assert.Null(await app.Get<RiskService>().ForCaseAsync(merchant, open.Id));
    }

    [Fact]
    public async Task OpenCasesWithoutAScore_AreScoredAsOfTheirOpening_AndTheDemosAreScoredWhenSeeded()
    {
        using var app = new AppFactory(settings: Rules(("Refunds7DaysFree", 1), ("Refunds7DaysPoints", 12), ("Refunds7DaysMax", 36)));
        await using (var seeded = app.CreateDbContext())
        {
            Assert.False(await seeded.Cases.AnyAsync(c => c.IsOpen && c.RiskScore == null));
            Assert.True(await seeded.RiskAssessments.AnyAsync(a => a.Trigger == RiskTrigger.Backfilled));
            Assert.False(await seeded.Cases.AnyAsync(c => !c.IsOpen && c.RiskScore != null));
        }

        var buyer = await BuyerAsync(app, "CR-BACKFILL", orders: 3);
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var caseIds = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(10));
            var caseId = await app.OpenCaseAwaitingRefundAsync(buyer.Orders[i], [(buyer.Lines[i], 1)]);
            Assert.True((await app.Get<RefundService>().ProposeAsync(agent, caseId, await app.WholeFirstLineAsync(caseId))).Result.Succeeded);
            caseIds.Add(caseId);
        }

        // As if risk control had come after these cases: no score, no assessment.
        await using (var db = app.CreateDbContext())
        {
            await db.RiskAssessments.Where(a => caseIds.Contains(a.CaseId)).ExecuteDeleteAsync();
            await db.Cases.Where(c => caseIds.Contains(c.Id)).ExecuteUpdateAsync(u => u.SetProperty(c => c.RiskScore, (int?)null).SetProperty(c => c.RiskLevel, (RiskLevel?)null));
        }

        app.Clock.Advance(TimeSpan.FromDays(1));
        var scored = await RiskBackfill.RunAsync(app.Get<IDbContextFactory<AfterSalesDesk.Data.AppDbContext>>(), app.Get<IOptions<RiskRules>>().Value, app.Clock, default);

        Assert.Equal(3, scored);
        await using var check = app.CreateDbContext();
        var assessments = await check.RiskAssessments.Where(a => caseIds.Contains(a.CaseId)).OrderBy(a => a.CaseId).ToListAsync();
        var opened = await check.Cases.Where(c => caseIds.Contains(c.Id)).OrderBy(c => c.Id).Select(c => c.CreatedAt).ToListAsync();
        Assert.All(assessments, a => Assert.Equal(RiskTrigger.Backfilled, a.Trigger));
        Assert.Equal(opened, assessments.Select(a => a.AssessedAt));
        // As of its opening, the third case had two refunds behind it, not the three there are now.
        Assert.Equal([0, 0, 12], assessments.Select(a => a.Score));
        Assert.Equal(0, await RiskBackfill.RunAsync(app.Get<IDbContextFactory<AfterSalesDesk.Data.AppDbContext>>(), app.Get<IOptions<RiskRules>>().Value, app.Clock, default));
    }

    private sealed record Buyer(long Id, List<long> Orders, List<long> Lines);

    /// <summary>A buyer of its own with delivered orders of 100.00 each (one item) at the first demo store, delivered three days ago.</summary>
    private static async Task<Buyer> BuyerAsync(
        AppFactory app, string code, int orders, TimeSpan? accountAge = null, string? address = null, string phone = "138****0000")
    {
        await using var db = app.CreateDbContext();
        db.AuditAs(AuditActor.Cli("test"), "test.seed", app.Clock);
        var now = app.Clock.GetUtcNow();
        var product = await db.Products.OrderBy(p => p.Id).FirstAsync();
        var buyer = new Customer(code, "Buyer " + code, phone, "Shanghai", now - (accountAge ?? TimeSpan.FromDays(400)), address ?? $"{code} Road 1");
        db.Customers.Add(buyer);
        await db.SaveChangesAsync();
        var placed = new List<Order>();
        for (var i = 0; i < orders; i++)
        {
            var order = Order.Place($"SO-{code}-{i}", product.MerchantId, buyer.Id, Money.Cny(0),
                [new NewOrderLine(product.Id, product.Sku, product.Name, 1, Money.Cny(10_000), Money.Zero())], now.AddDays(-6).AddMinutes(i));
            order.Pay(order.AmountDue, PaymentMethod.Alipay, $"TXN-{code}-{i}", now.AddDays(-6).AddMinutes(i + 5));
            order.Ship("SF Express", $"SF-{code}-{i}", now.AddDays(-5));
            order.ConfirmDelivery(now.AddDays(-3));
            db.Orders.Add(order);
            placed.Add(order);
        }

        await db.SaveChangesAsync();
        return new Buyer(buyer.Id, placed.Select(o => o.Id).ToList(), placed.Select(o => o.Lines[0].Id).ToList());
    }

    private static async Task<string> CaseNoAsync(AppFactory app, long caseId)
    {
        await using var db = app.CreateDbContext();
        return await db.Cases.Where(c => c.Id == caseId).Select(c => c.CaseNo).SingleAsync();
    }

    private sealed class FactorComparer : IEqualityComparer<RiskFactor>
    {
        public bool Equals(RiskFactor? x, RiskFactor? y) => x is not null && y is not null && x.Code == y.Code && x.Points == y.Points && x.Values.SequenceEqual(y.Values);

        public int GetHashCode(RiskFactor obj) => HashCode.Combine(obj.Code, obj.Points);
    }
}
