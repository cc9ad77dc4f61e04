using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Complaints;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Orders;
using AfterSalesDesk.Tests.Refunds;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Cases;
using AfterSalesDesk.Web.Features.Complaints;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Tests.Components.Complaints;

/// <summary>Complaints in the states the component tests need, made through the app's own services as people would.</summary>
internal static class ComplaintTestData
{
    /// <summary>A PNG is told by its first eight bytes; the rest is padding.</summary>
    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. new byte[90]];

    public static async Task<int> StoreOfAsync(this AppFactory app, string merchantEmail)
    {
        await using var db = app.CreateDbContext();
        return await db.Users.Where(u => u.Email == merchantEmail).Select(u => u.MerchantId!.Value).SingleAsync();
    }

    /// <summary>A complaint recorded by agent1 on an order of the merchant's store, then moved on to the state asked for.</summary>
    public static async Task<long> ComplaintAsync(this AppFactory app, string merchantEmail = "merchant1@demo.local", ComplaintStatus state = ComplaintStatus.Open,
        string summary = "The store's chat closed the conversation twice.")
    {
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var supervisor = await app.PrincipalAsync("supervisor1@demo.local", Roles.Supervisor);
        var store = await app.StoreOfAsync(merchantEmail);
        string orderNo;
        await using (var db = app.CreateDbContext())
        {
            orderNo = await db.Orders.Where(o => o.MerchantId == store).OrderBy(o => o.Id).Select(o => o.OrderNo).FirstAsync();
        }

        var complaints = app.Get<ComplaintService>();
        var opened = await complaints.OpenAsync(agent, new OpenComplaintInput { OrderNo = orderNo, Summary = summary });
        Assert.True(opened.Result.Succeeded, opened.Result.Error);
        var id = opened.ComplaintId!.Value;
        if (state is ComplaintStatus.AwaitingMerchantEvidence or ComplaintStatus.UnderArbitration or ComplaintStatus.Decided)
        {
            Assert.True((await complaints.RequestMerchantEvidenceAsync(agent, id, await app.ComplaintVersionAsync(id))).Succeeded);
        }

        if (state is ComplaintStatus.UnderArbitration or ComplaintStatus.Decided)
        {
            Assert.True((await complaints.SendToArbitrationAsync(supervisor, id, null, await app.ComplaintVersionAsync(id))).Succeeded);
        }

        if (state == ComplaintStatus.Decided)
        {
            var decided = await complaints.DecideAsync(supervisor, id, ArbitrationOutcome.ForMerchant, "The photos show no fault.", null, await app.ComplaintVersionAsync(id));
            Assert.True(decided.Succeeded, decided.Error);
        }

        return id;
    }

    public static async Task<Guid> ComplaintVersionAsync(this AppFactory app, long complaintId)
    {
        await using var db = app.CreateDbContext();
        return await db.Complaints.Where(c => c.Id == complaintId).Select(c => c.Version).SingleAsync();
    }

    public static async Task<Complaint> StoredComplaintAsync(this AppFactory app, long complaintId)
    {
        await using var db = app.CreateDbContext();
        return await db.Complaints.AsNoTracking().Include(c => c.Statements).Include(c => c.Evidence).Include(c => c.History)
            .AsSplitQuery().SingleAsync(c => c.Id == complaintId);
    }

    /// <summary>A new refund-only case on a delivered order without a case, sent to its merchant and rejected there.</summary>
    public static async Task<(long CaseId, Guid Version)> RejectedCaseAsync(this AppFactory app)
    {
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        // The demo data has few recent deliveries: any delivered order without a case will do.
        app.Get<IOptions<CaseLimits>>().Value.RefundOnlyWindowDays = 3650;
        long orderId, lineId;
        await using (var db = app.CreateDbContext())
        {
            orderId = await db.Orders.Where(o => o.Status == OrderStatus.Delivered && !db.Cases.Any(c => c.OrderId == o.Id))
                .OrderByDescending(o => o.Id).Select(o => o.Id).FirstAsync();
            lineId = await db.Set<OrderLine>().Where(l => l.OrderId == orderId).Select(l => l.Id).FirstAsync();
        }

        var cases = app.Get<CaseService>();
        var opened = await cases.OpenAsync(agent, new OpenCaseInput
        {
            OrderId = orderId, Kind = CaseKind.RefundOnly, Reason = "Quality problem", Stage = ProblemStage.AfterDelivery,
            Lines = [new RequestedLine { OrderLineId = lineId, Quantity = 1 }],
        });
        Assert.True(opened.Result.Succeeded, opened.Result.Error);
        var id = opened.CaseId!.Value;
        var merchant = await app.PrincipalAsync(await app.MerchantOfAsync(id), Roles.Merchant);
        foreach (var (who, action, reason) in new[] { (agent, CaseAction.RequestMerchantResponse, (string?)null), (merchant, CaseAction.MerchantReject, "The seal is broken.") })
        {
            var moved = await cases.ActAsync(who, id, action, reason, await app.CaseVersionAsync(id));
            Assert.True(moved.Succeeded, moved.Error);
        }

        return (id, await app.CaseVersionAsync(id));
    }

    public static async Task<Guid> CaseVersionAsync(this AppFactory app, long caseId)
    {
        await using var db = app.CreateDbContext();
        return await db.Cases.Where(c => c.Id == caseId).Select(c => c.Version).SingleAsync();
    }
}
