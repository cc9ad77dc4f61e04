using System.Net;
using System.Security.Claims;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Orders;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Cases;
using AfterSalesDesk.Web.Features.Orders;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Cases;

/// <summary>Opening and working cases through the service, over real SQLite, as each role.</summary>
public class CaseServiceTests : IDisposable
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3];
    private readonly AppFactory app = new(settings: new Dictionary<string, string?> { ["Demo:Orders"] = "1200" });

    public void Dispose() => app.Dispose();

    private CaseService Cases => app.Get<CaseService>();

    [Fact]
    public async Task DemoData_HasEveryKindInEveryStateItCanReach()
    {
        await using var db = app.CreateDbContext();
        var present = await db.Cases.Select(c => new { c.Kind, c.Status }).Distinct().ToListAsync();

        foreach (var kind in Enum.GetValues<CaseKind>())
        {
            foreach (var status in Enum.GetValues<CaseStatus>().Where(s => CaseTransitions.ShortestPath(kind, s) is not null))
            {
                Assert.Contains(present, p => p.Kind == kind && p.Status == status);
            }
        }
    }

    [Fact]
    public async Task Open_WhenAgentAsksForAValidReturn_OpensASubmittedCaseWithItsHistoryAndAudit()
    {
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var order = await FreshDeliveredOrderAsync();

        var outcome = await Cases.OpenAsync(agent, Input(order, CaseKind.ReturnAndRefund, 1));

        Assert.True(outcome.Result.Succeeded, outcome.Result.Error);
        var details = (await Cases.GetAsync(agent, outcome.CaseId!.Value))!;
        Assert.Equal((CaseStatus.Submitted, CaseKind.ReturnAndRefund, "Quality problem"), (details.Status, details.Kind, details.Reason));
        Assert.StartsWith("AS", details.CaseNo);
        Assert.All(details.History, h => Assert.Equal("agent1@demo.local", h.ActorName));
        Assert.Contains(CaseAction.RequestMerchantResponse, details.Actions);
        await using var db = app.CreateDbContext();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "case.open" && e.EntityType == "AfterSalesCase" && e.UserName == "agent1@demo.local"));
    }

    [Fact]
    public async Task Open_ByAnAgent_AssignsTheCaseToThatAgent_WithAHistoryLineAndATakeInTheAudit()
    {
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var order = await FreshDeliveredOrderAsync();

        var outcome = await Cases.OpenAsync(agent, Input(order, CaseKind.RefundOnly, 1));

        Assert.True(outcome.Result.Succeeded, outcome.Result.Error);
        var caseId = outcome.CaseId!.Value;
        var details = (await Cases.GetAsync(agent, caseId))!;
        Assert.Equal("agent1@demo.local", details.AssigneeName);
        Assert.Contains(details.History, h => h.Reason == "Assigned to agent1@demo.local.");
        await using var db = app.CreateDbContext();
        var id = caseId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "case.take" && e.EntityType == "AfterSalesCase" && e.EntityId == id
            && e.UserName == "agent1@demo.local" && e.Outcome == AuditOutcome.Succeeded));
    }

    [Fact]
    public async Task Open_WhenAssignToOpenerIsOff_LeavesTheCaseUnassigned()
    {
        using var unassigning = new AppFactory(settings: new Dictionary<string, string?> { ["Demo:Orders"] = "300", ["Cases:AssignToOpener"] = "false" });
        var agent = await unassigning.PrincipalAsync("agent1@demo.local", Roles.Agent);
        await using var db = unassigning.CreateDbContext();
        var since = unassigning.Clock.GetUtcNow().AddDays(-6);
        var orderId = await db.Orders.Where(o => o.Status == OrderStatus.Delivered && o.DeliveredAt >= since && !db.Cases.Any(c => c.OrderId == o.Id))
            .Select(o => o.Id).FirstAsync();
        var order = (await unassigning.Get<OrderService>().GetAsync(agent, orderId))!;

        var outcome = await unassigning.Get<CaseService>().OpenAsync(agent, Input(order, CaseKind.RefundOnly, 1));

        Assert.True(outcome.Result.Succeeded, outcome.Result.Error);
        Assert.Null((await unassigning.Get<CaseService>().GetAsync(agent, outcome.CaseId!.Value))!.AssigneeName);
    }

    [Fact]
    public async Task Open_WhenQuantityExceedsWhatIsLeft_IsRefusedWithTheReason()
    {
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var order = await FreshDeliveredOrderAsync();
        var bought = order.Lines[0].Quantity;
        Assert.True((await Cases.OpenAsync(agent, Input(order, CaseKind.RefundOnly, bought))).Result.Succeeded);

        var second = await Cases.OpenAsync(agent, Input(order, CaseKind.RefundOnly, 1));

        Assert.Equal(ResultStatus.Invalid, second.Result.Status);
        Assert.Contains("already covered by earlier cases", second.Result.Error);
    }

    [Theory]
    [InlineData(Roles.Merchant, "merchant1@demo.local")]
    [InlineData(Roles.Manager, "manager@demo.local")]
    [InlineData(Roles.Admin, "admin@demo.local")]
    public async Task Open_WhenNotAgentOrSupervisor_IsDeniedAndAudited(string role, string email)
    {
        var user = await app.PrincipalAsync(email, role);
        var order = await FreshDeliveredOrderAsync();

        var outcome = await Cases.OpenAsync(user, Input(order, CaseKind.RefundOnly, 1));

        Assert.Equal(ResultStatus.Forbidden, outcome.Result.Status);
        await using var db = app.CreateDbContext();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "case.open" && e.Outcome == AuditOutcome.Denied && e.UserName == email));
    }

    [Fact]
    public async Task Merchant_WhenCaseBelongsToAnotherStore_GetsNotFoundAndTheAttemptIsAudited()
    {
        var (caseId, merchantId) = await SomeCaseAsync();
        var (email, _) = await OtherMerchantUserAsync(merchantId);
        var outsider = await app.PrincipalAsync(email, Roles.Merchant);
        var owner = await app.PrincipalAsync((await MerchantUserAsync(merchantId)).Email, Roles.Merchant);

        Assert.Null(await Cases.GetAsync(outsider, caseId));
        Assert.Equal(ResultStatus.NotFound, (await Cases.AddMessageAsync(outsider, caseId, MessageVisibility.ToBuyer, "hi")).Status);
        Assert.NotNull(await Cases.GetAsync(owner, caseId));
        await using var db = app.CreateDbContext();
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.UserName == email && e.Outcome == AuditOutcome.Denied && e.EntityId == caseId.ToString()));
        var page = await app.Get<AfterSalesDesk.Web.Features.Queues.CaseQueueService>().PageAsync(outsider, new AfterSalesDesk.Web.Features.Queues.QueueQuery { Take = 100 });
        Assert.DoesNotContain(page!.Rows, r => r.Id == caseId);
    }

    [Fact]
    public async Task Merchant_NeverSeesInternalNotes()
    {
        var (caseId, merchantId) = await SomeCaseAsync();
        var agent = await app.PrincipalAsync("agent2@demo.local", Roles.Agent);
        var merchant = await app.PrincipalAsync((await MerchantUserAsync(merchantId)).Email, Roles.Merchant);
        Assert.True((await Cases.AddMessageAsync(agent, caseId, MessageVisibility.Internal, "Secret: buyer flagged")).Succeeded);
        Assert.True((await Cases.AddMessageAsync(agent, caseId, MessageVisibility.ToMerchant, "Please answer within 48 h")).Succeeded);

        var seen = (await Cases.GetAsync(merchant, caseId))!;
        var denied = await Cases.AddMessageAsync(merchant, caseId, MessageVisibility.Internal, "me too");

        Assert.DoesNotContain(seen.Messages, m => m.Visibility == MessageVisibility.Internal);
        Assert.Contains(seen.Messages, m => m.Body == "Please answer within 48 h");
        Assert.DoesNotContain(MessageVisibility.Internal, seen.WritableVisibilities);
        Assert.Equal(ResultStatus.Forbidden, denied.Status);
        Assert.Contains((await Cases.GetAsync(agent, caseId))!.Messages, m => m.Body == "Secret: buyer flagged");
    }

    [Fact]
    public async Task Act_WhenSomeoneElseChangedTheCase_RefusesAndSaysWho()
    {
        var agent1 = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var agent2 = await app.PrincipalAsync("agent2@demo.local", Roles.Agent);
        var order = await FreshDeliveredOrderAsync();
        var caseId = (await Cases.OpenAsync(agent1, Input(order, CaseKind.RefundOnly, 1))).CaseId!.Value;
        var seenByBoth = (await Cases.GetAsync(agent1, caseId))!.Version;

        var first = await Cases.ActAsync(agent2, caseId, CaseAction.RequestMerchantResponse, null, seenByBoth);
        var second = await Cases.ActAsync(agent1, caseId, CaseAction.CancelForBuyer, "buyer changed mind", seenByBoth);

        Assert.True(first.Succeeded, first.Error);
        Assert.Equal(ResultStatus.Conflict, second.Status);
        Assert.Contains("was changed by agent2@demo.local", second.Error);
        Assert.Equal(CaseStatus.AwaitingMerchant, (await Cases.GetAsync(agent1, caseId))!.Status);
    }

    [Fact]
    public async Task Act_ThroughAReturnFlow_RecordsEveryStepWithActorAndReason()
    {
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var order = await FreshDeliveredOrderAsync();
        var merchant = await app.PrincipalAsync((await MerchantUserAsync(order.MerchantId)).Email, Roles.Merchant);
        var caseId = (await Cases.OpenAsync(agent, Input(order, CaseKind.ReturnAndRefund, 1))).CaseId!.Value;

        await StepAsync(agent, caseId, CaseAction.RequestMerchantResponse, null);
        var merchantCannot = await Cases.ActAsync(agent, caseId, CaseAction.MerchantAgree, null, (await Cases.GetAsync(agent, caseId))!.Version);
        await StepAsync(merchant, caseId, CaseAction.MerchantAgree, "OK to return");
        await StepAsync(agent, caseId, CaseAction.RequestReturn, null);
        await StepAsync(agent, caseId, CaseAction.RecordReturnShipment, null, new CaseStepInput { Carrier = "SF Express", TrackingNo = " sf 1234567890" });

        Assert.Equal(ResultStatus.Invalid, merchantCannot.Status);
        var details = (await Cases.GetAsync(agent, caseId))!;
        Assert.Equal(CaseStatus.ReturnInTransit, details.Status);
        Assert.Equal(
            [CaseStatus.Submitted, CaseStatus.Submitted, CaseStatus.AwaitingMerchant, CaseStatus.MerchantAgreed, CaseStatus.AwaitingReturnShipment, CaseStatus.ReturnInTransit],
            details.History.Select(h => h.To));
        Assert.Equal("Assigned to agent1@demo.local.", details.History[1].Reason); // the opener holds the case (Cases:AssignToOpener)
        Assert.Equal(Roles.Merchant, details.History[3].ActorRole);
        Assert.Equal("Waybill SF Express SF1234567890", details.History[^1].Reason);
        var parcel = Assert.Single(details.Shipments);
        Assert.Equal((ShipmentLeg.Return, "SF Express", "SF1234567890", "agent1@demo.local"), (parcel.Leg, parcel.Carrier, parcel.TrackingNo, parcel.RecordedBy));
        await using var db = app.CreateDbContext();
        var agreed = await db.AuditEntries.SingleAsync(e => e.Action == "case.MerchantAgree" && e.EntityType == "AfterSalesCase" && e.Outcome == AuditOutcome.Succeeded);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "case.MerchantAgree" && e.UserName == "agent1@demo.local" && e.Outcome == AuditOutcome.Failed));
        Assert.Contains("\"Status\":{\"Before\":\"AwaitingMerchant\",\"After\":\"MerchantAgreed\"}", agreed.Changes);
        Assert.Equal(("OK to return", Roles.Merchant), (agreed.Detail, agreed.Role));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "case.MerchantAgree" && e.EntityType == "CaseEvent"));
    }

    [Fact]
    public async Task Attachment_WhenRealPng_IsStoredUnderItsHashAndServedOnlyToThoseWhoMaySeeTheCase()
    {
        var (caseId, merchantId) = await SomeCaseAsync();
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);

        var result = await Cases.AddAttachmentAsync(agent, caseId, "photo.png", new MemoryStream(Png));

        Assert.True(result.Succeeded, result.Error);
        var attachment = Assert.Single((await Cases.GetAsync(agent, caseId))!.Attachments);
        Assert.Equal(("photo.png", "image/png", Png.Length), (attachment.FileName, attachment.ContentType, (int)attachment.Size));
        var store = app.Get<AttachmentStore>();
        Assert.Single(Directory.GetFiles(store.Root, "*", SearchOption.AllDirectories));
        Assert.DoesNotContain("wwwroot", store.Root);

        var owner = app.CreateBrowserLikeClient();
        await owner.LoginAsync((await MerchantUserAsync(merchantId)).Email);
        var ok = await owner.GetAsync($"/cases/{caseId}/attachments/{attachment.Id}");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(Png, await ok.Content.ReadAsByteArrayAsync());
        Assert.Equal("nosniff", ok.Headers.GetValues("X-Content-Type-Options").Single());

        var outsider = app.CreateBrowserLikeClient();
        await outsider.LoginAsync((await OtherMerchantUserAsync(merchantId)).Email);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/cases/{caseId}/attachments/{attachment.Id}")).StatusCode);
        var anonymous = app.CreateBrowserLikeClient();
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync($"/cases/{caseId}/attachments/{attachment.Id}")).StatusCode);
    }

    [Theory]
    [InlineData(Roles.Manager, "manager@demo.local")]
    [InlineData(Roles.Admin, "admin@demo.local")]
    public async Task Attachment_WhenManagerOrAdmin_IsDeniedAndAuditedAndNothingIsStored(string role, string email)
    {
        var (caseId, _) = await SomeCaseAsync();
        var user = await app.PrincipalAsync(email, role);

        var result = await Cases.AddAttachmentAsync(user, caseId, "photo.png", new MemoryStream(Png));

        Assert.Equal(ResultStatus.Forbidden, result.Status);
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        Assert.Empty((await Cases.GetAsync(agent, caseId))!.Attachments);
        var root = app.Get<AttachmentStore>().Root;
        Assert.False(Directory.Exists(root) && Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Any(), "a refused file was stored");
        await using var db = app.CreateDbContext();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "case.attach" && e.Outcome == AuditOutcome.Denied && e.UserName == email));
    }

    [Fact]
    public async Task Attachment_WhenTheCasesMerchant_IsStoredAndOnlyThoseWhoWorkTheCaseAreOfferedUpload()
    {
        var (caseId, merchantId) = await SomeCaseAsync();
        var merchant = await app.PrincipalAsync((await MerchantUserAsync(merchantId)).Email, Roles.Merchant);

        var result = await Cases.AddAttachmentAsync(merchant, caseId, "receipt.png", new MemoryStream(Png));

        Assert.True(result.Succeeded, result.Error);
        var details = (await Cases.GetAsync(merchant, caseId))!;
        Assert.Equal("receipt.png", Assert.Single(details.Attachments).FileName);
        Assert.True(details.CanAttach);
        Assert.True((await Cases.GetAsync(await app.PrincipalAsync("supervisor1@demo.local", Roles.Supervisor), caseId))!.CanAttach);
        Assert.False((await Cases.GetAsync(await app.PrincipalAsync("manager@demo.local", Roles.Manager), caseId))!.CanAttach);

        var manager = app.CreateBrowserLikeClient();
        await manager.LoginAsync("manager@demo.local");
        var page = await manager.GetStringAsync($"/cases/{caseId}");
        Assert.Contains("receipt.png", page);
        Assert.DoesNotContain("data-testid=\"attachment-input\"", page);
        var owner = app.CreateBrowserLikeClient();
        await owner.LoginAsync((await MerchantUserAsync(merchantId)).Email);
        Assert.Contains("data-testid=\"attachment-input\"", await owner.GetStringAsync($"/cases/{caseId}"));
    }

    [Fact]
    public async Task Attachment_WhenAnExecutableIsRenamedToJpg_IsRefused()
    {
        var (caseId, _) = await SomeCaseAsync();
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        byte[] elf = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3E, 0];
        byte[] windows = [0x4D, 0x5A, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF, 0, 0];

        var linux = await Cases.AddAttachmentAsync(agent, caseId, "holiday.jpg", new MemoryStream(elf));
        var exe = await Cases.AddAttachmentAsync(agent, caseId, "invoice.pdf", new MemoryStream(windows));

        Assert.Equal(ResultStatus.Invalid, linux.Status);
        Assert.Contains("Only images (JPEG, PNG, GIF, WebP) and PDF documents", linux.Error);
        Assert.Equal(ResultStatus.Invalid, exe.Status);
        Assert.Empty((await Cases.GetAsync(agent, caseId))!.Attachments);
        Assert.Empty(Directory.GetFiles(app.Get<AttachmentStore>().Root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Attachment_WhenLargerThanTenMegabytes_IsRefused()
    {
        var (caseId, _) = await SomeCaseAsync();
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var big = new byte[AttachmentStore.MaxBytes + 1];
        Png.CopyTo(big, 0);

        var result = await Cases.AddAttachmentAsync(agent, caseId, "big.png", new MemoryStream(big));

        Assert.Equal("The file is larger than 10 MB.", result.Error);
        Assert.Empty((await Cases.GetAsync(agent, caseId))!.Attachments);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, "image/jpeg")]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61 }, "image/gif")]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37 }, "application/pdf")]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50 }, "image/webp")]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x41, 0x56, 0x45 }, null)]
    [InlineData(new byte[] { 0x3C, 0x73, 0x76, 0x67 }, null)]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04 }, null)]
    public void Sniff_DecidesByContent(byte[] head, string? expected)
    {
        Assert.Equal(expected, AttachmentStore.Sniff(head));
    }

    private async Task StepAsync(ClaimsPrincipal user, long caseId, CaseAction action, string? reason, CaseStepInput? step = null)
    {
        var version = (await Cases.GetAsync(user, caseId))!.Version;
        var result = await Cases.ActAsync(user, caseId, action, reason, version, step);
        Assert.True(result.Succeeded, $"{action}: {result.Error}");
    }

    private static OpenCaseInput Input(OrderDetails order, CaseKind kind, int quantity) => new()
    {
        OrderId = order.Id,
        Kind = kind,
        Reason = "Quality problem",
        Stage = ProblemStage.AfterDelivery,
        Description = "Broken on arrival",
        Lines = [new RequestedLine { OrderLineId = order.Lines[0].Id, Quantity = quantity }],
    };

    /// <summary>A delivered order, recently enough for every window, with no case yet.</summary>
    private async Task<OrderDetails> FreshDeliveredOrderAsync()
    {
        await using var db = app.CreateDbContext();
        var since = app.Clock.GetUtcNow().AddDays(-6);
        var id = await db.Orders
            .Where(o => o.Status == OrderStatus.Delivered && o.DeliveredAt >= since && !db.Cases.Any(c => c.OrderId == o.Id))
            .Select(o => o.Id).FirstAsync();
        return (await app.Get<OrderService>().GetAsync(await app.PrincipalAsync("agent1@demo.local", Roles.Agent), id))!;
    }

    private async Task<(long CaseId, int MerchantId)> SomeCaseAsync()
    {
        await using var db = app.CreateDbContext();
        var found = await db.Cases.Where(c => c.Status == CaseStatus.AwaitingMerchant).Select(c => new { c.Id, c.MerchantId }).FirstAsync();
        return (found.Id, found.MerchantId);
    }

    private async Task<(string Email, int MerchantId)> MerchantUserAsync(int merchantId)
    {
        await using var db = app.CreateDbContext();
        return (await db.Users.Where(u => u.MerchantId == merchantId).Select(u => u.Email!).FirstAsync(), merchantId);
    }

    private async Task<(string Email, int MerchantId)> OtherMerchantUserAsync(int merchantId)
    {
        await using var db = app.CreateDbContext();
        var other = await db.Users.Where(u => u.MerchantId != null && u.MerchantId != merchantId).Select(u => new { u.Email, u.MerchantId }).FirstAsync();
        return (other.Email!, other.MerchantId!.Value);
    }
}
