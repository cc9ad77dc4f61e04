using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Complaints;
using AfterSalesDesk.Data.Feedback;
using AfterSalesDesk.Data.Refunds;
using AfterSalesDesk.Web.Features.Cases;
using AfterSalesDesk.Web.Features.Complaints;
using AfterSalesDesk.Web.Features.Queues;
using AfterSalesDesk.Web.Features.Refunds;

namespace AfterSalesDesk.Web.Features.Reports;

/// <summary>
/// The tables managers (and, for their own store, merchants) export. Adding one is one definition
/// here: the entity set, whose store a row is, the point in time the period filters on, the ordered
/// projection and the typed columns (see <see cref="ReportTable{TEntity,TRow}"/>). Headers and names of
/// states are written in the exporting user's language.
/// </summary>
public static class ReportTables
{
    public static readonly ReportTable<AfterSalesCase, CaseReportRow> Cases = new(
        "cases", "After-sales cases", "Every case opened in the period: kind, state, assignee, deadlines, the order's payment.",
        db => db.Cases,
        c => c.MerchantId,
        c => c.CreatedAt,
        (db, cases) =>
            from c in cases
            join o in db.Orders on c.OrderId equals o.Id
            join m in db.Merchants on c.MerchantId equals m.Id
            join b in db.Customers on c.CustomerId equals b.Id
            orderby c.CreatedAt, c.Id
            select new CaseReportRow(
                c.CaseNo, o.OrderNo, m.Code, m.Name, b.Code, b.Name, c.Kind, c.Status, c.Priority, c.Reason, c.Stage,
                c.AssigneeName, c.CreatedAt, c.UpdatedAt, c.SlaDueAt, o.PaidMinor, c.Description),
        L =>
        {
            var kind = ReportLabels.Of<CaseKind>(L, CaseLabels.Of);
            var status = ReportLabels.Of<CaseStatus>(L, CaseLabels.Of);
            var priority = ReportLabels.Of<CasePriority>(L, QueueLabels.Of);
            var stage = ReportLabels.Of<ProblemStage>(L, CaseLabels.Of);
            return
            [
                ReportColumn<CaseReportRow>.Text(L["Case number"], 19, r => r.CaseNo),
                ReportColumn<CaseReportRow>.Text(L["Order number"], 19, r => r.OrderNo),
                ReportColumn<CaseReportRow>.Text(L["Store code"], 10, r => r.MerchantCode),
                ReportColumn<CaseReportRow>.UserText(L["Merchant"], 22, r => r.MerchantName),
                ReportColumn<CaseReportRow>.Text(L["Buyer code"], 12, r => r.BuyerCode),
                ReportColumn<CaseReportRow>.UserText(L["Buyer"], 14, r => r.BuyerName),
                ReportColumn<CaseReportRow>.Text(L["Kind"], 16, r => kind(r.Kind)),
                ReportColumn<CaseReportRow>.Text(L["Status"], 22, r => status(r.Status)),
                ReportColumn<CaseReportRow>.Text(L["Priority"], 10, r => priority(r.Priority)),
                ReportColumn<CaseReportRow>.UserText(L["Reason"], 20, r => r.Reason),
                ReportColumn<CaseReportRow>.Text(L["Problem stage"], 16, r => stage(r.Stage)),
                ReportColumn<CaseReportRow>.UserText(L["Assignee"], 22, r => r.Assignee),
                ReportColumn<CaseReportRow>.DateTime(L["Created"], r => r.CreatedAt),
                ReportColumn<CaseReportRow>.DateTime(L["Updated"], r => r.UpdatedAt),
                ReportColumn<CaseReportRow>.DateTime(L["Next deadline"], r => r.SlaDueAt),
                ReportColumn<CaseReportRow>.Money(L["Order paid"], 12, r => r.OrderPaidMinor),
                ReportColumn<CaseReportRow>.UserText(L["Description"], 50, r => r.Description),
            ];
        });

