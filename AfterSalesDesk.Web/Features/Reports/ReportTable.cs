using System.Linq.Expressions;
using System.Threading.Channels;
using AfterSalesDesk.Data;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace AfterSalesDesk.Web.Features.Reports;

/// <summary>One column of a report: its header, its width, and how a row writes its typed cell.</summary>
public sealed record ReportColumn<TRow>(string Title, double Width, Action<XlsxWriter, TRow> Write)
{
    /// <summary>Text the app produced (numbers of records, codes, translated names of states).</summary>
    public static ReportColumn<TRow> Text(string title, double width, Func<TRow, string?> value) =>
        new(title, width, (writer, row) => writer.Text(value(row)));

    /// <summary>Text a person typed: formula-looking text is escaped (<see cref="SpreadsheetText.NeutraliseFormula"/>).</summary>
    public static ReportColumn<TRow> UserText(string title, double width, Func<TRow, string?> value) =>
        new(title, width, (writer, row) => writer.UserText(value(row)));

    public static ReportColumn<TRow> Integer(string title, double width, Func<TRow, long?> value) =>
        new(title, width, (writer, row) => writer.Integer(value(row)));

    /// <summary>Money stored in minor units (docs/decisions/0006-money.md), written as a number with a money format.</summary>
    public static ReportColumn<TRow> Money(string title, double width, Func<TRow, long?> minor) =>
        new(title, width, (writer, row) => writer.Money(minor(row)));

    public static ReportColumn<TRow> Percent(string title, double width, Func<TRow, int?> basisPoints) =>
        new(title, width, (writer, row) => writer.Percent(basisPoints(row)));

    /// <summary>A share kept exact (not rounded to basis points), with a percent format.</summary>
    public static ReportColumn<TRow> Fraction(string title, double width, Func<TRow, decimal?> share) =>
        new(title, width, (writer, row) => writer.Fraction(share(row)));

    public static ReportColumn<TRow> Decimal(string title, double width, Func<TRow, decimal?> value) =>
        new(title, width, (writer, row) => writer.Decimal(value(row)));

    /// <summary>A length of time, shown as elapsed hours, minutes and seconds.</summary>
    public static ReportColumn<TRow> Duration(string title, double width, Func<TRow, TimeSpan?> value) =>
        new(title, width, (writer, row) => writer.Duration(value(row)));

    /// <summary>A calendar day, written as a real date.</summary>
    public static ReportColumn<TRow> Day(string title, Func<TRow, DateOnly?> value) =>
        new(title, 11, (writer, row) => writer.Date(value(row)));

    /// <summary>A point in time, written as a real date in the report time zone.</summary>
    public static ReportColumn<TRow> DateTime(string title, Func<TRow, DateTimeOffset?> value) =>
        new(title, 19, (writer, row) => writer.DateTime(value(row)));
}

/// <summary>
/// What an export covers once access is settled: whose data and which period, as UTC instants (end
/// exclusive) of the report time zone's days, and as the days asked for (the KPI summary counts UTC days,
/// as the dashboard does).
/// </summary>
public sealed record ReportScope(CaseAccess Access, int? MerchantId, DateTimeOffset? From, DateTimeOffset? To, DateOnly? FirstDay = null, DateOnly? LastDay = null);

/// <summary>A table that can be exported: its key in the URL, its name and description (resource keys), who may export it.</summary>
public abstract class ReportTable(string key, string title, string description, bool merchantsMayExport)
{
    public string Key { get; } = key;

    /// <summary>Resource key of the table's name (also the sheet name).</summary>
    public string Title { get; } = title;

    /// <summary>Resource key of one line on what the table holds.</summary>
    public string Description { get; } = description;

    /// <summary>True when the table belongs to merchants' stores, so a merchant may export its own store's part.</summary>
    public bool MerchantsMayExport { get; } = merchantsMayExport;

    /// <summary>True when the period is read as UTC days (the dashboard's rollups) rather than days of the report time zone.</summary>
    public virtual bool CountsUtcDays => false;

    /// <summary>Writes the table's rows in scope, calling <paramref name="afterRow"/> after each (the exporter drains and reports there).</summary>
    internal abstract Task WriteAsync(
        AppDbContext db, ReportScope scope, IStringLocalizer localizer, XlsxWriter writer, Func<ValueTask> afterRow, CancellationToken cancellationToken);

    /// <summary>Starts a sheet for a table with these columns' headers and widths.</summary>
    internal static ValueTask StartTableAsync<TRow>(XlsxWriter writer, string title, IReadOnlyList<ReportColumn<TRow>> columns, CancellationToken cancellationToken) =>
        writer.StartTableAsync(title, columns.Select(c => new XlsxColumn(c.Title, c.Width)).ToList(), cancellationToken);

    /// <summary>Writes one row: a typed cell per column, in the columns' order.</summary>
    internal static ValueTask WriteRowAsync<TRow>(XlsxWriter writer, IReadOnlyList<ReportColumn<TRow>> columns, TRow row, CancellationToken cancellationToken)
    {
        writer.StartRow();
        foreach (var column in columns)
        {
            column.Write(writer, row);
        }

        return writer.EndRowAsync(cancellationToken);
    }

    /// <summary>The column headers in the given language, for tests and documentation.</summary>
    public abstract IReadOnlyList<string> ColumnTitles(IStringLocalizer localizer);
}

