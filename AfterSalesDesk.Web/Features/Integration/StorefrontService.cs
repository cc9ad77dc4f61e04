using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Complaints;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Web.Features.Cases;
using AfterSalesDesk.Web.Features.Complaints;
using AfterSalesDesk.Web.Features.Feedback;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Features.Integration;

/// <summary>
/// The storefront acting for a buyer (issue 18): it names the buyer by account number, and every command goes through
/// the services the pages use, as the buyer (<see cref="ApiCaller.ForBuyer"/>), so the rules are the ones agents work by:
/// a buyer reaches only their own orders and cases, and may do only what the case rules give a buyer. This class
/// only translates between HTTP and those services; it decides nothing of its own.
/// </summary>
public sealed class StorefrontService(
    IDbContextFactory<AppDbContext> contextFactory,
    CaseService cases,
    ComplaintService complaints,
    FeedbackService feedback,
    AuditWriter audit,
    AuditActors actors,
    TimeProvider clock,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    public const string NoSuchCase = "There is no such case of this buyer.";

    /// <summary>The buyer named in the address, as a principal the case services know; null if there is no such buyer.</summary>
    public async Task<Buyer?> BuyerAsync(ApiCaller caller, string origin, string buyerCode, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var customer = await db.Customers.AsNoTracking().Where(c => c.Code == buyerCode).Select(c => new { c.Id, c.Code }).SingleOrDefaultAsync(cancellationToken);
        if (customer is null || caller.MerchantId is not null)
        {
            await audit.RecordAsync(caller.Actor(origin), "api.buyer.act", "Customer", buyerCode, AuditOutcome.Failed, "No such buyer.", cancellationToken);
            return null;
        }

        return new Buyer(customer.Id, customer.Code, caller.ForBuyer(customer.Id, customer.Code));
    }

    /// <summary>The fields an opening needs, by JSON name; empty when they are all there (the case rules check the rest).</summary>
    public Dictionary<string, string[]> Check(OpenCaseRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.OrderNo))
        {
            errors["orderNo"] = ["Name the buyer's order."];
        }

        if (request.Kind is null)
        {
            errors["kind"] = ["One of refundOnly, returnAndRefund, exchange, repair."];
        }

        if (string.IsNullOrWhiteSpace(request.Reason) || !cases.Reasons.Contains(request.Reason.Trim(), StringComparer.Ordinal))
        {
            // The case rules refuse an unlisted reason too; a storefront needs the list to fix its request.
            errors["reason"] = [$"One of: {string.Join(", ", cases.Reasons)}."];
        }

        if (request.Lines is not { Count: > 0 })
        {
            errors["lines"] = ["Name at least one order line and its quantity."];
        }

        return errors;
    }

    /// <param name="idempotencyRecordId">The request's claimed Idempotency-Key, completed with the response in the case's own transaction.</param>
    /// <param name="location">The address of the buyer's cases; the new case's number is appended.</param>
    public async Task<(Result Result, (BuyerCaseView View, string ETag)? Case)> OpenAsync(Buyer buyer, OpenCaseRequest request, long? idempotencyRecordId, string location, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var orderNo = request.OrderNo!.Trim();
        var order = await db.Orders.AsNoTracking().Where(o => o.OrderNo == orderNo && o.CustomerId == buyer.CustomerId)
            .Select(o => new { o.Id, o.Status }).SingleOrDefaultAsync(cancellationToken);
        if (order is null)
        {
            // Another buyer's order reads as one that does not exist (the case service says the same and audits).
            return (Result.NotFound($"Buyer {buyer.Code} has no order {orderNo}."), null);
        }

        var input = new OpenCaseInput
        {
            OrderId = order.Id,
            Kind = request.Kind!.Value,
            Reason = request.Reason!.Trim(),
            Stage = request.Stage ?? order.Status switch
            {
                Data.Orders.OrderStatus.Paid => ProblemStage.BeforeShipment,
                Data.Orders.OrderStatus.Shipped => ProblemStage.InTransit,
                _ => ProblemStage.AfterDelivery,
            },
            Description = request.Description,
            Lines = request.Lines!.Select(l => new RequestedLine { OrderLineId = l.LineId, Quantity = l.Quantity }).ToList(),
        };

        (BuyerCaseView View, string ETag)? opened = null;
        var outcome = await cases.OpenAsync(buyer.Principal, input, cancellationToken, async (transactionDb, afterSalesCase) =>
        {
            // The response is stored with the case, in its transaction: a retry after a crash past the commit replays
            // it instead of opening a second case (decision 0025 §6).
            if (idempotencyRecordId is not { } recordId)
            {
                return;
            }

            var view = await NewViewAsync(transactionDb, afterSalesCase, cancellationToken);
            opened = (view, ETagOf(afterSalesCase.Version));
            var record = await transactionDb.IdempotencyRecords.SingleAsync(r => r.Id == recordId, cancellationToken);
            record.Complete(StatusCodes.Status201Created, "application/json; charset=utf-8", $"Location: {location}{afterSalesCase.CaseNo}\nETag: {opened.Value.ETag}",
                JsonSerializer.SerializeToUtf8Bytes(view, json.Value.SerializerOptions), clock.GetUtcNow());
            await transactionDb.SaveChangesAsync(cancellationToken);
        });
        if (!outcome.Result.Succeeded)
        {
            return (outcome.Result, null);
        }

        if (opened is null)
        {
            await using var after = await contextFactory.CreateDbContextAsync(cancellationToken);
            var details = await cases.GetAsync(buyer.Principal, outcome.CaseId!.Value, cancellationToken)
                ?? throw new InvalidOperationException($"The buyer's own case {outcome.CaseId} could not be read.");
            opened = (await ViewAsync(after, buyer, details, cancellationToken), ETagOf(details.Version));
        }

        return (Result.Ok, opened);
    }

    public async Task<Page<BuyerCaseSummary>> ListAsync(Buyer buyer, long afterId, int limit, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Cases.AsNoTracking().Where(c => c.CustomerId == buyer.CustomerId && c.Id > afterId).OrderBy(c => c.Id).Take(limit + 1)
            .Join(db.Orders, c => c.OrderId, o => o.Id, (c, o) => new { c.Id, c.CaseNo, o.OrderNo, c.Kind, c.Status, c.CreatedAt, c.UpdatedAt })
            .ToListAsync(cancellationToken);
        var page = rows.Take(limit).Select(r => new BuyerCaseSummary(r.CaseNo, r.OrderNo, r.Kind, r.Status, r.CreatedAt, r.UpdatedAt)).ToList();
        return new Page<BuyerCaseSummary>(page, rows.Count > limit ? ApiCursor.Encode(rows[limit - 1].Id) : null);
    }

    /// <summary>The buyer's case and its ETag, or null for a case that is not theirs (audited by the case service) or none.</summary>
    public async Task<(BuyerCaseView View, string ETag)?> GetAsync(Buyer buyer, string caseNo, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await CaseIdAsync(db, caseNo, cancellationToken) is not { } caseId || await cases.GetAsync(buyer.Principal, caseId, cancellationToken) is not { } details)
        {
            return null;
        }

        return (await ViewAsync(db, buyer, details, cancellationToken), ETagOf(details.Version));
    }

    public Task<Result> MessageAsync(Buyer buyer, string caseNo, MessageRequest request, CancellationToken cancellationToken) =>
        OnCaseAsync(buyer, caseNo, null, c => cases.AddMessageAsync(buyer.Principal, c.Id, MessageVisibility.ToBuyer, request.Body ?? "", cancellationToken), cancellationToken);

    public Task<Result> EvidenceAsync(Buyer buyer, string caseNo, IFormFile file, CancellationToken cancellationToken) =>
        OnCaseAsync(buyer, caseNo, null, async c =>
        {
            await using var content = file.OpenReadStream();
            return await cases.AddAttachmentAsync(buyer.Principal, c.Id, file.FileName, content, cancellationToken);
        }, cancellationToken);

    public Task<Result> ReturnShipmentAsync(Buyer buyer, string caseNo, ReturnShipmentRequest request, string? ifMatch, CancellationToken cancellationToken) =>
        OnCaseAsync(buyer, caseNo, ifMatch, c => cases.ActAsync(buyer.Principal, c.Id, CaseAction.RecordReturnShipment, null, c.Version,
            new CaseStepInput { Carrier = request.Carrier, TrackingNo = request.TrackingNo }, cancellationToken), cancellationToken);

    /// <summary>Accepting takes the offer; declining asks the platform to step in (the case is escalated with the buyer's reason).</summary>
    public Task<Result> AnswerCounterOfferAsync(Buyer buyer, string caseNo, AnswerRequest request, string? ifMatch, CancellationToken cancellationToken) =>
        OnCaseAsync(buyer, caseNo, ifMatch, c => c.Status != CaseStatus.MerchantCounterOffered
            // Declining is an escalation, which a rejected case also allows (as a dispute): here only an offer is answered.
            ? Task.FromResult(Result.Invalid($"Case {caseNo} is {c.Status}; there is no counter-offer to answer."))
            : request.Accept switch
            {
                null => Task.FromResult(Result.Invalid("Say whether the buyer accepts the counter-offer (accept: true or false).")),
                true => cases.ActAsync(buyer.Principal, c.Id, CaseAction.AcceptCounterOffer, null, c.Version, null, cancellationToken),
                false => cases.ActAsync(buyer.Principal, c.Id, CaseAction.Escalate,
                    string.IsNullOrWhiteSpace(request.Reason) ? "The buyer declined the merchant's counter-offer." : $"The buyer declined the merchant's counter-offer: {request.Reason.Trim()}",
                    c.Version, null, cancellationToken),
            }, cancellationToken);

    public Task<Result> AnswerQuoteAsync(Buyer buyer, string caseNo, AnswerRequest request, string? ifMatch, CancellationToken cancellationToken) =>
        OnCaseAsync(buyer, caseNo, ifMatch, c => request.Accept is { } accept
            ? cases.AnswerQuoteAsync(buyer.Principal, c.Id, accept, c.Version, cancellationToken)
            : Task.FromResult(Result.Invalid("Say whether the buyer accepts the repair quote (accept: true or false).")), cancellationToken);

    public Task<Result> CancelAsync(Buyer buyer, string caseNo, CancelRequest request, string? ifMatch, CancellationToken cancellationToken) =>
        OnCaseAsync(buyer, caseNo, ifMatch, c => cases.ActAsync(buyer.Principal, c.Id, CaseAction.CancelForBuyer,
            string.IsNullOrWhiteSpace(request.Reason) ? "The buyer cancelled the request." : request.Reason, c.Version, null, cancellationToken), cancellationToken);

    /// <summary>A dispute of the merchant's rejection: the platform arbitrates with evidence from both sides.</summary>
    public Task<Result> DisputeAsync(Buyer buyer, string caseNo, DisputeRequest request, string? ifMatch, CancellationToken cancellationToken) =>
        OnCaseAsync(buyer, caseNo, ifMatch, async c =>
            (await complaints.EscalateCaseAsync(buyer.Principal, c.Id, ComplaintSeverity.Medium, ComplaintChannel.App, request.Summary, c.Version, cancellationToken)).Result, cancellationToken);

    public Task<Result> RateAsync(Buyer buyer, string caseNo, RatingRequest request, CancellationToken cancellationToken) =>
        OnCaseAsync(buyer, caseNo, null, c => request.Stars is { } stars
            ? feedback.RateAsync(buyer.Principal, c.Id, stars, request.Comment, cancellationToken)
            : Task.FromResult(Result.Invalid("Give the rating as 1 to 5 stars.")), cancellationToken);

    /// <summary>
    /// A command on one of the buyer's cases: the case as the buyer last read it (If-Match, else as it is now) must still
    /// be current; the service then applies its rules as for anyone else.
    /// </summary>
    private async Task<Result> OnCaseAsync(Buyer buyer, string caseNo, string? ifMatch, Func<FoundCase, Task<Result>> command, CancellationToken cancellationToken)
    {
        FoundCase current;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            var found = await db.Cases.AsNoTracking().Where(c => c.CaseNo == caseNo).Select(c => new { c.Id, c.CustomerId, c.Version, c.Status }).SingleOrDefaultAsync(cancellationToken);
            if (found is null || found.CustomerId != buyer.CustomerId)
            {
                if (found is not null)
                {
                    await audit.RecordAsync(actors.For(buyer.Principal), "api.case", "AfterSalesCase",
                        found.Id.ToString(CultureInfo.InvariantCulture), AuditOutcome.Denied, "Not this buyer's case.", cancellationToken);
                }

                return Result.NotFound(NoSuchCase);
            }

            current = new FoundCase(found.Id, found.Version, found.Status);
        }

        if (ifMatch is not null && ifMatch != "*" && ifMatch != ETagOf(current.Version))
        {
            return new Result(ResultStatus.Conflict, PreconditionFailed);
        }

        return await command(current);
    }

    /// <summary>The buyer's case as read before a command: the command acts on this version, or is told it changed.</summary>
    private sealed record FoundCase(long Id, Guid Version, CaseStatus Status);

    /// <summary>The error text that marks a stale If-Match (the endpoint answers 412 for it).</summary>
    public const string PreconditionFailed = "The case has changed since the ETag given in If-Match; read it again.";

    public static string ETagOf(Guid version) => $"\"{version:N}\"";

    private static async Task<long?> CaseIdAsync(AppDbContext db, string caseNo, CancellationToken cancellationToken) =>
        await db.Cases.AsNoTracking().Where(c => c.CaseNo == caseNo).Select(c => (long?)c.Id).SingleOrDefaultAsync(cancellationToken);

    private static async Task<BuyerCaseView> ViewAsync(AppDbContext db, Buyer buyer, CaseDetails details, CancellationToken cancellationToken)
    {
        var rating = await db.CaseRatings.AsNoTracking().Where(r => r.CaseId == details.Id).Select(r => (int?)r.Stars).SingleOrDefaultAsync(cancellationToken);
        var buyerName = CaseService.ActorOf(buyer.Principal).Name;
        var offer = details.Status == CaseStatus.MerchantCounterOffered && details.Offers.Count > 0 ? details.Offers[^1] : null;
        return new BuyerCaseView(
            details.CaseNo, details.OrderNo, details.Kind, details.Status, details.Reason, details.Stage, details.Description, details.CreatedAt, details.UpdatedAt,
            details.Lines.Select(l => new BuyerCaseLine(l.OrderLineId, l.Sku, l.ProductName, l.Quantity)).ToList(),
            details.Messages.Where(m => m.Visibility == MessageVisibility.ToBuyer)
                .Select(m => new BuyerMessage(m.Id, m.AuthorRole switch { Roles.Buyer => "buyer", Roles.Merchant => "merchant", _ => "platform" }, m.Body, m.At)).ToList(),
            // The buyer's own files only: what the merchant or the platform attached stays with them.
            details.Attachments.Where(a => a.UploadedBy == buyerName).Select(a => new BuyerEvidence(a.Id, a.FileName, a.ContentType, a.Size, a.UploadedAt)).ToList(),
            details.History.Where(h => h.From != h.To).Select(h => new BuyerStatusChange(h.From, h.To, h.At)).ToList(),
            offer is null ? null : new BuyerOffer(offer.Kind, offer.RefundShareBasisPoints / 100m, offer.Text, offer.OfferedAt),
            details.Repair is { QuoteState: not QuoteState.None } repair
                ? new BuyerQuote(repair.QuoteState.ToString().ToLowerInvariant(), repair.Quote?.Minor, repair.Quote?.Currency, repair.QuoteNote)
                : null,
            details.Shipments.LastOrDefault(s => s.Leg == ShipmentLeg.Return) is { } waybill ? $"{waybill.Carrier} {waybill.TrackingNo}" : null,
            details.Complaint?.ComplaintNo,
            rating,
            ActionsOf(details.Status, details.Actions, details.RepairCommands.CanAnswer, details.Complaint is not null, rating is not null));
    }

    /// <summary>A case just opened, inside its transaction (other connections cannot see it yet): the same view, from the entity.</summary>
    private static async Task<BuyerCaseView> NewViewAsync(AppDbContext db, AfterSalesCase afterSalesCase, CancellationToken cancellationToken)
    {
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).SingleAsync(o => o.Id == afterSalesCase.OrderId, cancellationToken);
        return new BuyerCaseView(
            afterSalesCase.CaseNo, order.OrderNo, afterSalesCase.Kind, afterSalesCase.Status, afterSalesCase.Reason, afterSalesCase.Stage, afterSalesCase.Description,
            afterSalesCase.CreatedAt, afterSalesCase.UpdatedAt,
            afterSalesCase.Lines.Join(order.Lines, cl => cl.OrderLineId, l => l.Id, (cl, l) => new BuyerCaseLine(l.Id, l.Sku, l.ProductName, cl.Quantity)).ToList(),
            [], [],
            afterSalesCase.History.OrderBy(h => h.At).Where(h => h.From != h.To).Select(h => new BuyerStatusChange(h.From, h.To, h.At)).ToList(),
            null, null, null, null, null,
            ActionsOf(afterSalesCase.Status, afterSalesCase.AvailableActions(Roles.Buyer), canAnswerQuote: false, disputed: false, rated: false));
    }

    /// <summary>What the buyer may do now, by the names the API's commands have.</summary>
    private static List<string> ActionsOf(CaseStatus status, IReadOnlyList<CaseAction> allowed, bool canAnswerQuote, bool disputed, bool rated)
    {
        var actions = new List<string> { "message", "evidence" };
        if (allowed.Contains(CaseAction.RecordReturnShipment))
        {
            actions.Add("returnShipment");
        }

        if (status == CaseStatus.MerchantCounterOffered)
        {
            actions.AddRange(allowed.Contains(CaseAction.AcceptCounterOffer) ? ["acceptCounterOffer", "declineCounterOffer"] : ["declineCounterOffer"]);
        }

        if (canAnswerQuote)
        {
            actions.Add("answerQuote");
        }

        if (allowed.Contains(CaseAction.CancelForBuyer))
        {
            actions.Add("cancel");
        }

        if (status == CaseStatus.MerchantRejected && !disputed)
        {
            actions.Add("dispute");
        }

        if (status is CaseStatus.Resolved or CaseStatus.Closed && !rated)
        {
            actions.Add("rate");
        }

        return actions;
    }
}

/// <summary>A buyer a storefront acts for: their id, account number and the principal the case services are called as.</summary>
public sealed record Buyer(long CustomerId, string Code, ClaimsPrincipal Principal);