    public static readonly ReportTable<Refund, RefundReportRow> Refunds = new(
        "refunds", "Refunds", "Every refund proposed in the period: amounts, deduction, approvals, payment.",
        db => db.Refunds,
        r => r.MerchantId,
        r => r.ProposedAt,
        (db, refunds) =>
            from r in refunds
            join c in db.Cases on r.CaseId equals c.Id
            join o in db.Orders on r.OrderId equals o.Id
            join m in db.Merchants on r.MerchantId equals m.Id
            orderby r.ProposedAt, r.Id
            select new RefundReportRow(
                r.Id, c.CaseNo, o.OrderNo, m.Code, r.Status, r.Currency, r.LinesMinor, r.ShippingMinor, r.DeductionBasisPoints,
                r.DeductionMinor, r.DeductionReason, r.AmountMinor, r.RequiredApprovals, r.ProposedBy, r.ProposedAt, r.DecidedAt,
                r.RejectedBy, r.RejectionReason, r.Attempts, r.GatewayReference, r.ExecutedAt),
        L =>
        {
            var status = ReportLabels.Of<RefundStatus>(L, CaseRefunds.Label);
            return
            [
                ReportColumn<RefundReportRow>.Integer(L["Refund"], 9, r => r.Id),
                ReportColumn<RefundReportRow>.Text(L["Case number"], 19, r => r.CaseNo),
                ReportColumn<RefundReportRow>.Text(L["Order number"], 19, r => r.OrderNo),
                ReportColumn<RefundReportRow>.Text(L["Store code"], 10, r => r.MerchantCode),
                ReportColumn<RefundReportRow>.Text(L["Status"], 18, r => status(r.Status)),
                ReportColumn<RefundReportRow>.Text(L["Currency"], 9, r => r.Currency),
                ReportColumn<RefundReportRow>.Money(L["Goods amount"], 12, r => r.LinesMinor),
                ReportColumn<RefundReportRow>.Money(L["Shipping refunded"], 11, r => r.ShippingMinor),
                ReportColumn<RefundReportRow>.Percent(L["Deduction %"], 11, r => r.DeductionBasisPoints),
                ReportColumn<RefundReportRow>.Money(L["Deduction"], 11, r => r.DeductionMinor),
                ReportColumn<RefundReportRow>.UserText(L["Deduction reason"], 24, r => r.DeductionReason),
                ReportColumn<RefundReportRow>.Money(L["Refund amount"], 13, r => r.AmountMinor),
                ReportColumn<RefundReportRow>.Integer(L["Approvals needed"], 10, r => r.RequiredApprovals),
                ReportColumn<RefundReportRow>.UserText(L["Proposed by"], 22, r => r.ProposedBy),
                ReportColumn<RefundReportRow>.DateTime(L["Proposed at"], r => r.ProposedAt),
                ReportColumn<RefundReportRow>.DateTime(L["Decided at"], r => r.DecidedAt),
                ReportColumn<RefundReportRow>.UserText(L["Rejected by"], 22, r => r.RejectedBy),
                ReportColumn<RefundReportRow>.UserText(L["Rejection reason"], 30, r => r.RejectionReason),
                ReportColumn<RefundReportRow>.Integer(L["Payment attempts"], 10, r => r.Attempts),
                ReportColumn<RefundReportRow>.Text(L["Gateway reference"], 24, r => r.GatewayReference),
                ReportColumn<RefundReportRow>.DateTime(L["Paid out at"], r => r.ExecutedAt),
            ];
        });

