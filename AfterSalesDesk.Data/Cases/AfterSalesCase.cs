using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Orders;
using AfterSalesDesk.Data.Sla;

namespace AfterSalesDesk.Data.Cases;

/// <summary>Who acts on a case, as the case records it.</summary>
public sealed record CaseActor(string? UserId, string Name, string Role)
{
    /// <summary>The platform itself, acting when a deadline runs out.</summary>
    public static readonly CaseActor System = new(null, "system", "System");

    public bool IsStaff => Role is Identity.Roles.Agent or Identity.Roles.Supervisor;
}

/// <summary>
/// An after-sales case (售后单): one order, the lines and quantities it concerns, and a life that
/// moves only through <see cref="Apply"/>, guarded by the per-kind table in <see cref="CaseTransitions"/>
/// and the role rules in <see cref="CaseActions"/>. Every move is kept in the case's history.
/// </summary>
public class AfterSalesCase
{
    /// <summary>Limits of the free text a case takes; the pages' fields and counters use the same numbers.</summary>
    public const int MessageMaxLength = 4000;
    public const int DescriptionMaxLength = 2000;
    public const int ReasonMaxLength = 1000;

    private readonly List<CaseLine> lines = [];
    private readonly List<CaseEvent> history = [];
    private readonly List<CaseMessage> messages = [];
    private readonly List<CaseAttachment> attachments = [];
    private readonly List<CaseDeadline> deadlines = [];
    private readonly List<CaseShipment> shipments = [];
    private readonly List<CaseInspection> inspections = [];
    private readonly List<CaseOffer> offers = [];

    private AfterSalesCase()
    {
    }

    public long Id { get; private set; }

    /// <summary>The number people quote, e.g. "AS20261122000042".</summary>
    public string CaseNo { get; private set; } = "";

    public long OrderId { get; private set; }

    public Order? Order { get; private set; }

    /// <summary>Copied from the order so that every merchant-scoped query filters one column.</summary>
    public int MerchantId { get; private set; }

    public long CustomerId { get; private set; }

    public CaseKind Kind { get; private set; }

    public CaseStatus Status { get; private set; }

    /// <summary>One of the configured reasons (Cases:Reasons).</summary>
    public string Reason { get; private set; } = "";

    public ProblemStage Stage { get; private set; }

