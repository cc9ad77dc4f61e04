using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Common;

namespace AfterSalesDesk.Data.Feedback;

/// <summary>
/// The buyer's rating of the service on a finished case (用户反馈): 1 to 5 stars and a comment, once per
/// case. It keeps the merchant, the case's kind and the agent who worked the case, so that averages per
/// merchant, agent and kind (sum of ratings / count) need no join. A rating below
/// <see cref="SatisfiedFrom"/> opens a <see cref="FollowUp"/> at once.
/// </summary>
public class CaseRating
{
    /// <summary>Ratings from here up need no follow-up.</summary>
    public const int SatisfiedFrom = 3;

    public const int MaxCommentLength = 1000;

    private CaseRating()
    {
    }

    public long Id { get; private set; }

    public long CaseId { get; private set; }

    public int MerchantId { get; private set; }

    public CaseKind Kind { get; private set; }

    /// <summary>The agent or supervisor the case was assigned to when it was rated; null if nobody was.</summary>
    public string? AgentId { get; private set; }

    public string? AgentName { get; private set; }

    public int Stars { get; private set; }

    public string Comment { get; private set; } = "";

    public DateTimeOffset RatedAt { get; private set; }

    /// <summary>Who entered the buyer's rating (an agent today; the intake API later).</summary>
    public string RecordedBy { get; private set; } = "";

    public FollowUp? FollowUp { get; private set; }

    /// <summary>States in which a case's service can be rated: it reached an end with the buyer served or refused.</summary>
    public static bool CanRate(CaseStatus status) => status is CaseStatus.Resolved or CaseStatus.Closed;

    public static CaseRating Record(AfterSalesCase afterSalesCase, int stars, string? comment, CaseActor actor, DateTimeOffset at, TimeSpan followUpWithin)
    {
        ArgumentNullException.ThrowIfNull(afterSalesCase);
        ArgumentNullException.ThrowIfNull(actor);
        if (!CanRate(afterSalesCase.Status))
        {
            throw new DomainException($"Only a resolved or closed case can be rated; case {afterSalesCase.CaseNo} is {afterSalesCase.Status}.");
        }

        if (stars is < 1 or > 5)
        {
            throw new DomainException("A rating is 1 to 5 stars.");
        }

        var text = (comment ?? "").Trim();
        if (text.Length > MaxCommentLength)
        {
            throw new DomainException($"The comment can have at most {MaxCommentLength:N0} characters.");
        }

        if (stars < SatisfiedFrom && text.Length == 0)
        {
            throw new DomainException($"A rating below {SatisfiedFrom} stars needs the buyer's comment, so the follow-up knows what went wrong.");
        }

        var rating = new CaseRating
        {
            CaseId = afterSalesCase.Id,
            MerchantId = afterSalesCase.MerchantId,
            Kind = afterSalesCase.Kind,
            AgentId = afterSalesCase.AssigneeId,
            AgentName = afterSalesCase.AssigneeName,
            Stars = stars,
            Comment = text,
            RatedAt = at,
            RecordedBy = actor.Name,
        };
        if (stars < SatisfiedFrom)
        {
            rating.FollowUp = FollowUp.Open(rating, at, followUpWithin);
        }

        return rating;
    }
}

public enum FollowUpStatus
{
    Open,
    Done,
}

/// <summary>
/// A follow-up case (回访) opened by a low rating: someone calls the buyer back, puts right what can be,
/// and records what came of it. Open until done; taken by one agent or supervisor at a time.
/// </summary>
public class FollowUp
{
    public const int MaxOutcomeLength = 2000;

    private FollowUp()
    {
    }

    public long Id { get; private set; }

    public long RatingId { get; private set; }

    public long CaseId { get; private set; }

    public int MerchantId { get; private set; }

    public FollowUpStatus Status { get; private set; }

    /// <summary>One star is urgent; two stars normal.</summary>
    public CasePriority Priority { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset DueAt { get; private set; }

    public string? AssigneeId { get; private set; }

    public string? AssigneeName { get; private set; }

    public DateTimeOffset? DoneAt { get; private set; }

    public string? DoneBy { get; private set; }

    public string? Outcome { get; private set; }

    public Guid Version { get; private set; }

    internal static FollowUp Open(CaseRating rating, DateTimeOffset at, TimeSpan within) => new()
    {
        CaseId = rating.CaseId,
        MerchantId = rating.MerchantId,
        Status = FollowUpStatus.Open,
        Priority = rating.Stars == 1 ? CasePriority.Urgent : CasePriority.Normal,
        CreatedAt = at,
        DueAt = at + within,
        Version = Guid.NewGuid(),
    };

    public void Take(CaseActor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsStaff)
        {
            throw new DomainException("Only agents and supervisors work follow-ups.");
        }

        if (Status == FollowUpStatus.Done)
        {
            throw new DomainException("This follow-up is already done.");
        }

        if (AssigneeId == actor.UserId)
        {
            throw new DomainException("You already have this follow-up.");
        }

        AssigneeId = actor.UserId;
        AssigneeName = actor.Name;
        Version = Guid.NewGuid();
    }

    public void Complete(CaseActor actor, string? outcome, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsStaff)
        {
            throw new DomainException("Only agents and supervisors work follow-ups.");
        }

        if (Status == FollowUpStatus.Done)
        {
            throw new DomainException($"This follow-up was already done by {DoneBy}.");
        }

        var text = (outcome ?? "").Trim();
        if (text.Length == 0)
        {
            throw new DomainException("Write what came of the follow-up (what the buyer said, what was done).");
        }

        if (text.Length > MaxOutcomeLength)
        {
            throw new DomainException($"The outcome can have at most {MaxOutcomeLength:N0} characters.");
        }

        Status = FollowUpStatus.Done;
        Outcome = text;
        DoneAt = at;
        DoneBy = actor.Name;
        AssigneeId ??= actor.UserId;
        AssigneeName ??= actor.Name;
        Version = Guid.NewGuid();
    }
}