    public static readonly ReportTable<Complaint, ComplaintReportRow> Complaints = new(
        "complaints", "Complaints", "Every complaint opened in the period: category, state, decision, penalty points.",
        db => db.Complaints,
        c => c.MerchantId,
        c => c.OpenedAt,
        (db, complaints) =>
            from x in complaints
            join m in db.Merchants on x.MerchantId equals m.Id
            join o in db.Orders on x.OrderId equals o.Id
            join c in db.Cases on x.CaseId equals (long?)c.Id into cases
            from c in cases.DefaultIfEmpty()
            orderby x.OpenedAt, x.Id
            select new ComplaintReportRow(
                x.ComplaintNo, m.Code, m.Name, o.OrderNo, c == null ? null : c.CaseNo, x.Category, x.Severity, x.Channel, x.Status,
                x.Summary, x.OpenedAt, x.OpenedBy, x.EvidenceDueAt, x.Outcome, x.AwardBasisPoints, x.PenaltyPoints, x.DecidedBy,
                x.DecidedAt, x.Reasoning, x.Reopened),
        L =>
        {
            var category = ReportLabels.Of<ComplaintCategory>(L, ComplaintLabels.Of);
            var severity = ReportLabels.Of<ComplaintSeverity>(L, ComplaintLabels.Of);
            var channel = ReportLabels.Of<ComplaintChannel>(L, ComplaintLabels.Of);
            var status = ReportLabels.Of<ComplaintStatus>(L, ComplaintLabels.Of);
            var outcome = ReportLabels.Of<ArbitrationOutcome>(L, ComplaintLabels.Of);
            return
            [
                ReportColumn<ComplaintReportRow>.Text(L["Complaint"], 19, r => r.ComplaintNo),
                ReportColumn<ComplaintReportRow>.Text(L["Store code"], 10, r => r.MerchantCode),
                ReportColumn<ComplaintReportRow>.UserText(L["Merchant"], 22, r => r.MerchantName),
                ReportColumn<ComplaintReportRow>.Text(L["Order number"], 19, r => r.OrderNo),
                ReportColumn<ComplaintReportRow>.Text(L["Case number"], 19, r => r.CaseNo),
                ReportColumn<ComplaintReportRow>.Text(L["Category"], 18, r => category(r.Category)),
                ReportColumn<ComplaintReportRow>.Text(L["Severity"], 10, r => severity(r.Severity)),
                ReportColumn<ComplaintReportRow>.Text(L["Channel"], 14, r => channel(r.Channel)),
                ReportColumn<ComplaintReportRow>.Text(L["Status"], 24, r => status(r.Status)),
                ReportColumn<ComplaintReportRow>.UserText(L["Summary"], 40, r => r.Summary),
                ReportColumn<ComplaintReportRow>.DateTime(L["Opened"], r => r.OpenedAt),
                ReportColumn<ComplaintReportRow>.UserText(L["Opened by"], 22, r => r.OpenedBy),
                ReportColumn<ComplaintReportRow>.DateTime(L["Evidence due"], r => r.EvidenceDueAt),
                ReportColumn<ComplaintReportRow>.Text(L["Decision"], 16, r => r.Outcome is { } o ? outcome(o) : null),
                ReportColumn<ComplaintReportRow>.Percent(L["Buyer's share"], 10, r => r.AwardBasisPoints),
                ReportColumn<ComplaintReportRow>.Integer(L["Penalty points"], 10, r => r.PenaltyPoints),
                ReportColumn<ComplaintReportRow>.UserText(L["Decided by"], 22, r => r.DecidedBy),
                ReportColumn<ComplaintReportRow>.DateTime(L["Decided at"], r => r.DecidedAt),
                ReportColumn<ComplaintReportRow>.UserText(L["Reasoning"], 40, r => r.Reasoning),
                ReportColumn<ComplaintReportRow>.Integer(L["Times reopened"], 10, r => r.Reopened),
            ];
        });

    /// <summary>The buyers' ratings of finished cases (0016). The follow-ups stay out: they are the platform's own work.</summary>
    public static readonly ReportTable<CaseRating, RatingReportRow> Ratings = new(
        "ratings", "Ratings", "Every rating of a finished case given in the period: stars, the buyer's comment, the case's agent.",
        db => db.CaseRatings,
        r => r.MerchantId,
        r => r.RatedAt,
        (db, ratings) =>
            from r in ratings
            join c in db.Cases on r.CaseId equals c.Id
            join m in db.Merchants on r.MerchantId equals m.Id
            orderby r.RatedAt, r.Id
            select new RatingReportRow(c.CaseNo, m.Code, m.Name, r.Kind, r.Stars, r.Comment, r.AgentName, r.RatedAt, r.RecordedBy),
        L =>
        {
            var kind = ReportLabels.Of<CaseKind>(L, CaseLabels.Of);
            return
            [
                ReportColumn<RatingReportRow>.Text(L["Case number"], 19, r => r.CaseNo),
                ReportColumn<RatingReportRow>.Text(L["Store code"], 10, r => r.MerchantCode),
                ReportColumn<RatingReportRow>.UserText(L["Merchant"], 22, r => r.MerchantName),
                ReportColumn<RatingReportRow>.Text(L["Kind"], 16, r => kind(r.Kind)),
                ReportColumn<RatingReportRow>.Integer(L["Stars"], 8, r => r.Stars),
                ReportColumn<RatingReportRow>.UserText(L["The buyer's comment"], 50, r => r.Comment),
                ReportColumn<RatingReportRow>.UserText(L["Agent"], 22, r => r.AgentName),
                ReportColumn<RatingReportRow>.DateTime(L["Rated"], r => r.RatedAt),
                ReportColumn<RatingReportRow>.UserText(L["Entered by"], 22, r => r.RecordedBy),
            ];
        });