    public string Description { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public string CreatedBy { get; private set; } = "";

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Who saved the case last, for "changed by X, reload" messages.</summary>
    public string UpdatedBy { get; private set; } = "";

    public Guid Version { get; private set; }

    /// <summary>Set once money went back to the buyer; such a case keeps its quantities taken back even when closed.</summary>
    public bool WasRefunded { get; private set; }

    public IReadOnlyList<CaseLine> Lines => lines;

    public IReadOnlyList<CaseEvent> History => history;

    public IReadOnlyList<CaseMessage> Messages => messages;

    public IReadOnlyList<CaseAttachment> Attachments => attachments;

    public IReadOnlyList<CaseDeadline> Deadlines => deadlines;

    /// <summary>The parcels: the buyer's return, the replacement, the repaired item.</summary>
    public IReadOnlyList<CaseShipment> Shipments => shipments;

    /// <summary>Every inspection of returned goods; the latest decides.</summary>
    public IReadOnlyList<CaseInspection> Inspections => inspections;

    /// <summary>A repair's terms, once the returned item was inspected; null for other kinds.</summary>
    public CaseRepair? Repair { get; private set; }

    /// <summary>The merchant's counter-offers; the latest is the one on the table.</summary>
    public IReadOnlyList<CaseOffer> Offers => offers;

    /// <summary>
    /// The buyer's share of a partial refund the buyer accepted (the case moved on from the merchant's
    /// counter-offer, not back to the merchant or into a dispute), or null.
    /// </summary>
    public int? AcceptedRefundShare
    {
        get
        {
            var offer = LatestOffer;
            if (offer is not { Kind: OfferKind.PartialRefund })
            {
                return null;
            }

            var accepted = history.Any(h => h.At >= offer.OfferedAt && h.From == CaseStatus.MerchantCounterOffered
                && h.To is CaseStatus.MerchantAgreed or CaseStatus.AwaitingRefund);
            return accepted ? offer.RefundShareBasisPoints : null;
        }
    }

    public CaseOffer? LatestOffer => offers.OrderBy(o => o.OfferedAt).ThenBy(o => o.Id).LastOrDefault();

    public CaseInspection? LatestInspection => inspections.OrderBy(i => i.InspectedAt).ThenBy(i => i.Id).LastOrDefault();

    /// <summary>The buyer's latest risk score on this case (opening, refund proposal or re-assessment); null before the first.</summary>
    public int? RiskScore { get; private set; }

    public Risk.RiskLevel? RiskLevel { get; private set; }

    public DateTimeOffset? RiskAssessedAt { get; private set; }

    /// <summary>A supervisor let refund-only through despite a score at the block threshold, and why.</summary>
    public DateTimeOffset? RiskOverrideAt { get; private set; }

    public string? RiskOverrideBy { get; private set; }

    public string? RiskOverrideReason { get; private set; }

    /// <summary>Staff's finding on whether this request was abuse; shown in the buyer's history.</summary>
    public Risk.AbuseLabel? AbuseLabel { get; private set; }

    public string? AbuseLabelBy { get; private set; }

    public DateTimeOffset? AbuseLabelAt { get; private set; }

    /// <summary>Stored so that queues filter open cases on an index.</summary>
    public bool IsOpen { get; private set; }

    public CasePriority Priority { get; private set; }

    /// <summary>The agent or supervisor working the case; null while it waits in the unassigned queue.</summary>
    public string? AssigneeId { get; private set; }

    public string? AssigneeName { get; private set; }

    public DateTimeOffset? AssignedAt { get; private set; }

    /// <summary>
    /// When the case first reached Resolved, Closed or CancelledByBuyer (the dashboard's "finished"), and
    /// which of them it was; kept, not recomputed from the history, so the dashboard reads a range of an index.
    /// </summary>
    public DateTimeOffset? FinishedAt { get; private set; }

    public CaseStatus? FinishedAs { get; private set; }

    /// <summary>
    /// When the first-response clock was met (staff answered the buyer or moved the case in time or late;
    /// null while it runs, or if it fired or was cancelled first): the dashboard's first response, kept on
    /// the case so that the cases behind that figure are a range of one index, as finished ones are.
    /// </summary>
    public DateTimeOffset? FirstResponseAt { get; private set; }

    /// <summary>The earliest due time of the running clocks, kept for queues.</summary>
    public DateTimeOffset? SlaDueAt { get; private set; }

    /// <summary>From when the case is at risk (the earliest at-risk time of the running clocks), kept for queues.</summary>
    public DateTimeOffset? SlaAttentionAt { get; private set; }

    /// <summary>On track, at risk or breached at a moment, from the running clocks.</summary>
    public SlaStatus SlaStatusAt(DateTimeOffset now) => CaseDeadline.StatusOf(SlaDueAt, SlaAttentionAt, now);

    /// <summary>Opens a case. The limits (quantities, windows, cases per line) are checked first by <see cref="CasePolicy"/>.</summary>
    public static AfterSalesCase Open(
        string caseNo, Order order, CaseKind kind, string reason, ProblemStage stage, string description,
        IEnumerable<(long OrderLineId, int Quantity)> requested, CaseActor actor, DateTimeOffset at,
        CasePriority priority = CasePriority.Normal, SlaPolicy? sla = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(caseNo);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("Choose a reason for the request.");
        }

        if (description.Length > DescriptionMaxLength)
        {
            throw new DomainException($"The description can have at most {DescriptionMaxLength:N0} characters.");
        }

        var afterSalesCase = new AfterSalesCase
        {
            CaseNo = caseNo,
            OrderId = order.Id,
            MerchantId = order.MerchantId,
            CustomerId = order.CustomerId,
            Kind = kind,
            Status = CaseStatus.Submitted,
            IsOpen = true,
            Priority = priority,
            Reason = reason.Trim(),
            Stage = stage,
            Description = description.Trim(),
            CreatedAt = at,
            CreatedBy = actor.Name,
            UpdatedAt = at,
            UpdatedBy = actor.Name,
            Version = Guid.NewGuid(),
        };
        foreach (var (orderLineId, quantity) in requested.Where(r => r.Quantity > 0))
        {
            afterSalesCase.lines.Add(new CaseLine(orderLineId, quantity));
        }

        if (afterSalesCase.lines.Count == 0)
        {
            throw new DomainException("Choose at least one order line and a quantity.");
        }

        afterSalesCase.history.Add(new CaseEvent(null, CaseStatus.Submitted, null, actor, "Case opened.", at));
        sla ??= SlaPolicy.Default;
        afterSalesCase.StartClock(DeadlineKind.AgentFirstResponse, sla, at);
        afterSalesCase.StartClock(DeadlineKind.Resolution, sla, at);
        afterSalesCase.SyncClocks(sla, at);
        return afterSalesCase;
    }

