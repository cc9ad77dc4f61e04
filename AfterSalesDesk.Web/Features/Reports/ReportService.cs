using System.Globalization;
using System.Security.Claims;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Web.Components.Account;
using AfterSalesDesk.Web.Infrastructure;
using AfterSalesDesk.Web.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Features.Reports;

/// <summary>
/// Excel exports of the report tables (<see cref="ReportTables"/>). Managers export every table for all
/// merchants or one; a merchant exports its own store's cases, refunds and complaints only (naming
/// another store is "not found", like every other merchant query); everybody else is refused. Refusals
/// and finished, failed or cancelled exports are audited. Preparing decides everything that changes
/// the answer's status, so that the endpoint can still answer 403/404 before the file starts.
/// </summary>
public sealed class ReportService(
    IDbContextFactory<AppDbContext> contextFactory,
    IOptions<ReportOptions> options,
    IStringLocalizer<SharedResource> localizer,
    AuditActors actors,
    AuditWriter audit)
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private const string NotFound = "There is no such report, or it is not yours to export.";

    public ReportOptions Options => options.Value;

    public static bool CanExport(ClaimsPrincipal user) => user.IsInRole(Roles.Manager) || user.IsInRole(Roles.Merchant);

    /// <summary>The tables this user may export: all for managers; for a merchant those that belong to stores.</summary>
    public static IReadOnlyList<ReportTable> TablesFor(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Manager) ? ReportTables.All
        : user.IsInRole(Roles.Merchant) && user.GetMerchantId() is not null ? ReportTables.All.Where(t => t.MerchantsMayExport).ToList()
        : [];

    /// <summary>The stores a user may choose between: every store for a manager, its own for a merchant.</summary>
    public async Task<IReadOnlyList<ReportMerchant>> MerchantsAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (!CanExport(user))
        {
            return [];
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await CaseAccess.For(user).Scope(db.Merchants.AsNoTracking(), m => m.Id)
            .OrderBy(m => m.Code).Select(m => new ReportMerchant(m.Id, m.Code, m.Name)).ToListAsync(cancellationToken);
    }

    /// <summary>Checks who asks for what; the export it returns is allowed and only waits to be written.</summary>
    public async Task<PreparedReport> PrepareAsync(ClaimsPrincipal user, string tableKey, ReportRequest request, CancellationToken cancellationToken = default)
    {
        var actor = actors.For(user);
        if (!CanExport(user))
        {
            return new(await audit.DenyAsync(actor, "report.export", "Report", tableKey, "Only managers and merchants export reports."), null);
        }

        var table = ReportTables.Find(tableKey);
        var access = CaseAccess.For(user);
        if (table is null || !TablesFor(user).Contains(table))
        {
            await audit.RecordAsync(actor, "report.export", "Report", tableKey, AuditOutcome.Denied, "No such report for this user.", cancellationToken);
            return new(Result.NotFound(NotFound), null);
        }

        if (request.From is { } first && request.To is { } last && first > last)
        {
            return new(Result.Invalid("The period ends before it starts."), null);
        }

        if (request.MerchantId is not null && !table.MerchantsMayExport)
        {
            return new(Result.Invalid("This table belongs to no store: export it without choosing a merchant."), null);
        }

        string? merchantCode = null;
        if (request.MerchantId is { } merchantId)
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            merchantCode = await db.Merchants.Where(m => m.Id == merchantId).Select(m => m.Code).SingleOrDefaultAsync(cancellationToken);
            if (merchantCode is null || !access.Sees(merchantId))
            {
                await audit.RecordAsync(actor, "report.export", "Report", table.Key, AuditOutcome.Denied,
                    $"Merchant {merchantId} is not this user's to export.", cancellationToken);
                return new(Result.NotFound(NotFound), null);
            }
        }

        // The exporting person's zone, like their pages (decision 0019); none given or unknown: Reports:TimeZone.
        var zone = UserTimeZones.Find(request.TimeZone) ?? options.Value.Zone;
        var scope = new ReportScope(access, request.MerchantId, Start(request.From, zone), Start(request.To?.AddDays(1), zone), request.From, request.To);
        var fileName = string.Join("-", new[]
        {
            table.Key,
            request.From?.ToString("yyyyMMdd", CultureInfo.InvariantCulture) ?? "start",
            request.To?.ToString("yyyyMMdd", CultureInfo.InvariantCulture) ?? "now",
            merchantCode ?? (access.IsMerchant ? null : "all"),
        }.Where(p => p is not null)) + ".xlsx";
        var description = $"{table.Key}: {request.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "start"} to "
            + $"{request.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "now"} ({(table.CountsUtcDays ? "UTC" : zone.Id)}), "
            + (merchantCode is not null ? $"merchant {merchantCode}" : access.IsMerchant ? "own store" : "all merchants");
        return new(Result.Ok, new ReportExport(this, table, scope, zone, fileName, description, actor));
    }

    /// <summary>Writes the export into <paramref name="output"/> asynchronously, reporting the rows written after each row.</summary>
    internal async Task<long> WriteAsync(ReportExport export, Stream output, Action<long>? progress, CancellationToken cancellationToken)
    {
        long rows = 0;
        try
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            await using var mapped = await MappedReads.StartAsync(db, options.Value.MemoryMapMegabytes, cancellationToken);
            using var buffer = new ResponseBuffer();
            await using var writer = await XlsxWriter.CreateAsync(buffer, options.Value.MaxRowsPerSheet, export.Zone, cancellationToken);
            await export.Table.WriteAsync(db, export.Scope, localizer, writer, async () =>
            {
                rows = writer.Rows;
                progress?.Invoke(rows);
                cancellationToken.ThrowIfCancellationRequested();
                if (buffer.ShouldDrain)
                {
                    await buffer.DrainAsync(output, cancellationToken);
                }
            }, cancellationToken);
            await writer.FinishAsync(cancellationToken);
            await buffer.DrainAsync(output, cancellationToken);
            await output.FlushAsync(cancellationToken);
            rows = writer.Rows;
            progress?.Invoke(rows);
        }
        catch (OperationCanceledException)
        {
            await audit.RecordAsync(export.Actor, "report.export", "Report", export.Table.Key, AuditOutcome.Failed,
                $"{export.Description}: cancelled after {rows:N0} rows.", CancellationToken.None);
            throw;
        }
        catch (Exception ex)
        {
            await audit.RecordAsync(export.Actor, "report.export", "Report", export.Table.Key, AuditOutcome.Failed,
                $"{export.Description}: failed after {rows:N0} rows ({ex.GetType().Name}).", CancellationToken.None);
            throw;
        }

        await audit.RecordAsync(export.Actor, "report.export", "Report", export.Table.Key, AuditOutcome.Succeeded,
            $"{export.Description}: {rows:N0} rows.", CancellationToken.None);
        return rows;
    }

    /// <summary>Midnight at the start of a day of the report's time zone, as a UTC instant.</summary>
    private static DateTimeOffset? Start(DateOnly? day, TimeZoneInfo zone) =>
        day is { } date ? UserTimeZones.StartOfDay(date, zone) : null;
}