    /// <summary>Platform data with no store of its own: managers only.</summary>
    public static readonly ReportTable<AuditEntry, AuditReportRow> AuditLog = new(
        "audit", "Audit trail", "Every audited change, login and refused attempt in the period, oldest first.",
        db => db.AuditEntries,
        null,
        e => e.OccurredAt,
        (_, entries) => entries.OrderBy(e => e.Sequence).Select(e => new AuditReportRow(
            e.Sequence, e.OccurredAt, e.UserName, e.Role, e.Origin, e.Action, e.EntityType, e.EntityId, e.Outcome, e.Detail, e.Changes)),
        L =>
        {
            var outcome = ReportLabels.Of<AuditOutcome>(L, o => o.ToString());
            return
            [
                ReportColumn<AuditReportRow>.Integer("#", 9, r => r.Sequence),
                ReportColumn<AuditReportRow>.DateTime(L["When"], r => r.OccurredAt),
                ReportColumn<AuditReportRow>.UserText(L["User"], 24, r => r.UserName),
                ReportColumn<AuditReportRow>.Text(L["Role"], 11, r => r.Role),
                ReportColumn<AuditReportRow>.Text(L["Origin"], 16, r => r.Origin),
                ReportColumn<AuditReportRow>.Text(L["Action"], 22, r => r.Action),
                ReportColumn<AuditReportRow>.Text(L["Entity"], 16, r => r.EntityType),
                ReportColumn<AuditReportRow>.UserText(L["Entity id"], 19, r => r.EntityId),
                ReportColumn<AuditReportRow>.Text(L["Outcome"], 11, r => outcome(r.Outcome)),
                ReportColumn<AuditReportRow>.UserText(L["Detail"], 50, r => r.Detail),
                ReportColumn<AuditReportRow>.UserText(L["Changes"], 60, r => r.Changes),
            ];
        });

    public static readonly KpiReportTable Kpi = new();

    public static readonly IReadOnlyList<ReportTable> All = [Kpi, Cases, Refunds, Complaints, Ratings, AuditLog];

    public static ReportTable? Find(string key) => All.FirstOrDefault(t => string.Equals(t.Key, key, StringComparison.OrdinalIgnoreCase));
}

public sealed record CaseReportRow(
    string CaseNo, string OrderNo, string MerchantCode, string MerchantName, string BuyerCode, string BuyerName, CaseKind Kind, CaseStatus Status,
    CasePriority Priority, string Reason, ProblemStage Stage, string? Assignee, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset? SlaDueAt, long OrderPaidMinor, string Description);

public sealed record RefundReportRow(
    long Id, string CaseNo, string OrderNo, string MerchantCode, RefundStatus Status, string Currency, long LinesMinor, long ShippingMinor,
    int DeductionBasisPoints, long DeductionMinor, string? DeductionReason, long AmountMinor, int RequiredApprovals, string ProposedBy,
    DateTimeOffset ProposedAt, DateTimeOffset? DecidedAt, string? RejectedBy, string? RejectionReason, int Attempts, string? GatewayReference,
    DateTimeOffset? ExecutedAt);

public sealed record ComplaintReportRow(
    string ComplaintNo, string MerchantCode, string MerchantName, string OrderNo, string? CaseNo, ComplaintCategory Category,
    ComplaintSeverity Severity, ComplaintChannel Channel, ComplaintStatus Status, string Summary, DateTimeOffset OpenedAt, string OpenedBy,
    DateTimeOffset? EvidenceDueAt, ArbitrationOutcome? Outcome, int? AwardBasisPoints, int PenaltyPoints, string? DecidedBy,
    DateTimeOffset? DecidedAt, string? Reasoning, int Reopened);

public sealed record AuditReportRow(
    long Sequence, DateTimeOffset OccurredAt, string UserName, string Role, string Origin, string Action, string EntityType, string? EntityId,
    AuditOutcome Outcome, string? Detail, string? Changes);

public sealed record RatingReportRow(
    string CaseNo, string MerchantCode, string MerchantName, CaseKind Kind, int Stars, string Comment, string? AgentName, DateTimeOffset RatedAt, string RecordedBy);