    /// <summary>Whether the table and the role rules let this actor's role take this action now.</summary>
    public bool Can(CaseAction action, string role)
    {
        var rule = CaseActions.Rules[action];
        return rule.Roles.Contains(role)
            && (role != Identity.Roles.Buyer || BuyersRefusal(action) is null)
            && (rule.From is null || rule.From.Contains(Status))
            && CaseTransitions.IsAllowed(Kind, Status, rule.Target);
    }

    /// <summary>The actions a role may take in the case's current state, for the page's buttons.</summary>
    public IReadOnlyList<CaseAction> AvailableActions(string role) =>
        Enum.GetValues<CaseAction>().Where(a => Can(a, role) && WhyNot(a) is null).ToList();

    /// <summary>
    /// What the goods say against a move the table allows, or null: after a rejecting inspection neither
    /// a refund nor a replacement follows (only the platform, on escalation); a charged repair starts
    /// once the buyer accepted the quote; goods go back unrepaired once the buyer answered the quote.
    /// </summary>
    public string? WhyNot(CaseAction action)
    {
        var rejected = Status == CaseStatus.Inspected && LatestInspection is { Result: InspectionResult.Rejected } inspection ? inspection : null;
        return action switch
        {
            CaseAction.RequestRefund or CaseAction.ShipReplacement when rejected is not null =>
                $"The inspection rejected the returned goods ({rejected.Notes}); escalate the case for the platform to decide.",
            CaseAction.StartRepair when Status == CaseStatus.Inspected && Repair is not { MayStart: true } =>
                Repair is null ? "The returned item has not been inspected yet."
                : Repair.QuoteState == QuoteState.Pending ? "The repair is charged and the buyer has not answered the quote yet."
                : "The repair is charged; the buyer must accept a quote before it starts.",
            CaseAction.ReturnUnrepaired when Repair is { QuoteState: QuoteState.Pending } =>
                "Record the buyer's answer to the quote first.",
            CaseAction.AcceptCounterOffer when LatestOffer is { Kind: OfferKind.PartialRefund } && CaseTransitions.IsAllowed(Kind, CaseStatus.MerchantCounterOffered, CaseStatus.AwaitingRefund) =>
                "The buyer keeps the goods with a partial refund: request the refund.",
            CaseAction.RequestReturn when AcceptedRefundShare is not null =>
                "The buyer accepted a partial refund and keeps the goods; request the refund instead.",
            _ => null,
        };
    }

    /// <summary>The single guard of every move: refused with a readable reason, never a silent no-op.</summary>
    /// <param name="step">What the move needs besides a reason (see <see cref="CaseActions.Rule.Needs"/>).</param>
    public void Apply(CaseAction action, CaseActor actor, string? reason, DateTimeOffset at, SlaPolicy? sla = null, CaseStep? step = null)
    {
        if (actor == CaseActor.System)
        {
            throw new DomainException("Only a deadline's outcome acts as the system.");
        }

        ApplyCore(action, actor, reason, at, sla ?? SlaPolicy.Default, step);
    }

    /// <summary>
    /// What the rule table lets a buyer do but not now: a buyer asks the platform to step in only on the merchant's
    /// answer, by declining its counter-offer or by disputing its rejection (the dispute opens a complaint with it).
    /// </summary>
    private string? BuyersRefusal(CaseAction action) =>
        action == CaseAction.Escalate && Status is not (CaseStatus.MerchantCounterOffered or CaseStatus.MerchantRejected)
            ? $"Case {CaseNo} is {Status}; a buyer asks the platform to step in by declining the merchant's counter-offer, or by disputing the merchant's rejection."
            : null;

    /// <summary>The states that finish a case for the dashboard: its handling time ends on the first of them.</summary>
    public static bool IsFinish(CaseStatus status) => status is CaseStatus.Resolved or CaseStatus.Closed or CaseStatus.CancelledByBuyer;

