using AfterSalesDesk.Data.Audit;
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
/// A person's retry and cancel of a failed refund, over the real database and the gateway's real ledger, with
/// the gateway refusing, losing answers or failing lookups as each test scripts it.
/// </summary>
public abstract class FailedRefundTestsBase(DatabaseProvider provider) : IAsyncLifetime
{
    private const int MaxAttempts = 3;

    private readonly AppFactory app = new(
        provider: provider,
        settings: new Dictionary<string, string?>
        {
            // Each test seeds its own app (the scripted gateway pays the demo refunds, so no seeded copy serves it): a few
            // cases awaiting a refund are all a test takes, and 1,200 orders took 10 s a test on PostgreSQL.
            ["Demo:Orders"] = "100",
            // Everything is granted at once: these tests are about what happens after the grant.
            ["Refunds:AgentLimitMinor"] = "100000000",
            ["Refunds:DualApprovalAboveMinor"] = "100000000",
            ["Refunds:MaxAttempts"] = MaxAttempts.ToString(),
        },
        services: ScriptedGateway.Use);

    /// <summary>The demo start pays the demo refunds through this gateway; the tests count from after it.</summary>
    public Task InitializeAsync() => app.Get<ScriptedGateway>().ForgetStartupAsync();

    public Task DisposeAsync()
    {
        app.Dispose();
        return Task.CompletedTask;
    }

    private RefundService Refunds => app.Get<RefundService>();

    private ScriptedGateway Gateway => app.Get<ScriptedGateway>();

