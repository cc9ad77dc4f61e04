using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Common;

namespace AfterSalesDesk.Data.Complaints;

/// <summary>What a buyer complains about (维权类型).</summary>
public enum ComplaintCategory
{
    /// <summary>A buyer escalates an after-sales case the merchant rejected.</summary>
    AfterSalesDispute,
    ServiceAttitude,
    Counterfeit,
    Logistics,
    Fraud,
}

public enum ComplaintSeverity
{
    Low,
    Medium,
    High,
    Critical,
}

/// <summary>How the complaint reached the platform.</summary>
public enum ComplaintChannel
{
    Escalation,
    Phone,
    OnlineChat,
    Email,
    App,
}

/// <summary>The complaint's own life, after the WeChat Shop / Taobao dispute flow.</summary>
public enum ComplaintStatus
{
    Open,
    AwaitingMerchantEvidence,
    AwaitingBuyerEvidence,
    UnderArbitration,
    Decided,
    Closed,
}

public enum ComplaintParty
{
    Buyer,
    Merchant,
    Platform,
}

public enum ArbitrationOutcome
{
    ForBuyer,
    ForMerchant,
    Partial,
}

/// <summary>
/// A complaint or dispute (投诉 / 维权): about a merchant, on an order, possibly escalating a case.
/// Both sides give statements and evidence in turn, each within a deadline; a supervisor arbitrates
/// with written reasoning; a decision against the merchant adds penalty points. Every move is kept in
/// the complaint's history; an illegal one throws with the reason.
/// </summary>
public class Complaint
{
    /// <summary>Limits of the free text a complaint takes; the pages' fields and counters use the same numbers.</summary>
    public const int SummaryMaxLength = 2000;
    public const int StatementMaxLength = 4000;
    public const int ReasoningMaxLength = 4000;

    /// <summary>A buyer's escalation is also the escalated case's reason, so it keeps to a case reason's limit.</summary>
    public const int EscalationMaxLength = AfterSalesCase.ReasonMaxLength;

    private static readonly Dictionary<ComplaintStatus, ComplaintStatus[]> Moves = new()
    {
        [ComplaintStatus.Open] = [ComplaintStatus.AwaitingMerchantEvidence, ComplaintStatus.UnderArbitration, ComplaintStatus.Closed],
        [ComplaintStatus.AwaitingMerchantEvidence] = [ComplaintStatus.AwaitingBuyerEvidence, ComplaintStatus.UnderArbitration],
        [ComplaintStatus.AwaitingBuyerEvidence] = [ComplaintStatus.UnderArbitration],
        [ComplaintStatus.UnderArbitration] = [ComplaintStatus.Decided],
        [ComplaintStatus.Decided] = [ComplaintStatus.Closed, ComplaintStatus.UnderArbitration],
        [ComplaintStatus.Closed] = [ComplaintStatus.UnderArbitration],
    };

    private readonly List<ComplaintStatement> statements = [];
    private readonly List<ComplaintEvidence> evidence = [];
    private readonly List<ComplaintEvent> history = [];

    private Complaint()
    {
    }

    public long Id { get; private set; }

    /// <summary>The number people quote, e.g. "CP2026112400000042".</summary>
    public string ComplaintNo { get; private set; } = "";

    public int MerchantId { get; private set; }

    public long CustomerId { get; private set; }

    public long OrderId { get; private set; }

    /// <summary>The case a buyer escalated, if any.</summary>
    public long? CaseId { get; private set; }

    public ComplaintCategory Category { get; private set; }

    public ComplaintSeverity Severity { get; private set; }

    public ComplaintChannel Channel { get; private set; }

    public ComplaintStatus Status { get; private set; }

    public string Summary { get; private set; } = "";

    public DateTimeOffset OpenedAt { get; private set; }

    public string OpenedBy { get; private set; } = "";

    /// <summary>When the party whose turn it is must have given its evidence; null when nobody is waited on.</summary>
    public DateTimeOffset? EvidenceDueAt { get; private set; }

    public ArbitrationOutcome? Outcome { get; private set; }

    public string? Reasoning { get; private set; }

    /// <summary>For a partial decision: the share of the disputed amount the buyer gets back, 100 = 1 %.</summary>
    public int? AwardBasisPoints { get; private set; }

    /// <summary>The refund the decision forced through the refunds flow, if any.</summary>
    public long? RefundId { get; private set; }

    public int PenaltyPoints { get; private set; }

    public string? DecidedBy { get; private set; }

    public DateTimeOffset? DecidedAt { get; private set; }

