using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Dashboard;
using AfterSalesDesk.Web.Features.Cases;
using AfterSalesDesk.Web.Features.Dashboard;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace AfterSalesDesk.Web.Features.Reports;

/// <summary>
/// The KPI summary: the dashboard's figures for a period and scope as a workbook (issue 8). It reads the
/// dashboard's daily rollups (decision 0017) through <see cref="DashboardService"/>, so the workbook and
/// the page agree figure for figure and the export is as cheap as a page load; the period is therefore a
/// range of UTC days, like the dashboard's. Sheets: the summary (one figure a row, with how it is
/// computed), by day, by kind, refunds by reason, and for platform staff by merchant (all merchants only)
/// and by agent. A merchant gets its own store's figures whatever merchant it names, and no per-merchant
/// or per-agent sheet (0016, 0017: agents' figures are the platform's).
/// </summary>
public sealed class KpiReportTable() : ReportTable(
    "kpi", "KPI summary", "The dashboard's figures for the period (UTC days): rates, times, refunds, ratings; by day, kind and refund reason, and for managers by merchant and agent.",
    merchantsMayExport: true)
{
    public override bool CountsUtcDays => true;

    internal override async Task WriteAsync(
        AppDbContext db, ReportScope scope, IStringLocalizer localizer, XlsxWriter writer, Func<ValueTask> afterRow, CancellationToken cancellationToken)
    {
        var L = localizer;
        var staff = !scope.Access.IsMerchant;
        var merchantId = staff ? scope.MerchantId : scope.Access.MerchantId;
        var key = merchantId ?? DashboardKeys.AllMerchants;

        // An open end of the period stops at the first or last day the rollups hold.
        var days = db.DailyCaseStats.AsNoTracking().Where(s => s.MerchantId == key).Select(s => s.Day);
        var earliest = await days.OrderBy(d => d).FirstOrDefaultAsync(cancellationToken);
        var latest = await days.OrderByDescending(d => d).FirstOrDefaultAsync(cancellationToken);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var first = scope.FirstDay ?? (earliest == default ? scope.LastDay ?? today : DateOnly.FromDateTime(earliest.UtcDateTime));
        var last = scope.LastDay ?? (latest == default ? today : DateOnly.FromDateTime(latest.UtcDateTime));
        if (last < first)
        {
            last = first;
        }

        var figures = await DashboardService.LoadAsync(db, merchantId, staff, new DashboardQuery(first, last, merchantId), cancellationToken);
        var merchant = merchantId is { } id
            ? await db.Merchants.AsNoTracking().Where(m => m.Id == id).Select(m => new { m.Code, m.Name }).SingleAsync(cancellationToken)
            : null;
        var codes = figures.ByMerchant.Count == 0 ? [] : await db.Merchants.AsNoTracking().ToDictionaryAsync(m => m.Id, m => m.Code, cancellationToken);

        async Task SheetAsync<TRow>(string title, IReadOnlyList<ReportColumn<TRow>> columns, IEnumerable<TRow> rows)
        {
            await StartTableAsync(writer, title, columns, cancellationToken);
            foreach (var row in rows)
            {
                await WriteRowAsync(writer, columns, row, cancellationToken);
                await afterRow();
            }
        }

        await SheetAsync(L["KPI summary"], SummaryColumns(L), Summary(L, figures, first, last, merchant?.Name));
        await SheetAsync(L["By day"], [ReportColumn<DayFigures>.Day(L["Day"], d => d.Day), .. FigureColumns<DayFigures>(L, d => d.Counters, withOrders: true)], figures.ByDay);
        var kind = ReportLabels.Of<CaseKind>(L, CaseLabels.Of);
        await SheetAsync(L["By kind"],
            [ReportColumn<KindFigures>.Text(L["Kind"], 16, k => kind(Enum.Parse<CaseKind>(k.Kind))), .. FigureColumns<KindFigures>(L, k => k.Counters, withOrders: false)],
            figures.ByKind);
        if (merchantId is null)
        {
            await SheetAsync(L["By merchant"],
                [
                    ReportColumn<MerchantFigures>.Text(L["Store code"], 10, m => codes.GetValueOrDefault(m.MerchantId)),
                    ReportColumn<MerchantFigures>.UserText(L["Merchant"], 22, m => m.Name),
                    .. FigureColumns<MerchantFigures>(L, m => m.Counters, withOrders: true),
                ],
                figures.ByMerchant);
        }

        await SheetAsync(L["Refunds by reason"],
            [
                ReportColumn<ReasonFigures>.UserText(L["Reason"], 24, r => r.Reason),
                ReportColumn<ReasonFigures>.Integer(L["Refunds"], 10, r => r.Refunds),
                ReportColumn<ReasonFigures>.Money(L["Refund amount"], 14, r => r.AmountMinor),
                ReportColumn<ReasonFigures>.Fraction(L["Refund rate"], 11, figures.RefundRateOf),
            ],
            figures.ByReason);
        if (staff)
        {
            await SheetAsync(L["Cases per agent"],
                [
                    ReportColumn<AgentFigures>.UserText(L["Agent"], 24, a => a.AssigneeId.Length == 0 ? (string)L["Unassigned"] : a.Name),
                    ReportColumn<AgentFigures>.Integer(L["Cases finished"], 12, a => a.Finished),
                    ReportColumn<AgentFigures>.Duration(L["Handling time (mean)"], 14, a => a.MeanHandling),
                    ReportColumn<AgentFigures>.Integer(L["Open now"], 10, a => a.OpenNow),
                ],
                figures.ByAgent);
        }
    }

    /// <summary>The summary sheet's three columns: the figure, its typed value, how it is computed.</summary>
    private static IReadOnlyList<ReportColumn<SummaryLine>> SummaryColumns(IStringLocalizer L) =>
    [
        ReportColumn<SummaryLine>.Text(L["Figure"], 34, s => s.Figure),
        new(L["Value"], 18, (writer, s) => s.Value(writer)),
        ReportColumn<SummaryLine>.Text(L["How it is computed"], 70, s => s.Definition),
    ];

    private static IEnumerable<SummaryLine> Summary(IStringLocalizer L, DashboardFigures figures, DateOnly first, DateOnly last, string? merchantName)
    {
        var t = figures.Totals;
        SummaryLine Count(string figure, long value, string definition) => new(L[figure], w => w.Integer(value), L[definition]);
        SummaryLine Time(string figure, TimeSpan? value, string definition) => new(L[figure], w => w.Duration(value), L[definition]);
        SummaryLine Share(string figure, decimal? value, string definition) => new(L[figure], w => w.Fraction(value), L[definition]);

        yield return new(L["First day"], w => w.Date(first), L["UTC days, both included: every figure counts the events of these days."]);
        yield return new(L["Last day"], w => w.Date(last), "");
        yield return new(L["Merchant"], w => w.UserText(merchantName ?? (string)L["All merchants"]), "");
        yield return Count("Orders placed", t.Orders, "Orders created in the period.");
        yield return Count("Cases opened", t.Opened, "After-sales cases opened in the period.");
        yield return Count("Cases finished", t.Finished, "Cases that first reached resolved, closed or cancelled in the period.");
        yield return Count("Effective cases", t.Effective, "Finished cases that finished as resolved (有效售后).");
        yield return Time("Handling time (mean)", t.MeanHandling, "Opening to finishing, over the cases finished in the period: sum / count.");
        yield return Time("Handling time (median)", figures.Handling.Median, "From the daily histograms: within 5 % of the exact value.");
        yield return Time("Handling time (90th percentile)", figures.Handling.P90, "From the daily histograms: within 5 % of the exact value.");
        yield return Count("First responses", t.FirstResponses, "Platform first-response clocks met in the period.");
        yield return Time("First response (mean)", t.MeanFirstResponse, "Opening to the first answer to the buyer: sum / count.");
        yield return Time("First response (median)", figures.FirstResponse.Median, "From the daily histograms: within 5 % of the exact value.");
        yield return Time("First response (90th percentile)", figures.FirstResponse.P90, "From the daily histograms: within 5 % of the exact value.");
        yield return Count("Deadline clocks ended", t.ClocksEnded, "Every deadline clock that was met or fired in the period.");
        yield return Share("Deadline compliance", t.Compliance, "Clocks ended without a breach / clocks ended.");
        yield return Count("Complaints", t.Complaints, "Complaints opened in the period.");
        yield return Share("Complaint rate", t.ComplaintRate, "Complaints / orders placed in the period.");
        yield return Count("Refunds paid", t.Refunds, "Refunds the gateway paid in the period.");
        yield return new(L["Refund amount"], w => w.Money(t.RefundMinor), L["Sum of the refunds paid in the period (CNY)."]);
        yield return Share("Refund rate", t.RefundRate, "Refunds paid / orders placed in the period.");
        yield return Count("Ratings", t.Ratings, "Buyers' ratings given in the period.");
        yield return new(L["Average rating"], w => w.Decimal(Counters.Rate(t.RatingStars, t.Ratings)), L["Sum of the stars / number of ratings."]);
        for (var stars = 1; stars <= 5; stars++)
        {
            var count = t.Distribution[stars - 1];
            yield return new(string.Format(L["Ratings of {0} stars"], stars), w => w.Integer(count), "");
        }
    }

    /// <summary>The counters of a group as columns; groups by kind leave out orders and complaints, which belong to no kind.</summary>
    private static IEnumerable<ReportColumn<TRow>> FigureColumns<TRow>(IStringLocalizer L, Func<TRow, Counters> of, bool withOrders)
    {
        if (withOrders)
        {
            yield return ReportColumn<TRow>.Integer(L["Orders placed"], 11, r => of(r).Orders);
        }

        yield return ReportColumn<TRow>.Integer(L["Cases opened"], 11, r => of(r).Opened);
        yield return ReportColumn<TRow>.Integer(L["Cases finished"], 11, r => of(r).Finished);
        yield return ReportColumn<TRow>.Integer(L["Effective cases"], 11, r => of(r).Effective);
        yield return ReportColumn<TRow>.Duration(L["Handling time (mean)"], 14, r => of(r).MeanHandling);
        yield return ReportColumn<TRow>.Duration(L["First response (mean)"], 14, r => of(r).MeanFirstResponse);
        yield return ReportColumn<TRow>.Fraction(L["Deadline compliance"], 12, r => of(r).Compliance);
        if (withOrders)
        {
            yield return ReportColumn<TRow>.Integer(L["Complaints"], 11, r => of(r).Complaints);
            yield return ReportColumn<TRow>.Fraction(L["Complaint rate"], 11, r => of(r).ComplaintRate);
        }

        yield return ReportColumn<TRow>.Integer(L["Refunds paid"], 11, r => of(r).Refunds);
        yield return ReportColumn<TRow>.Money(L["Refund amount"], 14, r => of(r).RefundMinor);
        if (withOrders)
        {
            yield return ReportColumn<TRow>.Fraction(L["Refund rate"], 11, r => of(r).RefundRate);
        }

        yield return ReportColumn<TRow>.Integer(L["Ratings"], 9, r => of(r).Ratings);
        yield return ReportColumn<TRow>.Decimal(L["Average rating"], 11, r => Counters.Rate(of(r).RatingStars, of(r).Ratings));
    }

    /// <summary>The headers of the summary sheet (the workbook's first).</summary>
    public override IReadOnlyList<string> ColumnTitles(IStringLocalizer localizer) => SummaryColumns(localizer).Select(c => c.Title).ToList();

    private sealed record SummaryLine(string Figure, Action<XlsxWriter> Value, string Definition);
}