    [Theory]
    [InlineData(MaxAttempts, false)]
    [InlineData(1, true)]
    public async Task Retry_AfterTheGatewayRefused_PaysExactlyOnceUnderTheSameKey(int refusals, bool final)
    {
        Gateway.Refuse(refusals, final);
        var (caseId, refundId) = await FailedRefundAsync();
        var failed = await RefundAsync(refundId);
        Assert.Equal(refusals, failed.Attempts);
        Assert.Contains("scripted", failed.LastError);
        Assert.Empty(await Gateway.PaidAsync());
        var supervisor = await app.PrincipalAsync("supervisor1@demo.local", Roles.Supervisor);

        var retried = await Refunds.RetryAsync(supervisor, refundId);

        Assert.True(retried.Succeeded, retried.Error);
        var granted = await RefundAsync(refundId);
        Assert.Equal(RefundStatus.Granted, granted.Status);
        Assert.Equal(failed.IdempotencyKey, granted.IdempotencyKey);
        Assert.Equal(0, granted.Attempts);
        Assert.Equal(app.Clock.GetUtcNow(), granted.NextAttemptAt);
        await RunWorkerAsync();
        var paid = await RefundAsync(refundId);
        Assert.Equal(RefundStatus.Succeeded, paid.Status);
        Assert.Equal(1, paid.Attempts);
        var receipt = Assert.Single(await Gateway.PaidAsync());
        Assert.Equal((failed.IdempotencyKey, paid.GatewayReference), (receipt.IdempotencyKey, receipt.GatewayReference));
        Assert.Equal(refusals + 1, Gateway.RefundCalls);
        Assert.Equal(CaseStatus.Refunded, await CaseStatusAsync(caseId));
        await using var db = app.CreateDbContext();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "refund.retry" && e.Outcome == AuditOutcome.Succeeded
            && e.UserName == "supervisor1@demo.local" && e.Detail!.Contains(failed.IdempotencyKey)));
    }

    [Fact]
    public async Task Retry_WhenTheGatewayHadPaidButEveryAnswerWasLost_FindsThePaymentAndNeverPaysTwice()
    {
        Gateway.LoseAnswers = true;
        Gateway.LookupsFail = true;
        var (caseId, refundId) = await FailedRefundAsync();
        Assert.Single(await Gateway.PaidAsync());
        Gateway.LookupsFail = false;

        var retried = await Refunds.RetryAsync(await app.PrincipalAsync("supervisor2@demo.local", Roles.Supervisor), refundId);
        await RunWorkerAsync();

        Assert.True(retried.Succeeded, retried.Error);
        var refund = await RefundAsync(refundId);
        Assert.Equal(RefundStatus.Succeeded, refund.Status);
        var receipt = Assert.Single(await Gateway.PaidAsync());
        Assert.Equal(receipt.GatewayReference, refund.GatewayReference);
        Assert.Equal(CaseStatus.Refunded, await CaseStatusAsync(caseId));
    }

    [Fact]
    public async Task Cancel_WhenTheGatewayHadPaid_MarksTheRefundPaidInstead_AndKeepsTheBalanceReserved()
    {
        Gateway.LoseAnswers = true;
        Gateway.LookupsFail = true;
        var (caseId, refundId) = await FailedRefundAsync();
        var committed = await CommittedAsync(refundId);
        Gateway.LookupsFail = false;

        var cancel = await Refunds.CancelAsync(await app.PrincipalAsync("supervisor1@demo.local", Roles.Supervisor), refundId, "The buyer was paid by bank transfer");

        Assert.True(cancel.Result.Succeeded, cancel.Result.Error);
        Assert.True(cancel.FoundPaid);
        var receipt = Assert.Single(await Gateway.PaidAsync());
        Assert.Equal(receipt.GatewayReference, cancel.GatewayReference);
        var refund = await RefundAsync(refundId);
        Assert.Equal(RefundStatus.Succeeded, refund.Status);
        Assert.Equal(receipt.GatewayReference, refund.GatewayReference);
        Assert.Null(refund.RejectionReason);
        Assert.Equal(committed, await CommittedAsync(refundId));
        Assert.Equal(CaseStatus.Refunded, await CaseStatusAsync(caseId));
        Assert.Equal(MaxAttempts, Gateway.RefundCalls);
        await using var db = app.CreateDbContext();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "refund.cancel" && e.Detail!.StartsWith("not cancelled") && e.Detail.Contains(receipt.GatewayReference)));
    }

    [Fact]
    public async Task Cancel_WhenTheGatewayNeverPaid_CancelsIt_ReleasesTheBalance_AndTheCaseGetsANewProposal()
    {
        Gateway.Refuse(MaxAttempts);
        var (caseId, refundId) = await FailedRefundAsync();
        var failed = await RefundAsync(refundId);
        var committed = await CommittedAsync(refundId);
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var supervisor = await app.PrincipalAsync("supervisor2@demo.local", Roles.Supervisor);
        // Every item the case concerns: the failed refund holds them until it is cancelled.
        var wholeLine = await app.WholeFirstLineAsync(caseId);
        var blocked = await Refunds.ProposeAsync(agent, caseId, wholeLine);
        Assert.Equal(ResultStatus.Invalid, blocked.Result.Status);
        Assert.Contains("left to refund", blocked.Result.Error);

        var lookups = Gateway.FindCalls;
        var withoutReason = await Refunds.CancelAsync(supervisor, refundId, " ");
        Assert.Equal(ResultStatus.Invalid, withoutReason.Result.Status);
        Assert.Equal(lookups, Gateway.FindCalls);
        var cancel = await Refunds.CancelAsync(supervisor, refundId, "Gateway confirms nothing was paid; buyer chose store credit");

        Assert.True(cancel.Result.Succeeded, cancel.Result.Error);
        Assert.False(cancel.FoundPaid);
        Assert.Equal(RefundStatus.Cancelled, cancel.Status);
        Assert.Equal(lookups + 1, Gateway.FindCalls);
        var cancelled = await RefundAsync(refundId);
        Assert.Equal(RefundStatus.Cancelled, cancelled.Status);
        Assert.Equal("supervisor2@demo.local", cancelled.RejectedBy);
        Assert.Equal(committed - failed.AmountMinor, await CommittedAsync(refundId));
        Assert.Equal(CaseStatus.AwaitingRefund, await CaseStatusAsync(caseId));
        var rows = await Refunds.ForCaseAsync(supervisor, caseId);
        Assert.False(Assert.Single(rows!).CanRetryOrCancel);

        var again = await Refunds.ProposeAsync(agent, caseId, wholeLine);
        Assert.True(again.Result.Succeeded, again.Result.Error);
        await RunWorkerAsync();
        var receipt = Assert.Single(await Gateway.PaidAsync());
        Assert.Equal((await RefundAsync(again.RefundId!.Value)).IdempotencyKey, receipt.IdempotencyKey);
        Assert.Equal(RefundStatus.Cancelled, (await RefundAsync(refundId)).Status);
        Assert.Equal(CaseStatus.Refunded, await CaseStatusAsync(caseId));
    }

    [Fact]
    public async Task Cancel_WhenTheGatewayDoesNotAnswer_ChangesNothing()
    {
        Gateway.Refuse(MaxAttempts);
        var (_, refundId) = await FailedRefundAsync();
        var committed = await CommittedAsync(refundId);
        Gateway.LookupsFail = true;

        var cancel = await Refunds.CancelAsync(await app.PrincipalAsync("supervisor1@demo.local", Roles.Supervisor), refundId, "Never paid");

        Assert.Equal(ResultStatus.Conflict, cancel.Result.Status);
        Assert.Contains("did not answer", cancel.Result.Error);
        Assert.Equal(RefundStatus.Failed, (await RefundAsync(refundId)).Status);
        Assert.Equal(committed, await CommittedAsync(refundId));
    }

    [Fact]
    public async Task Cancel_WhenTheRefundWasRetriedAndPaidWhileTheGatewayWasAsked_IsRefused_AndNeverReleasesAPaidRefund()
    {
        Gateway.Refuse(MaxAttempts);
        var (_, refundId) = await FailedRefundAsync();
        var committed = await CommittedAsync(refundId);
        var supervisor1 = await app.PrincipalAsync("supervisor1@demo.local", Roles.Supervisor);
        var supervisor2 = await app.PrincipalAsync("supervisor2@demo.local", Roles.Supervisor);

        // While the gateway answers supervisor 1 "never paid", supervisor 2 retries; the retry pays, every answer
        // and lookup is lost, and the refund is Failed again: same status, but supervisor 1's answer is now stale.
        Gateway.WhileLookingUp = async () =>
        {
            (Gateway.LoseAnswers, Gateway.LookupsFail) = (true, true);
            Assert.True((await Refunds.RetryAsync(supervisor2, refundId)).Succeeded);
            await RunWorkerAsync();
            (Gateway.LoseAnswers, Gateway.LookupsFail) = (false, false);
        };
        var stale = await Refunds.CancelAsync(supervisor1, refundId, "never paid");

        Assert.Equal(ResultStatus.Conflict, stale.Result.Status);
        Assert.Contains("changed this refund while the gateway was asked", stale.Result.Error);
        Assert.Equal(RefundStatus.Failed, (await RefundAsync(refundId)).Status);
        Assert.Equal(committed, await CommittedAsync(refundId));
        Assert.Single(await Gateway.PaidAsync());
        var again = await Refunds.CancelAsync(supervisor1, refundId, "never paid");
        Assert.True(again.FoundPaid, again.Result.Error);
        Assert.Equal(RefundStatus.Succeeded, (await RefundAsync(refundId)).Status);
        Assert.Equal(committed, await CommittedAsync(refundId));
    }

    [Fact]
    public async Task ManySupervisorsCancellingAtOnce_CancelOnce_AndReleaseTheBalanceOnce()
    {
        Gateway.Refuse(MaxAttempts);
        var (_, refundId) = await FailedRefundAsync();
        var amount = (await RefundAsync(refundId)).AmountMinor;
        var committed = await CommittedAsync(refundId);
        var supervisors = new[]
        {
            await app.PrincipalAsync("supervisor1@demo.local", Roles.Supervisor), await app.PrincipalAsync("supervisor2@demo.local", Roles.Supervisor),
        };

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => Refunds.CancelAsync(supervisors[i % 2], refundId, $"never paid ({i})"))));

        Assert.Single(results, r => r.Result.Succeeded);
        Assert.All(results.Where(r => !r.Result.Succeeded), r =>
        {
            Assert.Contains(r.Result.Status, new[] { ResultStatus.Conflict, ResultStatus.Invalid });
            Assert.Contains("Cancelled", r.Result.Error);
        });
        Assert.Equal(RefundStatus.Cancelled, (await RefundAsync(refundId)).Status);
        Assert.Equal(committed - amount, await CommittedAsync(refundId));
    }

    [Fact]
    public async Task RetriesAndCancelsAtOnce_HaveOneEffect_AndTheRefundIsPaidAtMostOnce()
    {
        Gateway.Refuse(MaxAttempts);
        var (_, refundId) = await FailedRefundAsync();
        var amount = (await RefundAsync(refundId)).AmountMinor;
        var committed = await CommittedAsync(refundId);
        var supervisors = new[]
        {
            await app.PrincipalAsync("supervisor1@demo.local", Roles.Supervisor), await app.PrincipalAsync("supervisor2@demo.local", Roles.Supervisor),
        };

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () => i % 2 == 0
            ? await Refunds.RetryAsync(supervisors[i / 2 % 2], refundId)
            : (await Refunds.CancelAsync(supervisors[i / 2 % 2], refundId, "never paid")).Result)));
        await RunWorkerAsync();

        var won = Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r =>
        {
            Assert.Contains(r.Status, new[] { ResultStatus.Conflict, ResultStatus.Invalid });
            Assert.False(string.IsNullOrWhiteSpace(r.Error));
        });
        var refund = await RefundAsync(refundId);
        var ledger = await Gateway.PaidAsync();
        if (refund.Status == RefundStatus.Cancelled)
        {
            Assert.Empty(ledger);
            Assert.Equal(committed - amount, await CommittedAsync(refundId));
        }
        else
        {
            Assert.Equal(RefundStatus.Succeeded, refund.Status);
            Assert.Equal(refund.IdempotencyKey, Assert.Single(ledger).IdempotencyKey);
            Assert.Equal(committed, await CommittedAsync(refundId));
        }
    }

    [Fact]
    public async Task OnlySupervisorsRetryOrCancel_EveryoneElseIsDeniedAndAudited()
    {
        Gateway.Refuse(MaxAttempts);
        var (caseId, refundId) = await FailedRefundAsync();
        var others = new[]
        {
            await app.PrincipalAsync("agent1@demo.local", Roles.Agent),
            await app.PrincipalAsync(await app.MerchantOfAsync(caseId), Roles.Merchant),
            await app.PrincipalAsync("manager@demo.local", Roles.Manager),
        };
        var lookups = Gateway.FindCalls;

        foreach (var user in others)
        {
            Assert.Equal(ResultStatus.Forbidden, (await Refunds.RetryAsync(user, refundId)).Status);
            Assert.Equal(ResultStatus.Forbidden, (await Refunds.CancelAsync(user, refundId, "never paid")).Result.Status);
        }

        Assert.Equal(RefundStatus.Failed, (await RefundAsync(refundId)).Status);
        Assert.Equal(lookups, Gateway.FindCalls);
        await using var db = app.CreateDbContext();
        var entityId = refundId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var denied = await db.AuditEntries.Where(e => e.EntityType == "Refund" && e.EntityId == entityId && e.Outcome == AuditOutcome.Denied)
            .Select(e => new { e.Action, e.Role }).ToListAsync();
        Assert.Equal(
            others.SelectMany(u => new[] { ("refund.retry", Role(u)), ("refund.cancel", Role(u)) }).Order().ToList(),
            denied.Select(d => (d.Action, d.Role)).Order().ToList());
        Assert.False(Assert.Single((await Refunds.ForCaseAsync(others[0], caseId))!).CanRetryOrCancel);
        var supervisorRows = await Refunds.ForCaseAsync(await app.PrincipalAsync("supervisor1@demo.local", Roles.Supervisor), caseId);
        Assert.True(Assert.Single(supervisorRows!).CanRetryOrCancel);
    }

    private static string Role(System.Security.Claims.ClaimsPrincipal user) =>
        Roles.All.First(user.IsInRole);

    /// <summary>A case's refund, granted at once and then run by the worker until the scripted gateway has made it fail.</summary>
    private async Task<(long CaseId, long RefundId)> FailedRefundAsync()
    {
        var caseId = (await app.CasesAwaitingRefundAsync(1))[0];
        var proposed = await Refunds.ProposeAsync(await app.PrincipalAsync("agent1@demo.local", Roles.Agent), caseId, await app.WholeFirstLineAsync(caseId));
        Assert.True(proposed.Result.Succeeded, proposed.Result.Error);
        await RunWorkerAsync();
        Assert.Equal(RefundStatus.Failed, (await RefundAsync(proposed.RefundId!.Value)).Status);
        return (caseId, proposed.RefundId!.Value);
    }

    /// <summary>Runs the worker as its timer would, with the clock moving past every retry delay.</summary>
    private async Task RunWorkerAsync()
    {
        var worker = app.Get<RefundWorker>();
        for (var round = 0; round < MaxAttempts + 2; round++)
        {
            await worker.ExecuteDueAsync();
            app.Clock.Advance(TimeSpan.FromMinutes(5));
        }
    }

    private async Task<Refund> RefundAsync(long refundId)
    {
        await using var db = app.CreateDbContext();
        return await db.Refunds.AsNoTracking().SingleAsync(r => r.Id == refundId);
    }

    private async Task<long> CommittedAsync(long refundId)
    {
        await using var db = app.CreateDbContext();
        return await db.Orders.Where(o => db.Refunds.Any(r => r.Id == refundId && r.OrderId == o.Id)).Select(o => o.RefundCommittedMinor).SingleAsync();
    }

    private async Task<CaseStatus> CaseStatusAsync(long caseId)
    {
        await using var db = app.CreateDbContext();
        return await db.Cases.Where(c => c.Id == caseId).Select(c => c.Status).SingleAsync();
    }
}

/// <summary>The failed-refund tests on SQLite, the embedded default.</summary>
public sealed class FailedRefundTests() : FailedRefundTestsBase(DatabaseProvider.Sqlite);

/// <summary>The failed-refund tests on the tests' PostgreSQL server.</summary>
public sealed class FailedRefundOnPostgreSqlTests() : FailedRefundTestsBase(DatabaseProvider.PostgreSql);
