using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Web.Infrastructure;

/// <summary>Where a page of a newest-first list starts or ends: the row's time and the id that breaks ties.</summary>
public sealed record KeysetCursor(DateTimeOffset At, long Id);

/// <summary>
/// Which page of a newest-first list a query asks for: after a row (next), before a row (previous), the last, else
/// the first (newest). The lists' queries derive from it, so <c>query with { After = page.LastRow }</c> moves on.
/// </summary>
public abstract record KeysetPosition
{
    public KeysetCursor? After { get; init; }

    public KeysetCursor? Before { get; init; }

    public bool Last { get; init; }

    public int Take { get; init; } = 25;

    /// <summary>Whether this is a filter's first page (no cursor, not the last).</summary>
    public bool IsFirstPage => After is null && Before is null && !Last;
}

/// <summary>One keyset page in display order, its first and last rows' cursors, and whether pages lie either side.</summary>
public sealed record KeysetSlice<T>(IReadOnlyList<T> Rows, KeysetCursor? First, KeysetCursor? LastRow, bool HasNext, bool HasPrevious);

/// <summary>
/// Keyset paging for the lists (decision 0009): a page is read from the cursor on along an index, never by skipping
/// rows, so page 40,000 costs what page 1 costs; "previous" and "last" read the other way and turn the page round.
/// The lists count their matches up to <see cref="CountCap"/> only, for the same reason.
/// </summary>
public static class Keyset
{
    /// <summary>The lists count matches up to this many; beyond it they say "more than".</summary>
    public const int CountCap = 1000;

    /// <summary>How many rows match, counted up to the cap: (count, whether there are more).</summary>
    public static async Task<(int Count, bool Capped)> CountAsync<T>(IQueryable<T> source, CancellationToken cancellationToken)
    {
        var counted = await source.Take(CountCap + 1).CountAsync(cancellationToken);
        return (Math.Min(counted, CountCap), counted > CountCap);
    }

    /// <summary>
    /// Reads the page <paramref name="position"/> names: <paramref name="ordered"/> gives the rows after a cursor
    /// (newest first) or, walking backwards, before it (oldest first); one row more than the page tells whether
    /// another page lies that way.
    /// </summary>
    public static async Task<KeysetSlice<T>> ReadAsync<TEntity, T>(
        Func<KeysetCursor?, bool, IQueryable<TEntity>> ordered, KeysetPosition position, int maxTake,
        Expression<Func<TEntity, T>> select, Func<T, KeysetCursor> cursorOf, CancellationToken cancellationToken)
    {
        var take = Math.Clamp(position.Take, 1, maxTake);
        var backwards = position.Before is not null || position.Last;
        var cursor = position.Before ?? (position.Last ? null : position.After);
        var fetched = await ordered(cursor, backwards).Take(take + 1).Select(select).ToListAsync(cancellationToken);
        var more = fetched.Count > take;
        var rows = fetched.Take(take).ToList();
        if (backwards)
        {
            rows.Reverse();
        }

        return new KeysetSlice<T>(
            rows,
            rows.Count == 0 ? null : cursorOf(rows[0]),
            rows.Count == 0 ? null : cursorOf(rows[^1]),
            HasNext: backwards ? !position.Last : more,
            HasPrevious: backwards ? more : position.After is not null);
    }

    /// <summary>
    /// Newest first by (<paramref name="at"/>, <paramref name="id"/>), after the cursor; backwards walks the other way,
    /// for "previous" and "last". The redundant "at &lt;= t" lets SQLite start the index walk at the cursor (it does not
    /// use an OR for a range), as in the queues (0009). The cursor's values go to the database as parameters.
    /// </summary>
    public static IQueryable<T> NewestFirst<T>(
        IQueryable<T> source, Expression<Func<T, DateTimeOffset>> at, Expression<Func<T, long>> id, KeysetCursor? cursor, bool backwards)
    {
        if (cursor is not null)
        {
            var row = at.Parameters[0];
            var rowAt = at.Body;
            var rowId = new Rebind(id.Parameters[0], row).Visit(id.Body);
            var boundary = Expression.Constant(cursor);
            var cursorAt = Expression.Property(boundary, nameof(KeysetCursor.At));
            var cursorId = Expression.Property(boundary, nameof(KeysetCursor.Id));
            var condition = backwards
                ? Expression.AndAlso(
                    Expression.GreaterThanOrEqual(rowAt, cursorAt),
                    Expression.OrElse(Expression.GreaterThan(rowAt, cursorAt), Expression.GreaterThan(rowId, cursorId)))
                : Expression.AndAlso(
                    Expression.LessThanOrEqual(rowAt, cursorAt),
                    Expression.OrElse(Expression.LessThan(rowAt, cursorAt), Expression.LessThan(rowId, cursorId)));
            source = source.Where(Expression.Lambda<Func<T, bool>>(condition, row));
        }

        return backwards
            ? source.OrderBy(at).ThenBy(id)
            : source.OrderByDescending(at).ThenByDescending(id);
    }

    /// <summary>Puts one lambda's body onto another's parameter, so that two key selectors make one condition.</summary>
    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