    public int Reopened { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public string UpdatedBy { get; private set; } = "";

    public Guid Version { get; private set; }

    public IReadOnlyList<ComplaintStatement> Statements => statements;

    public IReadOnlyList<ComplaintEvidence> Evidence => evidence;

    public IReadOnlyList<ComplaintEvent> History => history;

    public bool IsActive => Status is not (ComplaintStatus.Decided or ComplaintStatus.Closed);

    /// <summary>Whose turn it is to give evidence, if anyone's.</summary>
    public ComplaintParty? AwaitedParty => Status switch
    {
        ComplaintStatus.AwaitingMerchantEvidence => ComplaintParty.Merchant,
        ComplaintStatus.AwaitingBuyerEvidence => ComplaintParty.Buyer,
        _ => null,
    };

    public static Complaint Open(
        string complaintNo, Orders.Order order, long? caseId, ComplaintCategory category, ComplaintSeverity severity, ComplaintChannel channel,
        string summary, CaseActor actor, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(complaintNo);
        if (!actor.IsStaff && !(actor.Role == Identity.Roles.Buyer && category == ComplaintCategory.AfterSalesDispute))
        {
            throw new DomainException("Complaints are recorded by agents and supervisors; a buyer opens only the dispute of their own case.");
        }

        if (string.IsNullOrWhiteSpace(summary))
        {
            throw new DomainException("Say what the buyer complains about.");
        }

        if (summary.Length > SummaryMaxLength)
        {
            throw new DomainException($"The summary can have at most {SummaryMaxLength:N0} characters.");
        }

        if ((category == ComplaintCategory.AfterSalesDispute) != (caseId is not null))
        {
            throw new DomainException(caseId is null
                ? "An after-sales dispute escalates a case; open it from the case."
                : "An escalated case is an after-sales dispute.");
        }

        var complaint = new Complaint
        {
            ComplaintNo = complaintNo,
            MerchantId = order.MerchantId,
            CustomerId = order.CustomerId,
            OrderId = order.Id,
            CaseId = caseId,
            Category = category,
            Severity = severity,
            Channel = channel,
            Status = ComplaintStatus.Open,
            Summary = summary.Trim(),
            OpenedAt = at,
            OpenedBy = actor.Name,
        };
        complaint.history.Add(new ComplaintEvent(null, ComplaintStatus.Open, actor, "Complaint opened.", at));
        complaint.Touch(actor, at);
        return complaint;
    }

    /// <summary>Asks the merchant for its statement and evidence, due within the configured time.</summary>
    public void RequestMerchantEvidence(CaseActor actor, ComplaintRules rules, DateTimeOffset at)
    {
        if (actor != CaseActor.System)
        {
            // The system asks at once when a buyer disputes a rejection themselves.
            RequireStaff(actor, "ask the merchant for evidence");
        }

        Move(ComplaintStatus.AwaitingMerchantEvidence, actor, $"Merchant's evidence due within {rules.MerchantEvidenceHours} h.", at);
        EvidenceDueAt = at.AddHours(rules.MerchantEvidenceHours);
    }

    /// <summary>
    /// A side's statement: the merchant's own, the buyer's as an agent or supervisor took it down, or a
    /// platform note. A statement from the side whose turn it is hands the turn on.
    /// </summary>
    public ComplaintStatement AddStatement(ComplaintParty party, string text, CaseActor actor, ComplaintRules rules, DateTimeOffset at)
    {
        CheckSpeaker(party, actor);
        if (!IsActive)
        {
            throw new DomainException($"Complaint {ComplaintNo} is {Status}; statements are closed.");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw new DomainException("Write the statement first.");
        }

        if (text.Length > StatementMaxLength)
        {
            throw new DomainException($"A statement can have at most {StatementMaxLength:N0} characters.");
        }

        if (party != ComplaintParty.Platform && Status == ComplaintStatus.UnderArbitration)
        {
            throw new DomainException($"Complaint {ComplaintNo} is under arbitration; the sides' evidence is closed.");
        }

        var statement = new ComplaintStatement(party, text.Trim(), actor, at);
        statements.Add(statement);
        if (party == AwaitedParty)
        {
            HandOn(actor, $"{party} gave its statement.", rules, at);
        }

        Touch(actor, at);
        return statement;
    }

    public ComplaintEvidence AddEvidence(ComplaintParty party, string fileName, string contentType, long size, string sha256, CaseActor actor, DateTimeOffset at)
    {
        CheckSpeaker(party, actor);
        if (!IsActive || Status == ComplaintStatus.UnderArbitration && party != ComplaintParty.Platform)
        {
            throw new DomainException($"Complaint {ComplaintNo} is {Status}; evidence is closed.");
        }

        if (evidence.Count >= 30)
        {
            throw new DomainException("A complaint can hold at most 30 files.");
        }

        var item = new ComplaintEvidence(party, fileName, contentType, size, sha256, actor, at);
        evidence.Add(item);
        Touch(actor, at);
        return item;
    }

    /// <summary>
    /// The deadline worker's move when the awaited side stayed silent: the merchant's turn passes to the
    /// buyer, the buyer's to arbitration. Returns false when the complaint is not (or no longer) due.
    /// </summary>
    public bool PassDeadline(ComplaintRules rules, DateTimeOffset at)
    {
        if (AwaitedParty is not { } party || EvidenceDueAt is null || EvidenceDueAt > at)
        {
            return false;
        }

        HandOn(CaseActor.System, $"{party} gave no evidence by {EvidenceDueAt:yyyy-MM-dd HH:mm} UTC.", rules, at);
        Touch(CaseActor.System, at);
        return true;
    }

    /// <summary>A supervisor takes the complaint into arbitration now, without waiting for the sides.</summary>
    public void SendToArbitration(CaseActor actor, string? reason, DateTimeOffset at)
    {
        RequireSupervisor(actor, "send a complaint to arbitration");
        Move(ComplaintStatus.UnderArbitration, actor, string.IsNullOrWhiteSpace(reason) ? "Sent to arbitration." : reason.Trim(), at);
        EvidenceDueAt = null;
    }

    /// <summary>
    /// The arbitration: for the buyer, for the merchant, or partly (the share the buyer gets back);
    /// written reasoning required. Penalty points follow the category, in full for the buyer, half for a
    /// partial decision, none for the merchant.
    /// </summary>
    public void Decide(ArbitrationOutcome outcome, string reasoning, int? awardBasisPoints, CaseActor actor, ComplaintRules rules, DateTimeOffset at)
    {
        RequireSupervisor(actor, "decide a complaint");
        if (string.IsNullOrWhiteSpace(reasoning) || reasoning.Trim().Length < 10)
        {
            throw new DomainException("A decision needs its written reasoning (at least 10 characters); both sides will read it.");
        }

        if (reasoning.Length > ReasoningMaxLength)
        {
            throw new DomainException($"The reasoning can have at most {ReasoningMaxLength:N0} characters.");
        }

        if (outcome == ArbitrationOutcome.Partial && awardBasisPoints is not (> 0 and < 10_000))
        {
            throw new DomainException("A partial decision gives the buyer more than 0 % and less than 100 % back.");
        }

        if (outcome != ArbitrationOutcome.Partial && awardBasisPoints is not null)
        {
            throw new DomainException("Only a partial decision has a share.");
        }

        Move(ComplaintStatus.Decided, actor, $"Decided {outcome}: {reasoning.Trim()}", at);
        Outcome = outcome;
        Reasoning = reasoning.Trim();
        AwardBasisPoints = awardBasisPoints;
        var points = rules.PointsFor(Category);
        PenaltyPoints = outcome switch
        {
            ArbitrationOutcome.ForBuyer => points,
            ArbitrationOutcome.Partial => (points + 1) / 2,
            _ => 0,
        };
        DecidedBy = actor.Name;
        DecidedAt = at;
        EvidenceDueAt = null;
    }

    /// <summary>Records the refund the decision forced (proposed in the same transaction).</summary>
    public void LinkRefund(long refundId) => RefundId = refundId;

    public void Close(CaseActor actor, string? reason, DateTimeOffset at)
    {
        RequireStaff(actor, "close a complaint");
        if (Status == ComplaintStatus.Open && string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("Dismissing a complaint without arbitration needs the reason.");
        }

        Move(ComplaintStatus.Closed, actor, string.IsNullOrWhiteSpace(reason) ? "Closed." : reason.Trim(), at);
        EvidenceDueAt = null;
    }

    /// <summary>
    /// Reopening (new evidence, a mistake): a supervisor, with the reason, within the configured days of
    /// the decision, once. The penalty points are withdrawn until the new decision; a refund already
    /// forced stands.
    /// </summary>
    public void Reopen(CaseActor actor, string reason, ComplaintRules rules, DateTimeOffset at)
    {
        RequireSupervisor(actor, "reopen a complaint");
        if (DecidedAt is not { } decided)
        {
            throw new DomainException($"Complaint {ComplaintNo} was never decided; there is nothing to reopen.");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("Reopening needs the reason.");
        }

        if (Reopened >= rules.MaxReopens)
        {
            throw new DomainException($"Complaint {ComplaintNo} was already reopened; a decision is reopened at most {rules.MaxReopens} time(s).");
        }

        if (at > decided.AddDays(rules.ReopenDays))
        {
            throw new DomainException($"A decision can be reopened within {rules.ReopenDays} days; complaint {ComplaintNo} was decided on {decided:yyyy-MM-dd}.");
        }

        Move(ComplaintStatus.UnderArbitration, actor, $"Reopened: {reason.Trim()}", at);
        Reopened++;
        PenaltyPoints = 0;
        Outcome = null;
    }

    private void HandOn(CaseActor actor, string note, ComplaintRules rules, DateTimeOffset at)
    {
        if (Status == ComplaintStatus.AwaitingMerchantEvidence)
        {
            Move(ComplaintStatus.AwaitingBuyerEvidence, actor, $"{note} Buyer's evidence due within {rules.BuyerEvidenceHours} h.", at);
            EvidenceDueAt = at.AddHours(rules.BuyerEvidenceHours);
        }
        else
        {
            Move(ComplaintStatus.UnderArbitration, actor, note, at);
            EvidenceDueAt = null;
        }
    }

    private void Move(ComplaintStatus to, CaseActor actor, string note, DateTimeOffset at)
    {
        if (!Moves[Status].Contains(to))
        {
            throw new DomainException($"Complaint {ComplaintNo} is {Status}; it cannot become {to}.");
        }

        history.Add(new ComplaintEvent(Status, to, actor, note.Length > 1000 ? note[..1000] : note, at));
        Status = to;
        Touch(actor, at);
    }

    /// <summary>The merchant speaks for itself; agents and supervisors take down the buyer's words and add platform notes.</summary>
    private static void CheckSpeaker(ComplaintParty party, CaseActor actor)
    {
        var allowed = party == ComplaintParty.Merchant ? actor.Role == Identity.Roles.Merchant : actor.IsStaff;
        if (!allowed)
        {
            throw new DomainException(party == ComplaintParty.Merchant
                ? "Only the merchant gives the merchant's statement."
                : $"A {actor.Role} cannot speak for the {party.ToString().ToLowerInvariant()}.");
        }
    }

    private static void RequireStaff(CaseActor actor, string what)
    {
        if (!actor.IsStaff)
        {
            throw new DomainException($"Only agents and supervisors {what}.");
        }
    }

    private static void RequireSupervisor(CaseActor actor, string what)
    {
        if (actor.Role != Identity.Roles.Supervisor)
        {
            throw new DomainException($"Only a supervisor may {what}.");
        }
    }

    private void Touch(CaseActor actor, DateTimeOffset at)
    {
        UpdatedAt = at;
        UpdatedBy = actor.Name;
        Version = Guid.NewGuid();
    }
}

public class ComplaintStatement
{
    private ComplaintStatement()
    {
    }

