using AfterSalesDesk.Data.Cases;

namespace AfterSalesDesk.Web.Features.Integration;

/// <summary>A buyer's after-sales request on lines of one of their orders, as the storefront sends it.</summary>
/// <param name="Lines">The order lines (their ids from <c>GET /orders/{orderNo}</c>) and how many items of each.</param>
public sealed record OpenCaseRequest(
    string? OrderNo, CaseKind? Kind, string? Reason, ProblemStage? Stage, string? Description, IReadOnlyList<CaseLineRequest>? Lines);

public sealed record CaseLineRequest(long LineId, int Quantity);

public sealed record MessageRequest(string? Body);

public sealed record ReturnShipmentRequest(string? Carrier, string? TrackingNo);

/// <param name="Accept">True accepts; false declines, which asks the platform to step in (the case is escalated).</param>
/// <param name="Reason">Why the buyer declines, for the platform.</param>
public sealed record AnswerRequest(bool? Accept, string? Reason);

public sealed record CancelRequest(string? Reason);

public sealed record DisputeRequest(string? Summary);

public sealed record RatingRequest(int? Stars, string? Comment);

/// <summary>
/// A case as its buyer may see it: never internal notes or the merchant's channel, never who on the platform handled
/// it, only what the buyer can act on. Its ETag is the case's version; commands take it in <c>If-Match</c>.
/// </summary>
/// <param name="Actions">What the buyer may do now: message, evidence, returnShipment, acceptCounterOffer,
/// declineCounterOffer, answerQuote, cancel, dispute, rate.</param>
public sealed record BuyerCaseView(
    string CaseNo,
    string OrderNo,
    CaseKind Kind,
    CaseStatus Status,
    string Reason,
    ProblemStage Stage,
    string Description,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<BuyerCaseLine> Lines,
    IReadOnlyList<BuyerMessage> Messages,
    IReadOnlyList<BuyerEvidence> Evidence,
    IReadOnlyList<BuyerStatusChange> Timeline,
    BuyerOffer? CounterOffer,
    BuyerQuote? RepairQuote,
    string? ReturnWaybill,
    string? DisputeNo,
    int? Rating,
    IReadOnlyList<string> Actions);

public sealed record BuyerCaseLine(long LineId, string Sku, string Name, int Quantity);

/// <param name="From">buyer, platform or merchant.</param>
public sealed record BuyerMessage(long Id, string From, string Body, DateTimeOffset At);

public sealed record BuyerEvidence(long Id, string FileName, string ContentType, long Size, DateTimeOffset UploadedAt);

public sealed record BuyerStatusChange(CaseStatus? From, CaseStatus To, DateTimeOffset At);

/// <param name="RefundSharePercent">For a partial refund: the share of the refund offered, in percent.</param>
public sealed record BuyerOffer(OfferKind Kind, decimal? RefundSharePercent, string Text, DateTimeOffset OfferedAt);

/// <param name="State">pending (awaiting the buyer's answer), accepted or declined.</param>
public sealed record BuyerQuote(string State, long? PriceMinor, string? Currency, string? Note);

/// <summary>One line of a buyer's case list.</summary>
public sealed record BuyerCaseSummary(string CaseNo, string OrderNo, CaseKind Kind, CaseStatus Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
