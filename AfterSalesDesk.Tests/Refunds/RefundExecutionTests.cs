using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Refunds;
using AfterSalesDesk.Tests.TestSupport;
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
        var caseId = (await app.CasesAwaitingRefundAsync(1))[0];
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var proposed = await Refunds.ProposeAsync(agent, caseId, await app.WholeFirstLineAsync(caseId));
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
        var caseId = (await app.CasesAwaitingRefundAsync(1))[0];
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var supervisor = await app.PrincipalAsync("supervisor2@demo.local", Roles.Supervisor);
        var proposed = await Refunds.ProposeAsync(agent, caseId, await app.WholeFirstLineAsync(caseId));
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
        var caseIds = await app.CasesAwaitingRefundAsync(8);
        var agents = new[] { await app.PrincipalAsync("agent1@demo.local", Roles.Agent), await app.PrincipalAsync("agent2@demo.local", Roles.Agent) };
        var inputs = new Dictionary<long, RefundInput>();
        foreach (var caseId in caseIds)
        {
            inputs[caseId] = await app.WholeFirstLineAsync(caseId);
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
        var caseId = (await app.CasesAwaitingRefundAsync(1))[0];
        var merchantEmail = await app.MerchantOfAsync(caseId);
        var merchant = await app.PrincipalAsync(merchantEmail, Roles.Merchant);
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);

        Assert.Equal(ResultStatus.Forbidden, (await Refunds.ProposeAsync(merchant, caseId, await app.WholeFirstLineAsync(caseId))).Result.Status);
        var proposed = await Refunds.ProposeAsync(agent, caseId, await app.WholeFirstLineAsync(caseId));
        Assert.Equal(ResultStatus.Forbidden, (await Refunds.ApproveAsync(agent, proposed.RefundId!.Value)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await Refunds.RejectAsync(merchant, proposed.RefundId!.Value, "no")).Status);
        Assert.Null(await Refunds.ForCaseAsync(await app.PrincipalAsync(await app.OtherMerchantAsync(caseId), Roles.Merchant), caseId));
    }
}