    private void ApplyCore(CaseAction action, CaseActor actor, string? reason, DateTimeOffset at, SlaPolicy sla, CaseStep? step = null)
    {
        var rule = CaseActions.Rules[action];
        if (!CaseTransitions.IsAllowed(Kind, Status, rule.Target) || (rule.From is not null && !rule.From.Contains(Status)))
        {
            throw new DomainException($"Case {CaseNo} is {Status}; \"{action}\" is not possible now for a {Kind} case.");
        }

        if (actor != CaseActor.System && !rule.Roles.Contains(actor.Role))
        {
            throw new DomainException($"A {actor.Role} cannot do \"{action}\" on a case.");
        }

        if (actor.Role == Identity.Roles.Buyer && BuyersRefusal(action) is { } buyersRefusal)
        {
            throw new DomainException(buyersRefusal);
        }

        if (rule.NeedsReason && string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException($"\"{action}\" needs a written reason.");
        }

        if (reason is { Length: > ReasonMaxLength })
        {
            throw new DomainException($"A reason can have at most {ReasonMaxLength:N0} characters.");
        }

        if (WhyNot(action) is { } refusal)
        {
            throw new DomainException(refusal);
        }

        // Everything is checked before anything changes: a refused step leaves the case as it was.
        var (record, facts) = PrepareStep(action, actor, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), step, at);
        var written = string.Join(" · ", new[] { facts, reason?.Trim() }.Where(t => !string.IsNullOrEmpty(t)));
        history.Add(new CaseEvent(Status, rule.Target, action, actor, written.Length == 0 ? null : written.Length > 1000 ? written[..1000] : written, at));
        record?.Invoke();
        Status = rule.Target;
        IsOpen = !CaseTransitions.IsTerminal(Status);
        if (FinishedAt is null && IsFinish(Status))
        {
            FinishedAt = at;
            FinishedAs = Status;
        }

        WasRefunded |= Status == CaseStatus.Refunded;
        if (actor.IsStaff)
        {
            MeetFirstResponse(at);
        }

