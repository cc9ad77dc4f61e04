using System.Security.Claims;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Complaints;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Web.Features.Queues;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Web.Features.Complaints;

/// <summary>
/// What the complaint lists show: keyset pages of complaints (newest opened first, by (OpenedAt, Id), counted up to
/// <see cref="CountCap"/> like the queues; <see cref="Keyset"/>), the count behind the dashboard's complaint figure, the merchants' penalty
/// ranking and a store's own points. A merchant reads only its own store's complaints, enforced in every query.
/// </summary>
public sealed class ComplaintListService(IDbContextFactory<AppDbContext> contextFactory, AuditActors actors, AuditWriter audit)
{
    public const int CountCap = Keyset.CountCap;
    public const int MaxTake = 100;

    public static bool CanSeeRanking(ClaimsPrincipal user) => user.IsInRole(Roles.Supervisor) || user.IsInRole(Roles.Manager);

    /// <summary>One page of the complaints the query finds within what the user may see (a merchant: its own store's).</summary>
    public async Task<ComplaintListPage> PageAsync(ClaimsPrincipal user, ComplaintListQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var complaints = Matching(db, user, query);
        var (matches, capped) = await Keyset.CountAsync(complaints, cancellationToken);
        var slice = await Keyset.ReadAsync(
            (cursor, backwards) => Keyset.NewestFirst(complaints, c => c.OpenedAt, c => c.Id, cursor, backwards), query, MaxTake,
            c => new { c.Id, c.ComplaintNo, c.Category, c.Severity, c.Status, c.MerchantId, c.OpenedAt, c.EvidenceDueAt, c.Outcome, c.PenaltyPoints, c.CaseId },
            c => new KeysetCursor(c.OpenedAt, c.Id), cancellationToken);

        // The stores' names for the page's rows only, by primary key.
        var merchantIds = slice.Rows.Select(c => c.MerchantId).Distinct().ToList();
        var merchants = await db.Merchants.AsNoTracking().Where(m => merchantIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, cancellationToken);
        var rows = slice.Rows.Select(c => new ComplaintRow(
            c.Id, c.ComplaintNo, c.Category, c.Severity, c.Status, merchants.GetValueOrDefault(c.MerchantId, ""), c.OpenedAt, c.EvidenceDueAt, c.Outcome,
            c.PenaltyPoints, c.CaseId)).ToList();
        return new ComplaintListPage(rows, slice.First, slice.LastRow, slice.HasNext, slice.HasPrevious, matches, capped);
    }

    /// <summary>How many complaints the query finds for this user: the dashboard's complaint count for the same period and store.</summary>
    public async Task<int> CountAsync(ClaimsPrincipal user, ComplaintListQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await Matching(db, user, query).CountAsync(cancellationToken);
    }

    /// <summary>The name of a store the user may see (a merchant: only its own), or null.</summary>
    public async Task<string?> MerchantNameAsync(ClaimsPrincipal user, int merchantId, CancellationToken cancellationToken = default)
    {
        if (!CaseAccess.For(user).Sees(merchantId))
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Merchants.AsNoTracking().Where(m => m.Id == merchantId).Select(m => m.Name).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Merchants ranked by penalty points, then complaints, over complaints opened in the period (supervisors, managers).</summary>
    public async Task<IReadOnlyList<MerchantPenaltyRow>?> RankingAsync(ClaimsPrincipal user, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        if (!CanSeeRanking(user))
        {
            await audit.DenyAsync(actors.For(user), "complaint.ranking", "Merchant", null, "Only supervisors and managers see the merchant ranking.");
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Complaints.AsNoTracking().Where(c => c.OpenedAt >= from && c.OpenedAt < to)
            .GroupBy(c => c.MerchantId)
            .Select(g => new
            {
                MerchantId = g.Key,
                Complaints = g.Count(),
                Open = g.Count(c => c.Status != ComplaintStatus.Decided && c.Status != ComplaintStatus.Closed),
                Lost = g.Count(c => c.Outcome == ArbitrationOutcome.ForBuyer || c.Outcome == ArbitrationOutcome.Partial),
                Points = g.Sum(c => c.PenaltyPoints),
            })
            .ToListAsync(cancellationToken);
        var names = await db.Merchants.AsNoTracking().ToDictionaryAsync(m => m.Id, m => m.Name, cancellationToken);
        return rows.Select(r => new MerchantPenaltyRow(r.MerchantId, names[r.MerchantId], r.Complaints, r.Open, r.Lost, r.Points))
            .OrderByDescending(r => r.Points).ThenByDescending(r => r.Complaints).ThenBy(r => r.Merchant, StringComparer.Ordinal).ToList();
    }

    /// <summary>A merchant's own penalty points (all decided complaints); null for anyone else.</summary>
    public async Task<int?> OwnPointsAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var access = CaseAccess.For(user);
        if (!access.IsMerchant || access.MerchantId is not { } merchantId)
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Complaints.Where(c => c.MerchantId == merchantId).SumAsync(c => c.PenaltyPoints, cancellationToken);
    }

    /// <summary>The query's complaints within the user's scope; opening days are UTC days, as the dashboard counts them (0017).</summary>
    private static IQueryable<Complaint> Matching(AppDbContext db, ClaimsPrincipal user, ComplaintListQuery query)
    {
        var complaints = CaseAccess.For(user).Scope(db.Complaints.AsNoTracking(), c => c.MerchantId);
        if (query.Status is { } only)
        {
            complaints = complaints.Where(c => c.Status == only);
        }

        if (query.MerchantId is { } merchantId)
        {
            complaints = complaints.Where(c => c.MerchantId == merchantId);
        }

        if (query.From is { } from)
        {
            var start = UtcDays.Start(from);
            complaints = complaints.Where(c => c.OpenedAt >= start);
        }

        if (query.To is { } to)
        {
            var end = UtcDays.EndOf(to);
            complaints = complaints.Where(c => c.OpenedAt < end);
        }

        return complaints;
    }
}

/// <summary>
/// Which complaints a list shows: a status, the UTC days they were opened on (both included), a store; and which page of
/// them: after a row (next), before a row (previous), the last, else the first (newest).
/// </summary>
public sealed record ComplaintListQuery(ComplaintStatus? Status = null, DateOnly? From = null, DateOnly? To = null, int? MerchantId = null)
    : KeysetPosition;

public sealed record ComplaintRow(
    long Id, string ComplaintNo, ComplaintCategory Category, ComplaintSeverity Severity, ComplaintStatus Status, string Merchant,
    DateTimeOffset OpenedAt, DateTimeOffset? EvidenceDueAt, ArbitrationOutcome? Outcome, int PenaltyPoints, long? CaseId);

/// <param name="Matches">How many complaints match, counted up to <see cref="ComplaintListService.CountCap"/>.</param>
/// <param name="MatchesCapped">True when there are more than the cap.</param>
public sealed record ComplaintListPage(
    IReadOnlyList<ComplaintRow> Rows, KeysetCursor? First, KeysetCursor? LastRow, bool HasNext, bool HasPrevious, long Matches, bool MatchesCapped);

public sealed record MerchantPenaltyRow(int MerchantId, string Merchant, int Complaints, int Open, int Lost, int Points);
