using System.Globalization;
using System.Security.Claims;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Refunds;
using AfterSalesDesk.Data.Risk;
using AfterSalesDesk.Web.Features.Cases;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Features.Risk;

/// <summary>
/// The refund-risk score around a case: scoring (inside the opening's and the proposal's own transactions), the case
/// page's view of it, re-assessment, the supervisor's override of the refund-only block, staff's abuse labels and the
/// buyers' allow and block lists. Platform staff only: a merchant or a buyer never reaches any of it, and a refused
/// attempt is audited.
/// </summary>
public sealed class RiskService(
    IDbContextFactory<AppDbContext> contextFactory,
    IOptions<RiskRules> rules,
    AuditActors actors,
    AuditWriter audit,
    Queues.CaseFeed feed,
    TimeProvider clock)
{
    private const string NotFound = "That case does not exist, or it is not yours to see.";

    /// <summary>Agents, supervisors and managers see scores and buyers' histories; merchants and buyers never.</summary>
    public static bool CanSee(ClaimsPrincipal user) => user.IsInRole(Roles.Agent) || user.IsInRole(Roles.Supervisor) || user.IsInRole(Roles.Manager);

    /// <summary>Agents and supervisors label cases and ask for a new score.</summary>
    public static bool CanLabel(ClaimsPrincipal user) => user.IsInRole(Roles.Agent) || user.IsInRole(Roles.Supervisor);

    /// <summary>Supervisors override the block and keep the allow and block lists.</summary>
    public static bool CanDecide(ClaimsPrincipal user) => user.IsInRole(Roles.Supervisor);

    public RiskRules Rules => rules.Value;

    /// <summary>Scores the case's request as of <paramref name="at"/>, from the rows <paramref name="db"/> sees.</summary>
    public Task<RiskResult> ScoreAsync(AppDbContext db, AfterSalesCase afterSalesCase, DateTimeOffset at, CancellationToken cancellationToken) =>
        ScoreAsync(db, new RiskSubject(afterSalesCase.CustomerId, afterSalesCase.OrderId, afterSalesCase.Id == 0 ? null : afterSalesCase.Id,
            afterSalesCase.Kind, afterSalesCase.Reason), at, cancellationToken);

    /// <summary>
    /// Scores a request before its command's write transaction begins: the reads then hold no lock (on SQLite not the
    /// write gate, on PostgreSQL no row lock), so a busy store's proposals do not queue behind each other's scoring. The
    /// buyer's past a few milliseconds old is as good a basis as any.
    /// </summary>
    public async Task<RiskResult> ScoreAsync(AppDbContext db, RiskSubject subject, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var facts = await RiskFactsQuery.ReadAsync(db, rules.Value, subject.CustomerId, subject.OrderId, subject.CaseId, subject.Kind, subject.Reason, at,
            cancellationToken);
        return RiskScorer.Score(facts, rules.Value);
    }

    /// <summary>Keeps a score: its assessment row, and the latest level on the case for the queues. Saved with the command.</summary>
    public static void Record(AppDbContext db, AfterSalesCase afterSalesCase, RiskResult result, RiskTrigger trigger, long? refundId, DateTimeOffset at)
    {
        db.RiskAssessments.Add(new RiskAssessment(afterSalesCase.Id, afterSalesCase.CustomerId, refundId, trigger, result, at));
        afterSalesCase.RecordRisk(result, at);
    }

    /// <summary>The case page's risk panel; null when the case does not exist or the user may not see scores.</summary>
    public async Task<CaseRiskView?> ForCaseAsync(ClaimsPrincipal user, long caseId, CancellationToken cancellationToken = default)
    {
        if (!CanSee(user))
        {
            await DenyAsync(user, "risk.view", caseId, "Only platform staff see risk scores.");
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var afterSalesCase = await db.Cases.AsNoTracking().SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (afterSalesCase is null)
        {
            return null;
        }

        var latest = await db.RiskAssessments.AsNoTracking().Where(a => a.CaseId == caseId).OrderByDescending(a => a.Id).FirstOrDefaultAsync(cancellationToken);
        var buyer = await db.Customers.AsNoTracking().SingleAsync(c => c.Id == afterSalesCase.CustomerId, cancellationToken);
        var history = await BuyerHistoryAsync(db, afterSalesCase.CustomerId, caseId, cancellationToken);
        var value = rules.Value;
        return new CaseRiskView(
            latest is null ? null : View(latest),
            buyer.Code, buyer.Name, buyer.Listing, buyer.ListingReason, buyer.ListedBy, buyer.ListedAt,
            afterSalesCase.Kind, afterSalesCase.IsOpen,
            afterSalesCase.RiskOverrideAt, afterSalesCase.RiskOverrideBy, afterSalesCase.RiskOverrideReason,
            afterSalesCase.AbuseLabel, afterSalesCase.AbuseLabelBy, afterSalesCase.AbuseLabelAt,
            history, value.ReviewThreshold, value.BlockThreshold,
            CanLabel: CanLabel(user), CanOverride: CanDecide(user) && afterSalesCase.Kind == CaseKind.RefundOnly && afterSalesCase.IsOpen,
            CanList: CanDecide(user));
    }

    /// <summary>The assessment given for a refund proposal, for the approvals list and the case's refunds.</summary>
    public async Task<RiskAssessmentView?> ForRefundAsync(ClaimsPrincipal user, long refundId, CancellationToken cancellationToken = default)
    {
        if (!CanSee(user))
        {
            await DenyAsync(user, "risk.view", refundId, "Only platform staff see risk scores.");
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var assessment = await db.RiskAssessments.AsNoTracking().Where(a => a.RefundId == refundId).OrderByDescending(a => a.Id).FirstOrDefaultAsync(cancellationToken);
        return assessment is null ? null : View(assessment);
    }

    /// <summary>Scores the case again now (the buyer's past has moved on, or a supervisor changed a listing).</summary>
    public Task<Result> ReassessAsync(ClaimsPrincipal user, long caseId, CancellationToken cancellationToken = default) =>
        CommandAsync(user, caseId, "risk.reassess", null, CanLabel(user), "Only agents and supervisors ask for a new score.", async (db, afterSalesCase) =>
        {
            var now = clock.GetUtcNow();
            Record(db, afterSalesCase, await ScoreAsync(db, afterSalesCase, now, cancellationToken), RiskTrigger.Reassessed, null, now);
        }, cancellationToken);

    /// <summary>A supervisor lets refund-only through for this case despite the block, with the reason (audited).</summary>
    public Task<Result> OverrideAsync(ClaimsPrincipal user, long caseId, string? reason, CancellationToken cancellationToken = default) =>
        CommandAsync(user, caseId, "risk.override", reason, CanDecide(user), "Only supervisors override the risk block.", (_, afterSalesCase) =>
        {
            afterSalesCase.OverrideRiskBlock(CaseService.ActorOf(user), reason ?? "", clock.GetUtcNow());
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>Marks the case "abuse confirmed" or "legitimate", or clears the mark (null).</summary>
    public Task<Result> LabelAsync(ClaimsPrincipal user, long caseId, AbuseLabel? label, CancellationToken cancellationToken = default) =>
        CommandAsync(user, caseId, "risk.label", label?.ToString() ?? "cleared", CanLabel(user), "Only agents and supervisors label cases.", (_, afterSalesCase) =>
        {
            afterSalesCase.Label(label, CaseService.ActorOf(user), clock.GetUtcNow());
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>Puts a buyer (by account number) on the allow or block list, or takes them off (null).</summary>
    public async Task<Result> ListBuyerAsync(ClaimsPrincipal user, string? buyerCode, BuyerListing? listing, string? reason, CancellationToken cancellationToken = default)
    {
        const string action = "risk.list";
        if (!CanDecide(user))
        {
            return await audit.DenyAsync(actors.For(user), action, "Customer", buyerCode, "Only supervisors keep the allow and block lists.");
        }

        var code = buyerCode?.Trim() ?? "";
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.AuditAs(actors.For(user), action, clock, listing is null ? "removed" : $"{listing}: {reason}");
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var buyer = code.Length is > 0 and <= 32 ? await db.Customers.SingleOrDefaultAsync(c => c.Code == code, cancellationToken) : null;
        if (buyer is null)
        {
            return Result.NotFound($"No buyer has the account number \"{Shorten(code)}\".");
        }

        try
        {
            buyer.List(listing, reason, user.Identity?.Name ?? "unknown", clock.GetUtcNow());
        }
        catch (DomainException ex)
        {
            return Result.Invalid(ex.Message);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result.Ok;
    }

    /// <summary>The buyers on either list, newest first; null for anyone but supervisors.</summary>
    public async Task<IReadOnlyList<ListedBuyerRow>?> ListedBuyersAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (!CanDecide(user))
        {
            await audit.DenyAsync(actors.For(user), "risk.lists", "Customer", null, "Only supervisors keep the allow and block lists.");
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Customers.AsNoTracking().Where(c => c.Listing != null).OrderByDescending(c => c.ListedAt).Take(500)
            .Select(c => new ListedBuyerRow(c.Code, c.Name, c.Listing!.Value, c.ListingReason ?? "", c.ListedBy ?? "", c.ListedAt!.Value))
            .ToListAsync(cancellationToken);
    }

    private static async Task<IReadOnlyList<BuyerCaseRow>> BuyerHistoryAsync(AppDbContext db, long customerId, long caseId, CancellationToken cancellationToken)
    {
        var rows = await db.Cases.AsNoTracking().Where(c => c.CustomerId == customerId && c.Id != caseId)
            .OrderByDescending(c => c.CreatedAt).Take(20)
            .Select(c => new { c.Id, c.CaseNo, c.Kind, c.Reason, c.Status, c.CreatedAt, c.RiskScore, c.RiskLevel, c.AbuseLabel, c.AbuseLabelBy })
            .ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();
        var refunded = await db.Refunds.Where(r => ids.Contains(r.CaseId) && r.Status == RefundStatus.Succeeded)
            .GroupBy(r => r.CaseId).Select(g => new { CaseId = g.Key, Minor = g.Sum(r => r.AmountMinor) })
            .ToDictionaryAsync(g => g.CaseId, g => g.Minor, cancellationToken);
        return rows.Select(r => new BuyerCaseRow(r.Id, r.CaseNo, r.Kind, r.Reason, r.Status, r.CreatedAt, r.RiskScore, r.RiskLevel, r.AbuseLabel, r.AbuseLabelBy,
            new Money(refunded.GetValueOrDefault(r.Id), Money.DefaultCurrency))).ToList();
    }

    private async Task<Result> CommandAsync(
        ClaimsPrincipal user, long caseId, string action, string? detail, bool allowed, string refusal, Func<AppDbContext, AfterSalesCase, Task> change,
        CancellationToken cancellationToken)
    {
        if (!allowed)
        {
            return await DenyAsync(user, action, caseId, refusal);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.AuditAs(actors.For(user), action, clock, detail);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var afterSalesCase = await db.Cases.SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (afterSalesCase is null)
        {
            return Result.NotFound(NotFound);
        }

        try
        {
            await change(db, afterSalesCase);
        }
        catch (DomainException ex)
        {
            await transaction.RollbackAsync(cancellationToken);
            await audit.RecordAsync(actors.For(user), action, "AfterSalesCase", Id(caseId), AuditOutcome.Failed, ex.Message, cancellationToken);
            return Result.Invalid(ex.Message);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        feed.Poke();
        return Result.Ok;
    }

    private Task<Result> DenyAsync(ClaimsPrincipal user, string action, long id, string message) =>
        audit.DenyAsync(actors.For(user), action, "AfterSalesCase", Id(id), message);

    private static RiskAssessmentView View(RiskAssessment a) => new(a.Score, a.Level, a.RuleSet, a.Trigger, a.AssessedAt, a.Factors);

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string Shorten(string text) => text.Length <= 32 ? text : text[..32] + "…";
}

/// <summary>What is scored: a buyer's request on an order (the case's id once it exists, so it is not part of its own past).</summary>
public sealed record RiskSubject(long CustomerId, long OrderId, long? CaseId, CaseKind Kind, string Reason);

public sealed record RiskAssessmentView(int Score, RiskLevel Level, string RuleSet, RiskTrigger Trigger, DateTimeOffset At, IReadOnlyList<RiskFactor> Factors);

public sealed record BuyerCaseRow(
    long CaseId, string CaseNo, CaseKind Kind, string Reason, CaseStatus Status, DateTimeOffset CreatedAt, int? RiskScore, RiskLevel? Level,
    AbuseLabel? Label, string? LabelBy, Money Refunded);

public sealed record CaseRiskView(
    RiskAssessmentView? Latest,
    string BuyerCode, string BuyerName, BuyerListing? Listing, string? ListingReason, string? ListedBy, DateTimeOffset? ListedAt,
    CaseKind Kind, bool IsOpen,
    DateTimeOffset? OverrideAt, string? OverrideBy, string? OverrideReason,
    AbuseLabel? Label, string? LabelBy, DateTimeOffset? LabelAt,
    IReadOnlyList<BuyerCaseRow> History, int ReviewThreshold, int BlockThreshold,
    bool CanLabel, bool CanOverride, bool CanList)
{
    /// <summary>Refund-only is refused for this case now: the latest score is at the block threshold and no supervisor overrode it.</summary>
    public bool Blocked => Latest is { } latest && latest.Score >= BlockThreshold && Kind == CaseKind.RefundOnly && OverrideAt is null;
}

public sealed record ListedBuyerRow(string Code, string Name, BuyerListing Listing, string Reason, string ListedBy, DateTimeOffset ListedAt);
