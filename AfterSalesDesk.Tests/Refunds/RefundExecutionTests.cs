using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Providers;
using AfterSalesDesk.Data.Refunds;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Cases;
using AfterSalesDesk.Web.Features.Refunds;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Refunds;

/// <summary>
/// Refunds over the real database and the simulated gateway: approvals under contention, the balance, exactly-once
/// execution, written once and run on SQLite (<see cref="RefundExecutionTests"/>) and on PostgreSQL
/// (<see cref="RefundExecutionOnPostgreSqlTests"/>).
/// </summary>
public abstract class RefundExecutionTestsBase(DatabaseProvider provider) : IDisposable
{
    private readonly AppFactory app = new(provider: provider, settings: new Dictionary<string, string?>
    {
        ["Demo:Orders"] = "1200",
        ["Refunds:AgentLimitMinor"] = "100",
        ["Refunds:DualApprovalAboveMinor"] = "100000000",
        ["Gateway:TimeoutAfterSuccessRate"] = "1",
    });

    public void Dispose()
    {
        app.Dispose();
        GC.SuppressFinalize(this);
    }

    private RefundService Refunds => app.Get<RefundService>();

    [Fact]
    public async Task ACaseForOneOfTwoItems_IsRefundedOneItem_TheSecondIsRefusedReadably_BeforeAndAfterPayment()
    {
        await using var db = app.CreateDbContext();
        var since = app.Clock.GetUtcNow().AddDays(-10);
        var line = await db.Set<AfterSalesDesk.Data.Orders.OrderLine>()
            .Where(l => l.Quantity >= 2 && db.Orders.Any(o => o.Id == l.OrderId && o.Status == AfterSalesDesk.Data.Orders.OrderStatus.Delivered
                && o.DeliveredAt >= since && !db.Cases.Any(c => c.OrderId == o.Id)))
            .OrderBy(l => l.Id).FirstAsync();
        var caseId = await app.OpenCaseAwaitingRefundAsync(line.OrderId, [(line.Id, 1)]);
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var supervisor = await app.PrincipalAsync("supervisor1@demo.local", Roles.Supervisor);
        RefundInput Items(int quantity) => new() { Lines = [new RequestedLine { OrderLineId = line.Id, Quantity = quantity }] };

        var both = await Refunds.ProposeAsync(agent, caseId, Items(2));
        var preview = await Refunds.PreviewAsync(agent, caseId, Items(2));

        Assert.Equal(ResultStatus.Invalid, both.Result.Status);
        Assert.Contains("1 of them are left to refund, not 2", both.Result.Error);
        Assert.Equal(both.Result.Error, preview!.Refusal);
        Assert.Equal(1, preview.LeftOnCase[line.Id]);
        Assert.Equal(0, await db.Refunds.CountAsync(r => r.CaseId == caseId));
        var one = await Refunds.ProposeAsync(agent, caseId, Items(1));
        Assert.True(one.Result.Succeeded, one.Result.Error);
        var proposed = await db.Refunds.AsNoTracking().Include(r => r.Lines).SingleAsync(r => r.Id == one.RefundId);
        Assert.Equal(1, Assert.Single(proposed.Lines).Quantity);
        if (proposed.Status == RefundStatus.AwaitingApproval)
        {
            Assert.True((await Refunds.ApproveAsync(supervisor, proposed.Id)).Succeeded);
        }

        await app.Get<RefundWorker>().ExecuteDueAsync();
        Assert.Equal(RefundStatus.Succeeded, await db.Refunds.Where(r => r.Id == one.RefundId).Select(r => r.Status).SingleAsync());
        Assert.Equal(0, (await Refunds.PreviewAsync(agent, caseId, Items(1)))!.LeftOnCase[line.Id]);
    }

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

        var refused = await Assert.ThrowsAnyAsync<Exception>(() =>
            db.Database.ExecuteSqlRawAsync("""UPDATE "Orders" SET "RefundCommittedMinor" = "PaidMinor" + 1 WHERE "Id" = {0}""", order.Id));

        Assert.Equal(new DbFailure(DbFailureKind.Check, ConstraintNames.RefundBalance), db.FailureOf(refused));
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

/// <summary>The refund execution tests on SQLite, the embedded default.</summary>
public sealed class RefundExecutionTests() : RefundExecutionTestsBase(DatabaseProvider.Sqlite);

/// <summary>The refund execution tests on the tests' PostgreSQL server.</summary>
public sealed class RefundExecutionOnPostgreSqlTests() : RefundExecutionTestsBase(DatabaseProvider.PostgreSql);