/// <summary>
/// A report table as one small definition: the entity set it reads, the column that says whose store a
/// row belongs to (null: platform data, managers only), the point in time the period filters on, the
/// ordered projection to a row record, and the typed columns. Scoping, period, streaming and the
/// sheet are the same for every table.
/// </summary>
public sealed class ReportTable<TEntity, TRow>(
    string key,
    string title,
    string description,
    Func<AppDbContext, IQueryable<TEntity>> source,
    Expression<Func<TEntity, int>>? merchantOf,
    Expression<Func<TEntity, DateTimeOffset>> periodOf,
    Func<AppDbContext, IQueryable<TEntity>, IQueryable<TRow>> rows,
    Func<IStringLocalizer, IReadOnlyList<ReportColumn<TRow>>> columns)
    : ReportTable(key, title, description, merchantOf is not null)
    where TEntity : class
{
    internal IQueryable<TRow> Query(AppDbContext db, ReportScope scope)
    {
        var entities = source(db).AsNoTracking();
        if (merchantOf is not null)
        {
            // The same merchant scoping as every order and case query: a merchant sees its own store only.
            entities = scope.Access.Scope(entities, merchantOf);
            if (scope.MerchantId is { } merchantId)
            {
                entities = entities.Where(Compare(merchantOf, Expression.Constant(merchantId), Expression.Equal));
            }
        }

        if (scope.From is { } from)
        {
            entities = entities.Where(Compare(periodOf, Expression.Constant(from), Expression.GreaterThanOrEqual));
        }

        if (scope.To is { } to)
        {
            entities = entities.Where(Compare(periodOf, Expression.Constant(to), Expression.LessThan));
        }

        return rows(db, entities);
    }

    internal override async Task WriteAsync(
        AppDbContext db, ReportScope scope, IStringLocalizer localizer, XlsxWriter writer, Func<ValueTask> afterRow, CancellationToken cancellationToken)
    {
        var tableColumns = columns(localizer);
        await StartTableAsync(writer, localizer[Title], tableColumns, cancellationToken);

        // Streamed, never a list: the database is read on a thread of its own into a short queue of small
        // batches while this one writes, so that reading and writing each get a core (one after the other
        // they took twice as long). Batches, because handing over single rows woke the other side for
        // almost every row.
        var batches = Channel.CreateBounded<TRow[]>(new BoundedChannelOptions(QueuedBatches) { SingleReader = true, SingleWriter = true });
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = Task.Factory.StartNew(() => Read(Query(db, scope), batches.Writer, stopReading.Token),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            await foreach (var batch in batches.Reader.ReadAllAsync(cancellationToken))
            {
                foreach (var row in batch)
                {
                    await WriteRowAsync(writer, tableColumns, row, cancellationToken);
                    await afterRow();
                }
            }
        }
        catch (ChannelClosedException closed) when (closed.InnerException is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
        finally
        {
            stopReading.Cancel();
            await reading;
        }
    }

    /// <summary>Rows waiting between the reading and the writing thread: a few batches, enough to smooth both, little memory.</summary>
    private const int BatchRows = 256;

    private const int QueuedBatches = 4;

    /// <summary>
    /// Reads the rows and hands them over in batches; a failure (or cancellation) completes the queue
    /// with it, to be thrown on the writing side. Synchronous on purpose: the thread is the reader's
    /// alone, and Microsoft.Data.Sqlite's asynchronous reads are synchronous underneath, so enumerating
    /// asynchronously only added work per row (a million-row export took 22 s that way, 15.5 s this way;
    /// docs/benchmarks.md).
    /// </summary>
    private static void Read(IQueryable<TRow> query, ChannelWriter<TRow[]> queue, CancellationToken cancellationToken)
    {
        try
        {
            var batch = new List<TRow>(BatchRows);
            foreach (var row in query.AsEnumerable())
            {
                batch.Add(row);
                if (batch.Count == BatchRows)
                {
                    Hand(queue, [.. batch], cancellationToken);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                Hand(queue, [.. batch], cancellationToken);
            }

            queue.Complete();
        }
        catch (Exception ex)
        {
            queue.Complete(ex);
        }
    }

    /// <summary>Waits (blocking this reader thread only) while the queue is full; stops when the export is cancelled.</summary>
    private static void Hand(ChannelWriter<TRow[]> queue, TRow[] batch, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        while (!queue.TryWrite(batch))
        {
            queue.WaitToWriteAsync(cancellationToken).AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>The typed columns in the given language.</summary>
    internal IReadOnlyList<ReportColumn<TRow>> Columns(IStringLocalizer localizer) => columns(localizer);

    public override IReadOnlyList<string> ColumnTitles(IStringLocalizer localizer) => columns(localizer).Select(c => c.Title).ToList();

    private static Expression<Func<TEntity, bool>> Compare<TValue>(
        Expression<Func<TEntity, TValue>> selector, ConstantExpression value, Func<Expression, Expression, BinaryExpression> compare) =>
        Expression.Lambda<Func<TEntity, bool>>(compare(selector.Body, value), selector.Parameters[0]);
}

/// <summary>Translated names of an enum's values, looked up once per export rather than once per cell.</summary>
public static class ReportLabels
{
    public static Func<TEnum, string> Of<TEnum>(IStringLocalizer localizer, Func<TEnum, string> label)
        where TEnum : struct, Enum
    {
        var names = Enum.GetValues<TEnum>().ToDictionary(v => v, v => (string)localizer[label(v)]);
        return value => names.TryGetValue(value, out var name) ? name : value.ToString();
    }
}