/// <summary>
/// A period of whole days of the report's time zone (both inclusive; either open) and, for managers, one store.
/// <paramref name="TimeZone"/> is the exporting person's IANA zone (decision 0019): the workbook's times and the
/// period's days are of that zone; null or a zone this machine does not know means <c>Reports:TimeZone</c>.
/// </summary>
public sealed record ReportRequest(DateOnly? From = null, DateOnly? To = null, int? MerchantId = null, string? TimeZone = null);

public sealed record ReportMerchant(int Id, string Code, string Name);

/// <summary>The answer to <see cref="ReportService.PrepareAsync"/>: a refusal, or an export ready to write.</summary>
public sealed record PreparedReport(Result Result, ReportExport? Export);

/// <summary>An export that was allowed: what it covers and its file name; <see cref="WriteAsync"/> streams it.</summary>
public sealed class ReportExport
{
    private readonly ReportService service;

    internal ReportExport(ReportService service, ReportTable table, ReportScope scope, TimeZoneInfo zone, string fileName, string description, AuditActor actor)
    {
        this.service = service;
        Table = table;
        Scope = scope;
        Zone = zone;
        FileName = fileName;
        Description = description;
        Actor = actor;
    }

    public ReportTable Table { get; }

    public ReportScope Scope { get; }

    /// <summary>The zone whose clock times the workbook shows and whose days the period counts.</summary>
    public TimeZoneInfo Zone { get; }

    public string FileName { get; }

    /// <summary>What was exported, as the audit trail records it.</summary>
    public string Description { get; }

    internal AuditActor Actor { get; }

    /// <summary>Streams the workbook into <paramref name="output"/> (asynchronous writes only) and returns the number of data rows.</summary>
    public Task<long> WriteAsync(Stream output, Action<long>? progress = null, CancellationToken cancellationToken = default) =>
        service.WriteAsync(this, output, progress, cancellationToken);
}