        SyncClocks(sla, at);
        Touch(actor, at);
    }

    /// <summary>
    /// Checks what a move needs (waybill, inspection, warranty) and builds the records it adds, without
    /// adding them yet. Returns the change to make once the move is certain and the facts for the history.
    /// </summary>
    private (Action? Record, string? Facts) PrepareStep(CaseAction action, CaseActor actor, string? note, CaseStep? step, DateTimeOffset at)
    {
        var needs = CaseActions.Rules[action].Needs;
        var waybill = step?.Waybill;
        if (needs.HasFlag(StepNeeds.Waybill) && waybill is null)
        {
            throw new DomainException($"\"{action}\" needs the carrier and the waybill number.");
        }

        if (needs.HasFlag(StepNeeds.Inspection) && step?.Inspection is null)
        {
            throw new DomainException($"\"{action}\" needs the inspection's result.");
        }

        if (needs.HasFlag(StepNeeds.Offer) && step?.Offer is null)
        {
            throw new DomainException($"\"{action}\" needs what the merchant offers.");
        }

        if (waybill is not null && shipments.Any(s => s.Carrier == waybill.Carrier && s.TrackingNo == waybill.TrackingNo))
        {
            throw new DomainException($"Waybill {waybill} is already recorded on this case.");
        }

        switch (action)
        {
            case CaseAction.RecordReturnShipment:
                return Ship(ShipmentLeg.Return);
            case CaseAction.ShipReplacement:
                return Ship(ShipmentLeg.Replacement);
            case CaseAction.ShipRepairedItem:
                var repaired = Ship(ShipmentLeg.RepairedItem);
                return (() => { repaired.Record!(); Repair?.MoveTo(RepairStage.Done, at); }, repaired.Facts);
            case CaseAction.ReturnUnrepaired:
                var unrepaired = Ship(ShipmentLeg.RepairedItem);
                return (unrepaired.Record, "Unrepaired; " + unrepaired.Facts);
            case CaseAction.ConfirmReturnReceived:
                return Receive(ShipmentLeg.Return);
            case CaseAction.ConfirmDelivery:
                return Receive(Kind == CaseKind.Exchange ? ShipmentLeg.Replacement : ShipmentLeg.RepairedItem);
            case CaseAction.RecordInspection:
                var inspection = new CaseInspection(step!.Inspection!, Kind, actor, at);
                if (Kind != CaseKind.Repair)
                {
                    return (() => inspections.Add(inspection), $"Inspection: {inspection}");
                }

                var warranty = step.Warranty ?? throw new DomainException("The repair's warranty has not been checked.");
                return (() =>
                {
                    inspections.Add(inspection);
                    if (Repair is null)
                    {
                        Repair = new CaseRepair(warranty, inspection.Result, at);
                    }
                    else
                    {
                        Repair.Decide(warranty, inspection.Result, at);
                    }
                }, $"Inspection: {inspection} · {(warranty.Inside && inspection.Result == InspectionResult.Accepted ? "free repair" : "charged repair")}");
            case CaseAction.MerchantCounterOffer:
                var offer = new CaseOffer(step!.Offer!, Kind, note ?? "", actor, at);
                return (() => offers.Add(offer), offer.Kind == OfferKind.PartialRefund ? offer.ToString() : null);
            case CaseAction.StartRepair:
                return (() => Repair!.MoveTo(RepairStage.Diagnosing, at), Repair!.Coverage == RepairCoverage.Free ? "Free repair." : $"Quote {Repair.Quote} accepted.");
            default:
                return (null, null);
        }

        (Action? Record, string? Facts) Ship(ShipmentLeg leg)
        {
            var parcel = new CaseShipment(leg, waybill!, actor, at);
            return (() => shipments.Add(parcel), $"Waybill {waybill}");
        }

        (Action? Record, string? Facts) Receive(ShipmentLeg leg)
        {
            var parcel = shipments.Where(s => s.Leg == leg && s.DeliveredAt is null).OrderBy(s => s.ShippedAt).ThenBy(s => s.Id).LastOrDefault();
            var kept = note is { Length: > 1000 } ? note[..1000] : note;
            return parcel is null ? (null, null) : (() => parcel.MarkDelivered(actor, kept, at), $"Parcel {parcel.Carrier} {parcel.TrackingNo} received");
        }
    }

    /// <summary>A charged repair's price, for the buyer to accept or decline (merchant, agent or supervisor).</summary>
    public void QuoteRepair(Money price, string? note, CaseActor actor, DateTimeOffset at)
    {
        var repair = RepairIn(CaseStatus.Inspected, "quoted");
        if (!CaseActions.Rules[CaseAction.StartRepair].Roles.Contains(actor.Role))
        {
            throw new DomainException($"A {actor.Role} cannot quote a repair.");
        }

        repair.SetQuote(price, note, actor, at);
        history.Add(new CaseEvent(Status, Status, null, actor, $"Repair quoted: {price}{(repair.QuoteNote is null ? "" : " · " + repair.QuoteNote)}", at));
        Touch(actor, at);
    }

    /// <summary>The buyer's answer to the quote, as an agent or supervisor heard it.</summary>
    public void AnswerQuote(bool accepted, CaseActor actor, DateTimeOffset at)
    {
        var repair = RepairIn(CaseStatus.Inspected, "answered");
        if (!actor.IsStaff && actor.Role != Identity.Roles.Buyer)
        {
            throw new DomainException("The buyer's answer to a quote comes from the buyer, or is recorded by an agent or supervisor.");
        }

        repair.Answer(accepted, actor, at);
        history.Add(new CaseEvent(Status, Status, null, actor, accepted ? $"The buyer accepted the quote of {repair.Quote}." : $"The buyer declined the quote of {repair.Quote}.", at));
        Touch(actor, at);
    }

    /// <summary>Where the repair stands (diagnosing, awaiting parts, repairing, testing, done), while the item is at the merchant.</summary>
    public void RecordRepairProgress(RepairStage stage, string? note, CaseActor actor, DateTimeOffset at)
    {
        var repair = RepairIn(CaseStatus.Repairing, "updated");
        if (!CaseActions.Rules[CaseAction.StartRepair].Roles.Contains(actor.Role))
        {
            throw new DomainException($"A {actor.Role} cannot record a repair's progress.");
        }

        if (repair.Stage == stage)
        {
            throw new DomainException($"The repair is already at \"{stage}\".");
        }

        if (note is { Length: > 500 })
        {
            throw new DomainException("A progress note can have at most 500 characters.");
        }

        repair.MoveTo(stage, at);
        history.Add(new CaseEvent(Status, Status, null, actor, $"Repair: {stage}" + (string.IsNullOrWhiteSpace(note) ? "" : " · " + note.Trim()), at));
        Touch(actor, at);
    }

    private CaseRepair RepairIn(CaseStatus status, string what)
    {
        if (Kind != CaseKind.Repair)
        {
            throw new DomainException($"Case {CaseNo} is not a repair.");
        }

        if (Status != status || Repair is null)
        {
            throw new DomainException($"Case {CaseNo} is {Status}; a repair is {what} while it is {status}.");
        }

        return Repair;
    }

    /// <summary>The refund worker's move once the gateway paid: the case is refunded, by the system, with the gateway's reference.</summary>
    public void ConfirmRefundPaid(string gatewayReference, DateTimeOffset at, SlaPolicy? sla = null)
    {
        if (Status != CaseStatus.AwaitingRefund)
        {
            return;
        }

        ApplyCore(CaseAction.ConfirmRefunded, CaseActor.System, $"Refund paid, gateway reference {gatewayReference}.", at, sla ?? SlaPolicy.Default);
    }

    /// <summary>Hands the case to an agent or supervisor (or takes it, when they are the same person).</summary>
    public void AssignTo(string userId, string userName, CaseActor actor, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        if (!IsOpen)
        {
            throw new DomainException($"Case {CaseNo} is {Status}; a finished case is not assigned any more.");
        }

        if (AssigneeId == userId)
        {
            throw new DomainException($"Case {CaseNo} is already with {userName}.");
        }

        var note = AssigneeName is null ? $"Assigned to {userName}." : $"Reassigned from {AssigneeName} to {userName}.";
        AssigneeId = userId;
        AssigneeName = userName;
        AssignedAt = at;
        history.Add(new CaseEvent(Status, Status, null, actor, note, at));
        Touch(actor, at);
    }

    /// <summary>An agent takes an unassigned case; a case someone else holds needs a supervisor to move it.</summary>
    /// <summary>Keeps the latest score on the case, for the queues and the page.</summary>
    public void RecordRisk(Risk.RiskResult result, DateTimeOffset at)
    {
        RiskScore = result.Score;
        RiskLevel = result.Level;
        RiskAssessedAt = at;
    }

    /// <summary>
    /// A supervisor lets refund-only through for a buyer scored at the block threshold, with the reason; the
    /// other thresholds still act (the refund still needs a supervisor's approval).
    /// </summary>
    public void OverrideRiskBlock(CaseActor supervisor, string reason, DateTimeOffset at)
    {
        if (supervisor.Role != Identity.Roles.Supervisor)
        {
            throw new DomainException("Only supervisors override the risk block.");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("An override needs its reason: what makes this refund-only safe to grant.");
        }

        if (reason.Trim().Length > ReasonMaxLength)
        {
            throw new DomainException($"The reason can have at most {ReasonMaxLength} characters.");
        }

        if (Kind != CaseKind.RefundOnly)
        {
            throw new DomainException("Only a refund-only request can be blocked for risk; this case takes the goods back.");
        }

        if (!IsOpen)
        {
            throw new DomainException($"Case {CaseNo} is {Status}; there is nothing left to override.");
        }

        RiskOverrideAt = at;
        RiskOverrideBy = supervisor.Name;
        RiskOverrideReason = reason.Trim();
    }

    /// <summary>Staff mark the request as abuse or legitimate (or clear the mark); the audit trail keeps every change.</summary>
    public void Label(Risk.AbuseLabel? label, CaseActor actor, DateTimeOffset at)
    {
        if (!actor.IsStaff)
        {
            throw new DomainException("Only agents and supervisors label cases.");
        }

        AbuseLabel = label;
        AbuseLabelBy = label is null ? null : actor.Name;
        AbuseLabelAt = label is null ? null : at;
    }

    public void Take(CaseActor actor, DateTimeOffset at)
    {
        if (AssigneeId is not null && AssigneeId != actor.UserId)
        {
            throw new DomainException($"Case {CaseNo} was already taken by {AssigneeName}.");
        }

        AssignTo(actor.UserId ?? throw new DomainException("Only a signed-in user can take a case."), actor.Name, actor, at);
    }

    /// <summary>A new priority moves the platform's targets by the difference in their durations.</summary>
    public void SetPriority(CasePriority priority, CaseActor actor, DateTimeOffset at, SlaPolicy? sla = null)
    {
        if (priority == Priority)
        {
            throw new DomainException($"Case {CaseNo} already has priority {priority}.");
        }

        if (!IsOpen)
        {
            throw new DomainException($"Case {CaseNo} is {Status}; its priority cannot change any more.");
        }

        sla ??= SlaPolicy.Default;
        history.Add(new CaseEvent(Status, Status, null, actor, $"Priority changed from {Priority} to {priority}.", at));
        Priority = priority;
        foreach (var clock in deadlines.Where(d => d.IsActive && SlaPolicy.RunsWhile(d.Kind) is null))
        {
            var duration = sla.Duration(clock.Kind, Kind, priority);
            clock.Retarget(duration, sla.AtRiskLead(duration));
        }

        RefreshSla();
        Touch(actor, at);
    }

    /// <summary>
    /// The scheduler's move when a clock ran out: records the breach and applies the configured
    /// outcome as the system. Returns what was done, in words; throws when the clock is not due.
    /// </summary>
    public string FireDeadline(long deadlineId, SlaPolicy sla, DateTimeOffset at)
    {
        var clock = deadlines.SingleOrDefault(d => d.Id == deadlineId)
            ?? throw new DomainException($"Case {CaseNo} has no deadline {deadlineId}.");
        if (clock.State != DeadlineState.Running || clock.FireAt is null || clock.FireAt > at)
        {
            throw new DomainException($"The {clock.Kind} deadline of case {CaseNo} is not due.");
        }

        var due = clock.DueAt!.Value;
        clock.RecordBreach();
        var outcome = SlaPolicy.RunsWhile(clock.Kind) is null ? [] : sla.Outcome(clock.Kind, Kind, Priority);
        string done;
        if (outcome.Count == 0)
        {
            done = $"{clock.Kind} target breached (due {due:yyyy-MM-dd HH:mm} UTC).";
            history.Add(new CaseEvent(Status, Status, null, CaseActor.System, done, at));
        }
        else
        {
            done = $"{clock.Kind} deadline passed (due {due:yyyy-MM-dd HH:mm} UTC): {string.Join(", then ", outcome)}.";
            clock.End(DeadlineState.Fired, at, string.Join(", ", outcome));
            foreach (var action in outcome)
            {
                ApplyCore(action, CaseActor.System, done, at, sla);
            }
        }

        RefreshSla();
        Touch(CaseActor.System, at);
        return done;
    }

    public CaseMessage AddMessage(MessageVisibility visibility, string body, CaseActor actor, DateTimeOffset at)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            throw new DomainException("Write a message first.");
        }

        if (body.Length > MessageMaxLength)
        {
            throw new DomainException($"A message can have at most {MessageMaxLength:N0} characters.");
        }

        if (actor.Role == Identity.Roles.Merchant && visibility == MessageVisibility.Internal)
        {
            throw new DomainException("Merchants cannot write internal notes.");
        }

        var message = new CaseMessage(visibility, body.Trim(), actor, at);
        messages.Add(message);
        if (actor.IsStaff && visibility != MessageVisibility.Internal)
        {
            MeetFirstResponse(at);
            RefreshSla();
        }

        Touch(actor, at);
        return message;
    }

    public CaseAttachment AddAttachment(string fileName, string contentType, long size, string sha256, CaseActor actor, DateTimeOffset at)
    {
        if (attachments.Count >= 20)
        {
            throw new DomainException("A case can hold at most 20 attachments.");
        }

        var attachment = new CaseAttachment(fileName, contentType, size, sha256, actor, at);
        attachments.Add(attachment);
        Touch(actor, at);
        return attachment;
    }

    /// <summary>
    /// When a due clock's outcome cannot be applied (the configuration changed under it), the breach is
    /// still recorded, once, and the clock ends so that a person sees it instead of a retry loop.
    /// </summary>
    public void AbandonDeadline(long deadlineId, string why, DateTimeOffset at)
    {
        var clock = deadlines.Single(d => d.Id == deadlineId);
        clock.RecordBreach();
        clock.End(DeadlineState.Cancelled, at, why.Length > 200 ? why[..200] : why);
        history.Add(new CaseEvent(Status, Status, null, CaseActor.System, $"{clock.Kind} deadline passed, but its outcome failed: {why}", at));
        RefreshSla();
        Touch(CaseActor.System, at);
    }

    private void StartClock(DeadlineKind kind, SlaPolicy sla, DateTimeOffset at)
    {
        var duration = sla.Duration(kind, Kind, Priority);
        deadlines.Add(new CaseDeadline(kind, at, duration, sla.AtRiskLead(duration)));
    }

    private void MeetFirstResponse(DateTimeOffset at)
    {
        foreach (var clock in deadlines.Where(d => d.Kind == DeadlineKind.AgentFirstResponse && d.IsActive))
        {
            clock.End(DeadlineState.Met, at);
            FirstResponseAt ??= at;
        }
    }

    /// <summary>
    /// Starts, ends, pauses and resumes clocks to fit the state the case is now in. A party's clock runs
    /// only in its state (entering it again starts a new clock); the resolution clock pauses while the
    /// case waits on the buyer; a finished case stops every clock.
    /// </summary>
    private void SyncClocks(SlaPolicy sla, DateTimeOffset at)
    {
        foreach (var kind in Enum.GetValues<DeadlineKind>())
        {
            if (SlaPolicy.RunsWhile(kind) is not { } runsWhile)
            {
                continue;
            }

            var active = deadlines.SingleOrDefault(d => d.Kind == kind && d.IsActive);
            if (Status == runsWhile && active is null)
            {
                StartClock(kind, sla, at);
            }
            else if (Status != runsWhile)
            {
                active?.End(DeadlineState.Met, at);
            }
        }

        var resolution = deadlines.SingleOrDefault(d => d.Kind == DeadlineKind.Resolution && d.IsActive);
        if (Status is CaseStatus.Resolved || !IsOpen)
        {
            resolution?.End(DeadlineState.Met, at);
        }
        else if (sla.EffectiveResolutionPausedWhile.Contains(Status))
        {
            resolution?.Pause(at);
        }
        else
        {
            resolution?.Resume(at);
        }

        if (!IsOpen)
        {
            foreach (var clock in deadlines.Where(d => d.IsActive))
            {
                clock.End(DeadlineState.Cancelled, at);
            }
        }

        RefreshSla();
    }

    private void RefreshSla()
    {
        var running = deadlines.Where(d => d.State == DeadlineState.Running).ToList();
        SlaDueAt = running.Count == 0 ? null : running.Min(d => d.DueAt);
        SlaAttentionAt = running.Count == 0 ? null : running.Min(d => d.AtRiskAt);
    }

    private void Touch(CaseActor actor, DateTimeOffset at)
    {
        UpdatedAt = at;
        UpdatedBy = actor.Name;
        Version = Guid.NewGuid();
    }
}

