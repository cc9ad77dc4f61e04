using System.Globalization;
using System.Security.Claims;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Providers;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Feedback;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Web.Features.Cases;
using AfterSalesDesk.Web.Features.Queues;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Features.Feedback;

/// <summary>How feedback is handled (section "Feedback").</summary>
public sealed class FeedbackOptions
{
    public const string Section = "Feedback";

    /// <summary>Hours a follow-up of a low rating has before it is overdue.</summary>
    public int FollowUpHours { get; set; } = 24;

    public IReadOnlyList<string> Validate() => FollowUpHours is < 1 or > 24 * 30
        ? [$"Feedback:FollowUpHours must be between 1 and 720 (it is {FollowUpHours})."]
        : [];
}

/// <summary>
/// The buyer's ratings of finished cases (entered by agents until the intake API exists), the
/// follow-ups low ratings open, and averages (sum of ratings / count) per merchant, agent and kind
/// over a period. A merchant sees only its own store's ratings and never the per-agent figures or the
/// follow-ups, which are the platform's own work. One transaction per command; every command audited.
/// </summary>
public sealed class FeedbackService(
    IDbContextFactory<AppDbContext> contextFactory,
    IOptions<FeedbackOptions> options,
    CaseFeed feed,
    AuditActors actors,
    AuditWriter audit,
    TimeProvider clock)
{
    private const string CaseNotFound = "That case does not exist, or it is not yours to see.";

    private const string FollowUpNotFound = "That follow-up does not exist.";

    public static bool CanRate(ClaimsPrincipal user) => user.IsInRole(Roles.Agent) || user.IsInRole(Roles.Supervisor);

    public static bool CanSeeFollowUps(ClaimsPrincipal user) => CanRate(user) || user.IsInRole(Roles.Manager);

    public static bool CanSeeAgents(ClaimsPrincipal user) => user.IsInRole(Roles.Supervisor) || user.IsInRole(Roles.Manager);

    /// <summary>The case's rating and its follow-up, or null when it was not rated (or the case is not the user's).</summary>
    public async Task<RatingRow?> ForCaseAsync(ClaimsPrincipal user, long caseId, CancellationToken cancellationToken = default)
    {
        var access = CaseAccess.For(user);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var ratings = access.Scope(db.CaseRatings.AsNoTracking(), r => r.MerchantId).Where(r => r.CaseId == caseId);
        return (await Rows(db, ratings, CanSeeFollowUps(user)).ToListAsync(cancellationToken)).SingleOrDefault();
    }

    public async Task<Result> RateAsync(ClaimsPrincipal user, long caseId, int stars, string? comment, CancellationToken cancellationToken = default)
    {
        const string action = "case.rate";
        var target = caseId.ToString(CultureInfo.InvariantCulture);
        var access = CaseAccess.For(user);
        if (!CanRate(user) && !access.IsBuyer)
        {
            return await audit.DenyAsync(actors.For(user), action, "AfterSalesCase", target, "Only agents and supervisors record the buyer's rating.");
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.AuditAs(actors.For(user), action, clock, $"{stars} stars");
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var afterSalesCase = await db.Cases.AsNoTracking().SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (afterSalesCase is null || !access.SeesCase(afterSalesCase.MerchantId, afterSalesCase.CustomerId))
        {
            return Result.NotFound(CaseNotFound);
        }

        if (await db.CaseRatings.AsNoTracking().Where(r => r.CaseId == caseId).Select(r => new { r.Stars, r.RecordedBy }).SingleOrDefaultAsync(cancellationToken) is { } earlier)
        {
            return Result.Conflict($"Case {afterSalesCase.CaseNo} was already rated ({earlier.Stars} of 5, entered by {earlier.RecordedBy}).");
        }

        CaseRating rating;
        try
        {
            rating = CaseRating.Record(afterSalesCase, stars, comment, CaseService.ActorOf(user), clock.GetUtcNow(), TimeSpan.FromHours(options.Value.FollowUpHours));
        }
        catch (DomainException ex)
        {
            await transaction.RollbackAsync(cancellationToken);
            await audit.RecordAsync(actors.For(user), action, "AfterSalesCase", target, AuditOutcome.Failed, ex.Message, cancellationToken);
            return Result.Invalid(ex.Message);
        }

        db.CaseRatings.Add(rating);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (db.FailureOf(ex)?.Is(DbFailureKind.Unique, ConstraintNames.OneRatingPerCase) == true)
        {
            return Result.Conflict($"Case {afterSalesCase.CaseNo} was rated by someone else at the same moment.");
        }

        await transaction.CommitAsync(cancellationToken);
        feed.Poke();
        return Result.Ok;
    }

    /// <summary>Follow-ups, open ones first by due time, then the latest done; platform staff only.</summary>
    public async Task<IReadOnlyList<FollowUpRow>> FollowUpsAsync(ClaimsPrincipal user, bool openOnly, CancellationToken cancellationToken = default)
    {
        if (!CanSeeFollowUps(user))
        {
            return [];
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var open = await FollowUpRows(db, db.FollowUps.AsNoTracking().Where(f => f.Status == FollowUpStatus.Open).OrderBy(f => f.DueAt).ThenBy(f => f.Id).Take(200))
            .ToListAsync(cancellationToken);
        if (openOnly)
        {
            return open;
        }

        var done = await FollowUpRows(db, db.FollowUps.AsNoTracking().Where(f => f.Status == FollowUpStatus.Done).OrderByDescending(f => f.DoneAt).ThenByDescending(f => f.Id).Take(50))
            .ToListAsync(cancellationToken);
        return [.. open, .. done];
    }

    private static IQueryable<FollowUpRow> FollowUpRows(AppDbContext db, IQueryable<FollowUp> followUps) =>
        from f in followUps
        join r in db.CaseRatings on f.RatingId equals r.Id
        join c in db.Cases on f.CaseId equals c.Id
        join m in db.Merchants on f.MerchantId equals m.Id
        select new FollowUpRow(
            f.Id, f.CaseId, c.CaseNo, m.Name, r.Stars, r.Comment, f.Status, f.Priority, f.CreatedAt, f.DueAt,
            f.AssigneeId, f.AssigneeName, f.DoneAt, f.DoneBy, f.Outcome, f.Version);

    public Task<Result> TakeFollowUpAsync(ClaimsPrincipal user, long followUpId, Guid seenVersion, CancellationToken cancellationToken = default) =>
        FollowUpCommandAsync(user, followUpId, seenVersion, "followup.take", (followUp, actor, _) => followUp.Take(actor), cancellationToken);

    public Task<Result> CompleteFollowUpAsync(ClaimsPrincipal user, long followUpId, string? outcome, Guid seenVersion, CancellationToken cancellationToken = default) =>
        FollowUpCommandAsync(user, followUpId, seenVersion, "followup.complete", (followUp, actor, at) => followUp.Complete(actor, outcome, at), cancellationToken);

    private async Task<Result> FollowUpCommandAsync(
        ClaimsPrincipal user, long followUpId, Guid seenVersion, string action, Action<FollowUp, CaseActor, DateTimeOffset> change, CancellationToken cancellationToken)
    {
        var target = followUpId.ToString(CultureInfo.InvariantCulture);
        if (!CanRate(user))
        {
            return await audit.DenyAsync(actors.For(user), action, "FollowUp", target, "Only agents and supervisors work follow-ups.");
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.AuditAs(actors.For(user), action, clock);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var followUp = await db.FollowUps.SingleOrDefaultAsync(f => f.Id == followUpId, cancellationToken);
        if (followUp is null)
        {
            return Result.NotFound(FollowUpNotFound);
        }

        if (followUp.Version != seenVersion)
        {
            return Result.Conflict(followUp.Status == FollowUpStatus.Done
                ? $"This follow-up was done by {followUp.DoneBy} in the meantime."
                : $"This follow-up changed in the meantime{(followUp.AssigneeName is { } who ? $" (taken by {who})" : "")}. Reload, then try again.");
        }

        try
        {
            change(followUp, CaseService.ActorOf(user), clock.GetUtcNow());
        }
        catch (DomainException ex)
        {
            await transaction.RollbackAsync(cancellationToken);
            await audit.RecordAsync(actors.For(user), action, "FollowUp", target, AuditOutcome.Failed, ex.Message, cancellationToken);
            return Result.Invalid(ex.Message);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result.Conflict("Someone changed this follow-up at the same moment. Reload, then try again.");
        }

        await transaction.CommitAsync(cancellationToken);
        feed.Poke();
        return Result.Ok;
    }

    /// <summary>
    /// Averages (sum of ratings / count) and the distribution of stars over a period: overall, per
    /// merchant, per kind, and per agent for supervisors and managers. A merchant's figures are its own store's.
    /// </summary>
    public async Task<RatingSummary> SummaryAsync(ClaimsPrincipal user, RatingQuery query, CancellationToken cancellationToken = default)
    {
        var access = CaseAccess.For(user);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var ratings = Filter(access, db.CaseRatings.AsNoTracking(), query);

        var distribution = await ratings.GroupBy(r => r.Stars).Select(g => new { Stars = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var counts = new int[5];
        foreach (var d in distribution)
        {
            counts[d.Stars - 1] = d.Count;
        }

        var byMerchant = await ratings.GroupBy(r => r.MerchantId)
            .Select(g => new { g.Key, Count = g.Count(), Sum = g.Sum(r => r.Stars) })
            .Join(db.Merchants, g => g.Key, m => m.Id, (g, m) => new RatingGroup(m.Name, g.Count, g.Sum, m.Id.ToString()))
            .ToListAsync(cancellationToken);
        var byKind = (await ratings.GroupBy(r => r.Kind).Select(g => new { g.Key, Count = g.Count(), Sum = g.Sum(r => r.Stars) }).ToListAsync(cancellationToken))
            .Select(g => new RatingGroup(g.Key.ToString(), g.Count, g.Sum, g.Key.ToString())).ToList();
        var byAgent = CanSeeAgents(user)
            ? (await ratings.GroupBy(r => new { r.AgentId, r.AgentName }).Select(g => new { g.Key.AgentId, g.Key.AgentName, Count = g.Count(), Sum = g.Sum(r => r.Stars) })
                .ToListAsync(cancellationToken))
                .Select(g => new RatingGroup(g.AgentName ?? "", g.Count, g.Sum, g.AgentId ?? "")).ToList()
            : null;

        static List<RatingGroup> Ranked(IEnumerable<RatingGroup> groups) =>
            groups.OrderByDescending(g => g.Count).ThenBy(g => g.Name, StringComparer.Ordinal).ToList();

        return new RatingSummary(counts, Ranked(byMerchant), Ranked(byKind), byAgent is null ? null : Ranked(byAgent));
    }

    /// <summary>The newest ratings of the period, for the list under the figures.</summary>
    public async Task<IReadOnlyList<RatingRow>> RecentAsync(ClaimsPrincipal user, RatingQuery query, CancellationToken cancellationToken = default)
    {
        var access = CaseAccess.For(user);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var ratings = Filter(access, db.CaseRatings.AsNoTracking(), query).OrderByDescending(r => r.RatedAt).ThenByDescending(r => r.Id).Take(100);
        return await Rows(db, ratings, CanSeeFollowUps(user)).ToListAsync(cancellationToken);
    }

    private static IQueryable<CaseRating> Filter(CaseAccess access, IQueryable<CaseRating> ratings, RatingQuery query)
    {
        ratings = access.Scope(ratings, r => r.MerchantId);
        if (query.From is { } from)
        {
            var start = UtcDays.Start(from);
            ratings = ratings.Where(r => r.RatedAt >= start);
        }

        if (query.To is { } to)
        {
            var end = UtcDays.EndOf(to);
            ratings = ratings.Where(r => r.RatedAt < end);
        }

        if (query.MerchantId is { } merchantId)
        {
            ratings = ratings.Where(r => r.MerchantId == merchantId);
        }

        if (query.Kind is { } kind)
        {
            ratings = ratings.Where(r => r.Kind == kind);
        }

        if (query.Stars is { } stars)
        {
            ratings = ratings.Where(r => r.Stars == stars);
        }

        return ratings;
    }

    private static IQueryable<RatingRow> Rows(AppDbContext db, IQueryable<CaseRating> ratings, bool withFollowUp) =>
        from r in ratings
        join c in db.Cases on r.CaseId equals c.Id
        join m in db.Merchants on r.MerchantId equals m.Id
        from f in db.FollowUps.Where(f => withFollowUp && f.RatingId == r.Id).DefaultIfEmpty()
        select new RatingRow(
            r.Id, r.CaseId, c.CaseNo, m.Name, r.Kind, r.Stars, r.Comment, r.AgentName, r.RatedAt, r.RecordedBy,
            f == null ? null : f.Id, f == null ? null : f.Status, f == null ? null : f.Outcome);
}

public sealed record RatingQuery
{
    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }

    public int? MerchantId { get; init; }

    public CaseKind? Kind { get; init; }

    public int? Stars { get; init; }
}

/// <param name="Key">What the group is filtered by in links (merchant id, kind, agent id).</param>
public sealed record RatingGroup(string Name, int Count, long Sum, string Key)
{
    /// <summary>The seeds' formula: sum of ratings / count.</summary>
    public decimal Average => Count == 0 ? 0 : Math.Round((decimal)Sum / Count, 2, MidpointRounding.AwayFromZero);
}

/// <param name="Distribution">How many ratings gave 1, 2, 3, 4 and 5 stars.</param>
public sealed record RatingSummary(int[] Distribution, IReadOnlyList<RatingGroup> ByMerchant, IReadOnlyList<RatingGroup> ByKind, IReadOnlyList<RatingGroup>? ByAgent)
{
    public int Count => Distribution.Sum();

    public long Sum => Distribution.Select((count, i) => (long)count * (i + 1)).Sum();

    public decimal? Average => Count == 0 ? null : Math.Round((decimal)Sum / Count, 2, MidpointRounding.AwayFromZero);
}

public sealed record RatingRow(
    long Id, long CaseId, string CaseNo, string Merchant, CaseKind Kind, int Stars, string Comment, string? AgentName, DateTimeOffset RatedAt, string RecordedBy,
    long? FollowUpId, FollowUpStatus? FollowUpStatus, string? FollowUpOutcome);

public sealed record FollowUpRow(
    long Id, long CaseId, string CaseNo, string Merchant, int Stars, string Comment, FollowUpStatus Status, CasePriority Priority,
    DateTimeOffset CreatedAt, DateTimeOffset DueAt, string? AssigneeId, string? AssigneeName, DateTimeOffset? DoneAt, string? DoneBy, string? Outcome, Guid Version);
