using System.Globalization;
using System.Linq.Expressions;
using System.Security.Claims;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Orders;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Web.Features.Queues;

/// <summary>
/// Queue pages and counts that stay fast at a million cases. Pages are keyset pages: each one is a short
/// walk down an index from the cursor, never an OFFSET scan, so page 1 and page 40,000 cost the same.
/// Queue counts are sums over the trigger-kept CaseCounts buckets (plus an index range count for "at
/// risk"); a filtered result is counted only up to <see cref="CountCap"/>.
/// </summary>
public sealed class CaseQueueService(
    IDbContextFactory<AppDbContext> contextFactory,
    AuditActors actors,
    AuditWriter audit,
    TimeProvider clock)
{
    public const int CountCap = 1000;
    public const int MaxTake = 100;

    /// <summary>A text search narrows to at most this many cases before sorting and paging.</summary>
    public const int TextCandidates = 2000;

    private static readonly string[] OpenStatuses = Enum.GetValues<CaseStatus>()
        .Where(s => !CaseTransitions.IsTerminal(s)).Select(s => s.ToString()).ToArray();

    /// <summary>Which queues a user may open: all for platform staff who read cases, three for a merchant, none otherwise.</summary>
    public static IReadOnlyList<Queue> QueuesFor(CaseAccess access) =>
        !access.CanRead ? []
        : access.IsMerchant ? [Queue.AwaitingMerchant, Queue.AtRisk, Queue.All]
        : Enum.GetValues<Queue>();

    /// <summary>The stores a user may filter by: every store for staff, none for a merchant (already scoped).</summary>
    public async Task<IReadOnlyList<(int Id, string Name)>> MerchantsAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var access = CaseAccess.For(user);
        if (!access.CanRead || access.IsMerchant)
        {
            return [];
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return (await db.Merchants.AsNoTracking().OrderBy(m => m.Name).Select(m => new { m.Id, m.Name }).ToListAsync(cancellationToken))
            .Select(m => (m.Id, m.Name)).ToList();
    }

    public async Task<QueueCounts?> CountsAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var access = CaseAccess.For(user);
        if (!access.CanRead)
        {
            return null;
        }

        var me = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var buckets = db.CaseCounts.AsNoTracking();
        if (access.IsMerchant)
        {
            var merchantId = access.MerchantId!.Value;
            buckets = buckets.Where(b => b.MerchantId == merchantId);
        }

        var sums = await buckets
            .GroupBy(b => new { b.Status, Unassigned = b.AssigneeId == "", Mine = b.AssigneeId == me })
            .Select(g => new { g.Key.Status, g.Key.Unassigned, g.Key.Mine, Count = g.Sum(b => b.Count) })
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var atRisk = await access.Scope(db.Cases.AsNoTracking(), c => c.MerchantId).CountAsync(c => c.SlaAttentionAt <= now, cancellationToken);
        var counts = new Dictionary<Queue, long>
        {
            [Queue.AwaitingMerchant] = sums.Where(s => s.Status == nameof(CaseStatus.AwaitingMerchant)).Sum(s => s.Count),
            [Queue.AtRisk] = atRisk,
            [Queue.All] = sums.Sum(s => s.Count),
        };
        if (!access.IsMerchant)
        {
            counts[Queue.Mine] = sums.Where(s => s.Mine && OpenStatuses.Contains(s.Status)).Sum(s => s.Count);
            counts[Queue.Unassigned] = sums.Where(s => s.Unassigned && OpenStatuses.Contains(s.Status)).Sum(s => s.Count);
            counts[Queue.Escalated] = sums.Where(s => s.Status == nameof(CaseStatus.Escalated)).Sum(s => s.Count);
        }

        return new QueueCounts(counts);
    }

    /// <summary>One page of a queue, or null (audited) when the user may not open that queue.</summary>
    public async Task<QueuePage?> PageAsync(ClaimsPrincipal user, QueueQuery query, CancellationToken cancellationToken = default)
    {
        var access = CaseAccess.For(user);
        if (!QueuesFor(access).Contains(query.Queue))
        {
            await audit.RecordAsync(actors.For(user), "queue.view", "Queue", query.Queue.ToString(), AuditOutcome.Denied,
                $"A {access.Role} cannot open the {query.Queue} queue.", cancellationToken);
            return null;
        }

        var take = Math.Clamp(query.Take, 1, MaxTake);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var cases = Filter(db, access, user, query);
        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var candidates = await TextCandidatesAsync(db, query.Text, cancellationToken);
            cases = cases.Where(c => candidates.Contains(c.Id));
        }

        var counted = await cases.Take(CountCap + 1).CountAsync(cancellationToken);
        var backwards = query.Before is not null || query.Last;
        var cursor = query.Before ?? (query.Last ? null : query.After);
        var fetched = await Order(cases, query.Sort, cursor, backwards, hasRunningClock: query.Queue == Queue.AtRisk)
            .Take(take + 1)
            .Select(c => new
            {
                c.Id, c.CaseNo, c.OrderId, c.MerchantId, c.CustomerId, c.Kind, c.Status, c.Priority, c.AssigneeId, c.AssigneeName,
                c.CreatedAt, c.UpdatedAt, c.UpdatedBy, c.SlaDueAt, c.SlaAttentionAt, c.Version, c.RiskScore, c.RiskLevel,
            })
            .ToListAsync(cancellationToken);
        var more = fetched.Count > take;
        var page = fetched.Take(take).ToList();
        if (backwards)
        {
            page.Reverse();
        }

        // Names for the page's rows only: three primary-key lookups instead of joins in the paged query.
        var orderIds = page.Select(c => c.OrderId).Distinct().ToList();
        var merchantIds = page.Select(c => c.MerchantId).Distinct().ToList();
        var customerIds = page.Select(c => c.CustomerId).Distinct().ToList();
        var orders = await db.Orders.AsNoTracking().Where(o => orderIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.OrderNo, cancellationToken);
        var merchants = await db.Merchants.AsNoTracking().Where(m => merchantIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, cancellationToken);
        var buyers = await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var now = clock.GetUtcNow();
        var seesRisk = Risk.RiskService.CanSee(user);
        var rows = page.Select(c => new QueueRow(
            c.Id, c.CaseNo, orders.GetValueOrDefault(c.OrderId, ""), c.Kind, c.Status, c.Priority, merchants.GetValueOrDefault(c.MerchantId, ""),
            buyers.GetValueOrDefault(c.CustomerId, ""), c.AssigneeId, c.AssigneeName, c.CreatedAt, c.UpdatedAt, c.UpdatedBy,
            c.SlaDueAt, Data.Sla.CaseDeadline.StatusOf(c.SlaDueAt, c.SlaAttentionAt, now), c.Version,
            seesRisk ? c.RiskScore : null, seesRisk ? c.RiskLevel : null)).ToList();
        return new QueuePage(
            rows,
            rows.Count == 0 ? null : CursorOf(rows[0], query.Sort),
            rows.Count == 0 ? null : CursorOf(rows[^1], query.Sort),
            HasNext: backwards ? !query.Last : more,
            HasPrevious: backwards ? more : query.After is not null,
            Math.Min(counted, CountCap),
            counted > CountCap);
    }

    private IQueryable<AfterSalesCase> Filter(AppDbContext db, CaseAccess access, ClaimsPrincipal user, QueueQuery query)
    {
        var cases = access.Scope(db.Cases.AsNoTracking(), c => c.MerchantId);

        // Compared with a variable, so that SQL gets "IsOpen = @open" (an index equality), not a bare column.
        var open = true;
        var me = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        var now = clock.GetUtcNow();
        cases = query.Queue switch
        {
            Queue.Mine => cases.Where(c => c.AssigneeId == me && c.IsOpen == open),
            Queue.Unassigned => cases.Where(c => c.AssigneeId == null && c.IsOpen == open),
            Queue.AwaitingMerchant => cases.Where(c => c.Status == CaseStatus.AwaitingMerchant),
            Queue.AtRisk => cases.Where(c => c.SlaAttentionAt <= now),
            Queue.Escalated => cases.Where(c => c.Status == CaseStatus.Escalated),
            _ => cases,
        };
        if (query.Kind is { } kind)
        {
            cases = cases.Where(c => c.Kind == kind);
        }

        if (query.Status is { } status)
        {
            cases = cases.Where(c => c.Status == status);
        }

        if (query.MerchantId is { } merchantId)
        {
            cases = cases.Where(c => c.MerchantId == merchantId);
        }

        if (query.Priority is { } priority)
        {
            cases = cases.Where(c => c.Priority == priority);
        }

        if (!string.IsNullOrEmpty(query.AssigneeId))
        {
            var assignee = query.AssigneeId;
            cases = cases.Where(c => c.AssigneeId == assignee);
        }

        // Dates are whole UTC days.
        if (query.CreatedFrom is { } from)
        {
            var start = UtcDays.Start(from);
            cases = cases.Where(c => c.CreatedAt >= start);
        }

        if (query.CreatedTo is { } to)
        {
            var end = UtcDays.EndOf(to);
            cases = cases.Where(c => c.CreatedAt < end);
        }

        if (query.FinishedFrom is { } finishedFrom)
        {
            var start = UtcDays.Start(finishedFrom);
            cases = cases.Where(c => c.FinishedAt >= start);
        }

        if (query.FinishedTo is { } finishedTo)
        {
            var end = UtcDays.EndOf(finishedTo);
            cases = cases.Where(c => c.FinishedAt < end);
        }

        if (query.FinishedAs is { } finishedAs)
        {
            cases = cases.Where(c => c.FinishedAs == finishedAs);
        }

        if (query.FirstResponseFrom is { } respondedFrom)
        {
            var start = UtcDays.Start(respondedFrom);
            cases = cases.Where(c => c.FirstResponseAt >= start);
        }

        if (query.FirstResponseTo is { } respondedTo)
        {
            var end = UtcDays.EndOf(respondedTo);
            cases = cases.Where(c => c.FirstResponseAt < end);
        }

        if (query.ProductId is { } productId)
        {
            // The product's order lines (an index on ProductId), their cases (an index on OrderLineId): a short list of ids,
            // not a test of every case's lines.
            var lines = db.Set<OrderLine>().Where(l => l.ProductId == productId).Select(l => l.Id);
            var withProduct = db.CaseLines.Where(l => lines.Contains(l.OrderLineId)).Select(l => l.CaseId);
            cases = cases.Where(c => withProduct.Contains(c.Id));
        }

        return cases;
    }

    /// <summary>The name of the product a list is filtered by, if the user may see it: a merchant only its own store's.</summary>
    public async Task<string?> ProductNameAsync(ClaimsPrincipal user, int productId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await CaseAccess.For(user).Scope(db.Products.AsNoTracking(), p => p.MerchantId)
            .Where(p => p.Id == productId).Select(p => p.Name).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Cases whose number, order number, buyer code or buyer name starts with the text: each a range
    /// on a unique or plain index, so a search never scans the case table.
    /// </summary>
    private static async Task<List<long>> TextCandidatesAsync(AppDbContext db, string text, CancellationToken cancellationToken)
    {
        var raw = text.Trim();
        var upper = raw.ToUpperInvariant();
        var upperEnd = upper + "\uffff";
        var rawEnd = raw + "\uffff";
        var ids = await db.Cases.Where(c => c.CaseNo.CompareTo(upper) >= 0 && c.CaseNo.CompareTo(upperEnd) < 0)
            .Select(c => c.Id).Take(TextCandidates).ToListAsync(cancellationToken);
        var orderIds = await db.Orders.Where(o => o.OrderNo.CompareTo(upper) >= 0 && o.OrderNo.CompareTo(upperEnd) < 0)
            .Select(o => o.Id).Take(TextCandidates).ToListAsync(cancellationToken);
        if (orderIds.Count > 0)
        {
            ids.AddRange(await db.Cases.Where(c => orderIds.Contains(c.OrderId)).Select(c => c.Id).Take(TextCandidates).ToListAsync(cancellationToken));
        }

        var customerIds = await db.Customers.Where(c => c.Code.CompareTo(upper) >= 0 && c.Code.CompareTo(upperEnd) < 0)
            .Select(c => c.Id).Take(TextCandidates).ToListAsync(cancellationToken);
        customerIds.AddRange(await db.Customers.Where(c => c.Name.CompareTo(raw) >= 0 && c.Name.CompareTo(rawEnd) < 0)
            .Select(c => c.Id).Take(TextCandidates).ToListAsync(cancellationToken));
        if (customerIds.Count > 0)
        {
            ids.AddRange(await db.Cases.Where(c => customerIds.Contains(c.CustomerId)).Select(c => c.Id).Take(TextCandidates).ToListAsync(cancellationToken));
        }

        return ids.Distinct().Take(TextCandidates).ToList();
    }

    private static QueueCursor CursorOf(QueueRow row, QueueSort sort) => sort switch
    {
        QueueSort.UpdatedNewest or QueueSort.UpdatedOldest => new(row.UpdatedAt.UtcTicks, row.Id),
        QueueSort.CreatedNewest or QueueSort.CreatedOldest => new(row.CreatedAt.UtcTicks, row.Id),
        _ => new(row.SlaDueAt?.UtcTicks ?? long.MaxValue, row.Id),
    };

    /// <summary>Orders by (key, id) and starts after the cursor; backwards walks the other way, for "previous" and "last".</summary>
    /// <param name="hasRunningClock">
    /// The filter already keeps only cases with a running clock (the at-risk queue: a case has an attention time exactly
    /// when it has a due time), so the due-time sort adds no "has a due time" test: PostgreSQL multiplied the two
    /// tests' selectivities as if unrelated, expected 4 rows where there were 27,000, and sorted them all (0.7 s for
    /// the second at-risk page at 1,000,000 cases instead of 3 ms).
    /// </param>
    private static IQueryable<AfterSalesCase> Order(IQueryable<AfterSalesCase> cases, QueueSort sort, QueueCursor? cursor, bool backwards, bool hasRunningClock)
    {
        var (descending, key) = sort switch
        {
            QueueSort.UpdatedNewest => (true, Key(c => c.UpdatedAt)),
            QueueSort.UpdatedOldest => (false, Key(c => c.UpdatedAt)),
            QueueSort.CreatedNewest => (true, Key(c => c.CreatedAt)),
            QueueSort.CreatedOldest => (false, Key(c => c.CreatedAt)),
            _ => (false, Key(c => c.SlaDueAt)),
        };
        if (sort == QueueSort.DueSoonest && !hasRunningClock)
        {
            // Only cases with a running clock have a due time to sort by.
            cases = cases.Where(c => c.SlaDueAt != null);
        }

        descending ^= backwards;
        if (cursor is not null)
        {
            cases = cases.Where(After(key, cursor, descending));
        }

        return descending
            ? cases.OrderByDescending(key).ThenByDescending(c => c.Id)
            : cases.OrderBy(key).ThenBy(c => c.Id);
    }

    private static Expression<Func<AfterSalesCase, DateTimeOffset?>> Key(Expression<Func<AfterSalesCase, DateTimeOffset?>> key) => key;

    /// <summary>
    /// "key &lt; k OR (key = k AND id &lt; i)", plus the redundant "key &lt;= k" that lets SQLite start
    /// the index walk at the cursor instead of filtering from the top (it does not use an OR for a range).
    /// </summary>
    private static Expression<Func<AfterSalesCase, bool>> After(Expression<Func<AfterSalesCase, DateTimeOffset?>> key, QueueCursor cursor, bool descending)
    {
        var parameter = key.Parameters[0];
        var member = key.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : key.Body;
        var holder = new CursorValues(new DateTimeOffset(cursor.Key, TimeSpan.Zero), cursor.Id);
        Expression at = Expression.Property(Expression.Constant(holder), nameof(CursorValues.At));
        if (member.Type == typeof(DateTimeOffset?))
        {
            at = Expression.Convert(at, typeof(DateTimeOffset?));
        }

        var id = Expression.Property(Expression.Constant(holder), nameof(CursorValues.Id));
        var caseId = Expression.Property(parameter, nameof(AfterSalesCase.Id));
        var body = descending
            ? Expression.AndAlso(Expression.LessThanOrEqual(member, at),
                Expression.OrElse(Expression.LessThan(member, at), Expression.LessThan(caseId, id)))
            : Expression.AndAlso(Expression.GreaterThanOrEqual(member, at),
                Expression.OrElse(Expression.GreaterThan(member, at), Expression.GreaterThan(caseId, id)));
        return Expression.Lambda<Func<AfterSalesCase, bool>>(body, parameter);
    }

    private sealed record CursorValues(DateTimeOffset At, long Id);
}