/// <summary>An order line and how many of its items the case concerns.</summary>
public class CaseLine
{
    private CaseLine()
    {
    }

    internal CaseLine(long orderLineId, int quantity)
    {
        OrderLineId = orderLineId;
        Quantity = quantity;
    }

    public long Id { get; private set; }

    public long CaseId { get; private set; }

    public long OrderLineId { get; private set; }

    public int Quantity { get; private set; }
}

/// <summary>One move of the case: from, to, by whom, why, when.</summary>
public class CaseEvent
{
    private CaseEvent()
    {
    }

    internal CaseEvent(CaseStatus? from, CaseStatus to, CaseAction? action, CaseActor actor, string? reason, DateTimeOffset at)
    {
        From = from;
        To = to;
        Action = action;
        ActorId = actor.UserId;
        ActorName = actor.Name;
        ActorRole = actor.Role;
        Reason = reason;
        At = at;
    }

    public long Id { get; private set; }

    public long CaseId { get; private set; }

    public CaseStatus? From { get; private set; }

    public CaseStatus To { get; private set; }

    public CaseAction? Action { get; private set; }

    public string? ActorId { get; private set; }

    public string ActorName { get; private set; } = "";

    public string ActorRole { get; private set; } = "";

    public string? Reason { get; private set; }

