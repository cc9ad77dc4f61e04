using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Refunds;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Cases;
using AfterSalesDesk.Web.Features.Refunds;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Refunds;

/// <summary>Refunds over the real database and the simulated gateway: approvals under contention, the balance, exactly-once execution.</summary>
public sealed class RefundExecutionTests : IDisposable
{
    private readonly AppFactory app = new(settings: new Dictionary<string, string?>
    {
        ["Demo:Orders"] = "1200",
        ["Refunds:AgentLimitMinor"] = "100",
        ["Refunds:DualApprovalAboveMinor"] = "100000000",
        ["Gateway:TimeoutAfterSuccessRate"] = "1",
    });

    public void Dispose() => app.Dispose();

    private RefundService Refunds => app.Get<RefundService>();

    [Fact]
    public async Task HundredParallelApprovals_OfOneRefund_GiveOneApprovalAndOneGatewayRefund()
    {
        var caseId = (await CasesAwaitingRefundAsync(1))[0];
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var proposed = await Refunds.ProposeAsync(agent, caseId, await WholeFirstLineAsync(caseId));
        Assert.True(proposed.Result.Succeeded, proposed.Result.Error);
        var supervisor = await app.PrincipalAsync("supervisor1@demo.local", Roles.Supervisor);

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() => Refunds.ApproveAsync(supervisor, proposed.RefundId!.Value))));

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.NotEqual(ResultStatus.Ok, r.Status));
        await using var db = app.CreateDbContext();
        Assert.Equal(1, await db.Set<RefundApproval>().CountAsync(a => a.RefundId == proposed.RefundId));
        var worker = app.Get<RefundWorker>();
        await Task.WhenAll(Task.Run(() => worker.ExecuteDueAsync()), Task.Run(() => worker.ExecuteDueAsync()));
        await worker.ExecuteDueAsync();
        var gateway = app.Get<SimulatedPaymentGateway>();
        var refund = await db.Refunds.AsNoTracking().SingleAsync(r => r.Id == proposed.RefundId);
        Assert.Equal(RefundStatus.Succeeded, refund.Status);
        Assert.Single(await gateway.ListAsync(), g => g.IdempotencyKey == refund.IdempotencyKey);
        Assert.Equal(CaseStatus.Refunded, await db.Cases.Where(c => c.Id == caseId).Select(c => c.Status).SingleAsync());
    }

    [Fact]
    public async Task GatewayTimesOutAfterPaying_TheWorkerFindsThePayment_ExactlyOneRefundAtTheGateway()
    {
        var caseId = (await CasesAwaitingRefundAsync(1))[0];
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var supervisor = await app.PrincipalAsync("supervisor2@demo.local", Roles.Supervisor);
        var proposed = await Refunds.ProposeAsync(agent, caseId, await WholeFirstLineAsync(caseId));
        Assert.True((await Refunds.ApproveAsync(supervisor, proposed.RefundId!.Value)).Succeeded);

        Assert.Equal(1, await app.Get<RefundWorker>().ExecuteDueAsync());
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(0, await app.Get<RefundWorker>().ExecuteDueAsync());

        await using var db = app.CreateDbContext();
        var refund = await db.Refunds.AsNoTracking().SingleAsync(r => r.Id == proposed.RefundId);
        Assert.Equal(RefundStatus.Succeeded, refund.Status);
        Assert.Equal(1, refund.Attempts);
        Assert.Single(await app.Get<SimulatedPaymentGateway>().ListAsync(), g => g.IdempotencyKey == refund.IdempotencyKey);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == RefundWorker.AuditAction && e.Detail!.Contains(refund.GatewayReference!)));
    }

    [Fact]
    public async Task ConcurrentProposals_OverSeveralCases_NeverSpendMoreThanWasPaid_AndOneRefundIsInProgressPerCase()
    {
        var caseIds = await CasesAwaitingRefundAsync(8);
        var agents = new[] { await app.PrincipalAsync("agent1@demo.local", Roles.Agent), await app.PrincipalAsync("agent2@demo.local", Roles.Agent) };
        var inputs = new Dictionary<long, RefundInput>();
        foreach (var caseId in caseIds)
        {
            inputs[caseId] = await WholeFirstLineAsync(caseId);
        }

        var attempts = Enumerable.Range(0, 200).Select(i => (CaseId: caseIds[i % caseIds.Count], Agent: agents[i % 2])).ToList();
        var results = await Task.WhenAll(attempts.Select(a => Task.Run(() => Refunds.ProposeAsync(a.Agent, a.CaseId, inputs[a.CaseId]))));

        Assert.Equal(caseIds.Count, results.Count(r => r.Result.Succeeded));
        Assert.All(results.Where(r => !r.Result.Succeeded), r => Assert.Contains("in progress", r.Result.Error));
        await using var db = app.CreateDbContext();
        foreach (var order in await db.Orders.AsNoTracking().Where(o => o.RefundCommittedMinor > 0).ToListAsync())
        {
            var holding = await db.Refunds.Where(r => r.OrderId == order.Id && r.Status != RefundStatus.Rejected && r.Status != RefundStatus.Cancelled)
                .SumAsync(r => r.AmountMinor);
            Assert.True(order.RefundCommittedMinor <= order.PaidMinor, $"order {order.OrderNo}: {order.RefundCommittedMinor} > {order.PaidMinor}");
            Assert.Equal(holding, order.RefundCommittedMinor);
        }
    }

    [Fact]
    public async Task TheDatabaseItself_RefusesABalanceBelowZero()
    {
        await using var db = app.CreateDbContext();
        var order = await db.Orders.FirstAsync(o => o.PaidMinor > 0);

        var refused = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() =>
            db.Database.ExecuteSqlRawAsync("UPDATE Orders SET RefundCommittedMinor = PaidMinor + 1 WHERE Id = {0}", order.Id));

        Assert.Contains("CK_Orders_RefundBalance", refused.Message);
    }

    [Fact]
    public async Task OnlyStaffPropose_OnlySupervisorsDecide()
    {
        var caseId = (await CasesAwaitingRefundAsync(1))[0];
        var merchantEmail = await MerchantOfAsync(caseId);
        var merchant = await app.PrincipalAsync(merchantEmail, Roles.Merchant);
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);

        Assert.Equal(ResultStatus.Forbidden, (await Refunds.ProposeAsync(merchant, caseId, await WholeFirstLineAsync(caseId))).Result.Status);
        var proposed = await Refunds.ProposeAsync(agent, caseId, await WholeFirstLineAsync(caseId));
        Assert.Equal(ResultStatus.Forbidden, (await Refunds.ApproveAsync(agent, proposed.RefundId!.Value)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await Refunds.RejectAsync(merchant, proposed.RefundId!.Value, "no")).Status);
        Assert.Null(await Refunds.ForCaseAsync(await app.PrincipalAsync(await OtherMerchantAsync(caseId), Roles.Merchant), caseId));
    }

    private async Task<List<long>> CasesAwaitingRefundAsync(int count)
    {
        await using var db = app.CreateDbContext();
        var found = await db.Cases.Where(c => c.Status == CaseStatus.AwaitingRefund).Select(c => c.Id).Take(count).ToListAsync();
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var service = app.Get<CaseService>();
        foreach (var candidate in await db.Cases.Where(c => c.Status == CaseStatus.MerchantAgreed && c.Kind == CaseKind.RefundOnly).Select(c => new { c.Id, c.Version }).ToListAsync())
        {
            if (found.Count >= count)
            {
                break;
            }

            if ((await service.ActAsync(agent, candidate.Id, CaseAction.RequestRefund, null, candidate.Version)).Succeeded)
            {
                found.Add(candidate.Id);
            }
        }

        // More cases when the demo data has too few: open refund-only cases on paid orders and walk them there.
        foreach (var orderId in await db.Orders.Where(o => o.Status == AfterSalesDesk.Data.Orders.OrderStatus.Delivered && !db.Cases.Any(c => c.OrderId == o.Id)
                     && o.DeliveredAt >= app.Clock.GetUtcNow().AddDays(-10)).Select(o => o.Id).Take(Math.Max(0, count - found.Count)).ToListAsync())
        {
            var lineId = await db.Set<AfterSalesDesk.Data.Orders.OrderLine>().Where(l => l.OrderId == orderId).Select(l => l.Id).FirstAsync();
            var opened = await service.OpenAsync(agent, new OpenCaseInput
            {
                OrderId = orderId, Kind = CaseKind.RefundOnly, Reason = "Quality problem", Stage = ProblemStage.AfterDelivery,
                Lines = [new RequestedLine { OrderLineId = lineId, Quantity = 1 }],
            });
            Assert.True(opened.Result.Succeeded, opened.Result.Error);
            var id = opened.CaseId!.Value;
            var merchant = await app.PrincipalAsync(await MerchantOfAsync(id), Roles.Merchant);
            foreach (var (who, action) in new[] { (agent, CaseAction.RequestMerchantResponse), (merchant, CaseAction.MerchantAgree), (agent, CaseAction.RequestRefund) })
            {
                var version = await db.Cases.AsNoTracking().Where(c => c.Id == id).Select(c => c.Version).SingleAsync();
                Assert.True((await service.ActAsync(who, id, action, null, version)).Succeeded);
            }

            found.Add(id);
        }

        Assert.Equal(count, found.Count);
        return found;
    }

    private async Task<RefundInput> WholeFirstLineAsync(long caseId)
    {
        await using var db = app.CreateDbContext();
        var line = await db.CaseLines.Where(l => l.CaseId == caseId).Select(l => new { l.OrderLineId, l.Quantity }).FirstAsync();
        return new RefundInput { Lines = [new RequestedLine { OrderLineId = line.OrderLineId, Quantity = line.Quantity }] };
    }

    private async Task<string> MerchantOfAsync(long caseId)
    {
        await using var db = app.CreateDbContext();
        var merchantId = await db.Cases.Where(c => c.Id == caseId).Select(c => c.MerchantId).SingleAsync();
        return await db.Users.Where(u => u.MerchantId == merchantId).Select(u => u.Email!).FirstAsync();
    }

    private async Task<string> OtherMerchantAsync(long caseId)
    {
        await using var db = app.CreateDbContext();
        var merchantId = await db.Cases.Where(c => c.Id == caseId).Select(c => c.MerchantId).SingleAsync();
        return await db.Users.Where(u => u.MerchantId != null && u.MerchantId != merchantId).Select(u => u.Email!).FirstAsync();
    }
}