    internal ComplaintStatement(ComplaintParty party, string text, CaseActor actor, DateTimeOffset at)
    {
        Party = party;
        Text = text;
        AuthorName = actor.Name;
        AuthorRole = actor.Role;
        At = at;
    }

    public long Id { get; private set; }

    public long ComplaintId { get; private set; }

    public ComplaintParty Party { get; private set; }

    public string Text { get; private set; } = "";

    public string AuthorName { get; private set; } = "";

    public string AuthorRole { get; private set; } = "";

    public DateTimeOffset At { get; private set; }
}

/// <summary>A file one side gave, stored like case attachments (outside the web root, under its content hash).</summary>
public class ComplaintEvidence
{
    private ComplaintEvidence()
    {
    }

    internal ComplaintEvidence(ComplaintParty party, string fileName, string contentType, long size, string sha256, CaseActor actor, DateTimeOffset at)
    {
        Party = party;
        FileName = fileName;
        ContentType = contentType;
        Size = size;
        Sha256 = sha256;
        UploadedBy = actor.Name;
        At = at;
    }

    public long Id { get; private set; }

    public long ComplaintId { get; private set; }

    public ComplaintParty Party { get; private set; }

    public string FileName { get; private set; } = "";

    public string ContentType { get; private set; } = "";

    public long Size { get; private set; }

    public string Sha256 { get; private set; } = "";

    public string UploadedBy { get; private set; } = "";

    public DateTimeOffset At { get; private set; }
}

public class ComplaintEvent
{
    private ComplaintEvent()
    {
    }

    internal ComplaintEvent(ComplaintStatus? from, ComplaintStatus to, CaseActor actor, string note, DateTimeOffset at)
    {
        From = from;
        To = to;
        ActorName = actor.Name;
        ActorRole = actor.Role;
        Note = note;
        At = at;
    }

    public long Id { get; private set; }

    public long ComplaintId { get; private set; }

    public ComplaintStatus? From { get; private set; }

    public ComplaintStatus To { get; private set; }

    public string ActorName { get; private set; } = "";

    public string ActorRole { get; private set; } = "";

    public string Note { get; private set; } = "";

    public DateTimeOffset At { get; private set; }
}