    public DateTimeOffset At { get; private set; }
}

/// <summary>A reply to the buyer or the merchant, or an internal note.</summary>
public class CaseMessage
{
    private CaseMessage()
    {
    }

    internal CaseMessage(MessageVisibility visibility, string body, CaseActor actor, DateTimeOffset at)
    {
        Visibility = visibility;
        Body = body;
        AuthorId = actor.UserId;
        AuthorName = actor.Name;
        AuthorRole = actor.Role;
        At = at;
    }

    public long Id { get; private set; }

    public long CaseId { get; private set; }

    public MessageVisibility Visibility { get; private set; }

    public string Body { get; private set; } = "";

    public string? AuthorId { get; private set; }

    public string AuthorName { get; private set; } = "";

    public string AuthorRole { get; private set; } = "";

    public DateTimeOffset At { get; private set; }
}

/// <summary>Evidence: an image or PDF, stored outside the web root under its SHA-256 content hash.</summary>
public class CaseAttachment
{
    private CaseAttachment()
    {
    }

    internal CaseAttachment(string fileName, string contentType, long size, string sha256, CaseActor actor, DateTimeOffset at)
    {
        FileName = fileName;
        ContentType = contentType;
        Size = size;
        Sha256 = sha256;
        UploadedBy = actor.Name;
        UploadedByRole = actor.Role;
        UploadedAt = at;
    }

    public long Id { get; private set; }

    public long CaseId { get; private set; }

    public string FileName { get; private set; } = "";

    public string ContentType { get; private set; } = "";

    public long Size { get; private set; }

    public string Sha256 { get; private set; } = "";

    public string UploadedBy { get; private set; } = "";

    public string UploadedByRole { get; private set; } = "";

    public DateTimeOffset UploadedAt { get; private set; }
}
