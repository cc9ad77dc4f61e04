using System.Data.Common;
using System.Security.Claims;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Dashboard;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Web.Components.Account;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Web.Features.Dashboard;

/// <summary>
/// The service-quality dashboard (issue 8, decision 0017): managers and supervisors see every merchant or
/// one; a merchant sees its own store only, whatever merchant it asks for; agents and admins see nothing.
/// Figures come from the daily rollups (<see cref="LoadAsync"/>); <see cref="ComputeDirectAsync"/> computes
/// the same figures from the base tables, as the benchmark's baseline and the tests' reference.
/// </summary>
public sealed class DashboardService(IDbContextFactory<AppDbContext> contextFactory, TimeProvider clock)
{
    private const long Day = TimeSpan.TicksPerDay;

    public static bool CanOpen(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Manager) || user.IsInRole(Roles.Supervisor) || (user.IsInRole(Roles.Merchant) && user.GetMerchantId() is not null);

    /// <summary>Only platform staff choose a merchant and see per-merchant and per-agent figures.</summary>
    public static bool IsStaff(ClaimsPrincipal user) => user.IsInRole(Roles.Manager) || user.IsInRole(Roles.Supervisor);

    /// <summary>
    /// Whose figures the user gets: a merchant always its own store (another store's id is ignored), staff
    /// the merchant asked for or all (null); false when the user may not see the dashboard.
    /// </summary>
    public static bool TryScope(ClaimsPrincipal user, int? requested, out int? merchantId)
    {
        merchantId = null;
        if (!CanOpen(user))
        {
            return false;
        }

        merchantId = IsStaff(user) ? requested : user.GetMerchantId();
        return true;
    }

    public async Task<IReadOnlyList<MerchantOption>> MerchantsAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (!IsStaff(user))
        {
            return [];
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Merchants.AsNoTracking().OrderBy(m => m.Code).Select(m => new MerchantOption(m.Id, m.Name)).ToListAsync(cancellationToken);
    }

    /// <summary>The figures of the period from the rollups; null when the user may not see the dashboard.</summary>
    public async Task<DashboardFigures?> LoadAsync(ClaimsPrincipal user, DashboardQuery query, CancellationToken cancellationToken = default)
    {
        if (!TryScope(user, query.MerchantId, out var merchantId))
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var figures = await LoadAsync(db, merchantId, IsStaff(user), query, cancellationToken);
        return figures with { PastDueNow = await PastDueNowAsync(db, merchantId, clock.GetUtcNow(), cancellationToken) };
    }

    /// <summary>
    /// Cases with a running clock past its due time now (the case keeps its earliest running due time, 0009), in the
    /// scope. Shown beside deadline compliance, which counts only clocks that ended: without it, a period whose
    /// ended clocks were all met reads 100 % while cases are overdue at this moment. Not a figure of the period.
    /// </summary>
    private static Task<int> PastDueNowAsync(AppDbContext db, int? merchantId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var overdue = db.Cases.AsNoTracking().Where(c => c.SlaDueAt != null && c.SlaDueAt < now);
        if (merchantId is { } id)
        {
            overdue = overdue.Where(c => c.MerchantId == id);
        }

        return overdue.CountAsync(cancellationToken);
    }

    /// <summary>
    /// The figures of one scope from the rollups, on a context the caller owns (the KPI export reads them
    /// on its own). The scope is the caller's to check: <paramref name="merchantId"/> as <see cref="TryScope"/>
    /// gives it, <paramref name="staff"/> as <see cref="IsStaff"/> (only staff get per-agent figures).
    /// </summary>
    internal static async Task<DashboardFigures> LoadAsync(AppDbContext db, int? merchantId, bool staff, DashboardQuery query, CancellationToken cancellationToken)
    {
        var key = merchantId ?? DashboardKeys.AllMerchants;
        var (start, end) = (query.Start, query.End);
        var rows = await db.DailyCaseStats.AsNoTracking().Where(s => s.MerchantId == key && s.Day >= start && s.Day < end).ToListAsync(cancellationToken);
        var cells = rows.Select(s => (s.Day.UtcTicks, s.MerchantId, s.Kind, Counters: Of(s)));

        var byMerchant = new List<MerchantFigures>();
        if (merchantId is null)
        {
            var grouped = await db.DailyCaseStats.AsNoTracking().Where(s => s.MerchantId != DashboardKeys.AllMerchants && s.Day >= start && s.Day < end)
                .GroupBy(s => s.MerchantId)
                .Select(g => new
                {
                    g.Key,
                    Orders = g.Sum(s => s.Orders), Opened = g.Sum(s => s.Opened), Finished = g.Sum(s => s.Finished), Effective = g.Sum(s => s.Effective),
                    HandlingTicks = g.Sum(s => s.HandlingTicks), FirstResponses = g.Sum(s => s.FirstResponses), FirstResponseTicks = g.Sum(s => s.FirstResponseTicks),
                    ClocksEnded = g.Sum(s => s.ClocksEnded), ClocksMet = g.Sum(s => s.ClocksMet), Complaints = g.Sum(s => s.Complaints),
                    Refunds = g.Sum(s => s.Refunds), RefundMinor = g.Sum(s => s.RefundMinor), Ratings = g.Sum(s => s.Ratings), RatingStars = g.Sum(s => s.RatingStars),
                    Stars1 = g.Sum(s => s.Stars1), Stars2 = g.Sum(s => s.Stars2), Stars3 = g.Sum(s => s.Stars3), Stars4 = g.Sum(s => s.Stars4), Stars5 = g.Sum(s => s.Stars5),
                })
                .ToListAsync(cancellationToken);
            var names = await MerchantNamesAsync(db, cancellationToken);
            byMerchant = grouped.Select(g => new MerchantFigures(g.Key, names.GetValueOrDefault(g.Key, $"#{g.Key}"), new Counters(
                    g.Orders, g.Opened, g.Finished, g.Effective, g.HandlingTicks, g.FirstResponses, g.FirstResponseTicks, g.ClocksEnded, g.ClocksMet, g.Complaints,
                    g.Refunds, g.RefundMinor, g.Ratings, g.RatingStars, g.Stars1, g.Stars2, g.Stars3, g.Stars4, g.Stars5)))
                .ToList();
        }

        var byReason = (await db.DailyRefundStats.AsNoTracking().Where(s => s.MerchantId == key && s.Day >= start && s.Day < end)
                .GroupBy(s => s.Reason).Select(g => new { g.Key, Refunds = g.Sum(s => s.Refunds), Amount = g.Sum(s => s.AmountMinor) }).ToListAsync(cancellationToken))
            .Select(g => new ReasonFigures(g.Key, g.Refunds, g.Amount)).ToList();

        var buckets = await db.DailyDurationBuckets.AsNoTracking().Where(s => s.MerchantId == key && s.Day >= start && s.Day < end)
            .GroupBy(s => new { s.Metric, s.Bucket }).Select(g => new { g.Key.Metric, g.Key.Bucket, Count = g.Sum(s => s.Count) }).ToListAsync(cancellationToken);
        DurationFigures FromHistogram(string metric)
        {
            var histogram = buckets.Where(b => b.Metric == metric).ToDictionary(b => b.Bucket, b => b.Count);
            return new DurationFigures(histogram.Values.Sum(), DurationBuckets.Percentile(histogram, 0.5), DurationBuckets.Percentile(histogram, 0.9));
        }

        List<(string Id, string Name, long Finished, long HandlingTicks)> agents = [];
        if (staff)
        {
            agents = (await db.DailyAgentStats.AsNoTracking().Where(s => s.MerchantId == key && s.Day >= start && s.Day < end)
                    .GroupBy(s => s.AssigneeId)
                    .Select(g => new { g.Key, Name = g.Max(s => s.AssigneeName), Finished = g.Sum(s => s.Finished), Handling = g.Sum(s => s.HandlingTicks) })
                    .ToListAsync(cancellationToken))
                .Select(g => (g.Key, g.Name ?? "", g.Finished, g.Handling)).ToList();
        }

        return Assemble(merchantId, cells, byMerchant, byReason, agents, staff ? await OpenByAgentAsync(db, merchantId, cancellationToken) : [],
            FromHistogram(DashboardKeys.Handling), FromHistogram(DashboardKeys.FirstResponse));
    }

    /// <summary>
    /// The same figures computed straight from the base tables over the period, percentiles exact: what the
    /// dashboard would cost without rollups, and the reference the rollups are tested against.
    /// </summary>
    public async Task<DashboardFigures?> ComputeDirectAsync(ClaimsPrincipal user, DashboardQuery query, CancellationToken cancellationToken = default)
    {
        if (!TryScope(user, query.MerchantId, out var merchantId))
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        // Plain SQL that SQLite, PostgreSQL and SQL Server run alike, as the rollups' (DashboardRollups).
        var scope = merchantId is null ? "" : " AND {0}.\"MerchantId\" = @m";
        string Scoped(string alias) => string.Format(System.Globalization.CultureInfo.InvariantCulture, scope, alias);

        async Task<List<object[]>> RowsAsync(string sql)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            Bind(command, "@s", query.Start.UtcTicks);
            Bind(command, "@e", query.End.UtcTicks);
            if (merchantId is { } id)
            {
                Bind(command, "@m", id);
            }

            var result = new List<object[]>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var values = new object[reader.FieldCount];
                reader.GetValues(values);
                result.Add(values);
            }

            return result;
        }

        static void Bind(DbCommand command, string name, object value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        static long L(object value) => value is DBNull ? 0 : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);

        var cells = new List<(long Day, int MerchantId, string Kind, Counters Counters)>();
        void Add(List<object[]> rows, Func<object[], Counters> counters) =>
            cells.AddRange(rows.Select(r => (L(r[0]) / Day * Day, (int)L(r[1]), (string)r[2], counters(r))));

        Add(await RowsAsync($"SELECT o.\"CreatedAt\", o.\"MerchantId\", '' FROM \"Orders\" o WHERE o.\"CreatedAt\" >= @s AND o.\"CreatedAt\" < @e{Scoped("o")}"),
            _ => Counters.Zero with { Orders = 1 });
        Add(await RowsAsync($"SELECT c.\"CreatedAt\", c.\"MerchantId\", c.\"Kind\" FROM \"AfterSalesCases\" c WHERE c.\"CreatedAt\" >= @s AND c.\"CreatedAt\" < @e{Scoped("c")}"),
            _ => Counters.Zero with { Opened = 1 });
        var finished = await RowsAsync($"SELECT c.\"FinishedAt\", c.\"MerchantId\", c.\"Kind\", c.\"FinishedAs\", c.\"FinishedAt\" - c.\"CreatedAt\", COALESCE(c.\"AssigneeId\", ''), COALESCE(c.\"AssigneeName\", '') "
            + $"FROM \"AfterSalesCases\" c WHERE c.\"FinishedAt\" >= @s AND c.\"FinishedAt\" < @e{Scoped("c")}");
        Add(finished, r => Counters.Zero with { Finished = 1, Effective = (string)r[3] == nameof(CaseStatus.Resolved) ? 1 : 0, HandlingTicks = Math.Max(0, L(r[4])) });
        var clocks = await RowsAsync($"SELECT d.\"EndedAt\", c.\"MerchantId\", c.\"Kind\", d.\"Kind\", d.\"State\", d.\"EndedAt\" - d.\"StartedAt\", d.\"BreachedAt\" "
            + $"FROM \"CaseDeadlines\" d JOIN \"AfterSalesCases\" c ON c.\"Id\" = d.\"CaseId\" WHERE d.\"EndedAt\" >= @s AND d.\"EndedAt\" < @e AND d.\"State\" IN ('Met', 'Fired'){Scoped("c")}");
        static bool IsResponse(object[] r) => (string)r[3] == "AgentFirstResponse" && (string)r[4] == "Met";
        Add(clocks, r => Counters.Zero with
        {
            ClocksEnded = 1, ClocksMet = r[6] is DBNull ? 1 : 0,
            FirstResponses = IsResponse(r) ? 1 : 0, FirstResponseTicks = IsResponse(r) ? Math.Max(0, L(r[5])) : 0,
        });
        Add(await RowsAsync($"SELECT p.\"OpenedAt\", p.\"MerchantId\", '' FROM \"Complaints\" p WHERE p.\"OpenedAt\" >= @s AND p.\"OpenedAt\" < @e{Scoped("p")}"),
            _ => Counters.Zero with { Complaints = 1 });
        var refunds = await RowsAsync($"SELECT r.\"ExecutedAt\", r.\"MerchantId\", c.\"Kind\", r.\"AmountMinor\", c.\"Reason\" FROM \"Refunds\" r JOIN \"AfterSalesCases\" c ON c.\"Id\" = r.\"CaseId\" "
            + $"WHERE r.\"ExecutedAt\" >= @s AND r.\"ExecutedAt\" < @e AND r.\"Status\" = 'Succeeded'{Scoped("r")}");
        Add(refunds, r => Counters.Zero with { Refunds = 1, RefundMinor = L(r[3]) });
        Add(await RowsAsync($"SELECT g.\"RatedAt\", g.\"MerchantId\", g.\"Kind\", g.\"Stars\" FROM \"CaseRatings\" g WHERE g.\"RatedAt\" >= @s AND g.\"RatedAt\" < @e{Scoped("g")}"),
            r =>
            {
                var stars = L(r[3]);
                return Counters.Zero with
                {
                    Ratings = 1, RatingStars = stars,
                    Stars1 = stars == 1 ? 1 : 0, Stars2 = stars == 2 ? 1 : 0, Stars3 = stars == 3 ? 1 : 0, Stars4 = stars == 4 ? 1 : 0, Stars5 = stars == 5 ? 1 : 0,
                };
            });

        var byMerchant = new List<MerchantFigures>();
        if (merchantId is null)
        {
            var names = await MerchantNamesAsync(db, cancellationToken);
            byMerchant = cells.GroupBy(c => c.MerchantId)
                .Select(g => new MerchantFigures(g.Key, names.GetValueOrDefault(g.Key, $"#{g.Key}"), g.Aggregate(Counters.Zero, (sum, c) => sum + c.Counters)))
                .ToList();
        }

        var byReason = refunds.GroupBy(r => (string)r[4]).Select(g => new ReasonFigures(g.Key, g.Count(), g.Sum(r => L(r[3])))).ToList();
        var handling = finished.Select(r => Math.Max(0, L(r[4]))).Order().ToList();
        var responses = clocks.Where(IsResponse).Select(r => Math.Max(0, L(r[5]))).Order().ToList();
        var agents = IsStaff(user)
            ? finished.GroupBy(r => (string)r[5])
                .Select(g => (g.Key, g.Select(r => (string)r[6]).Max(StringComparer.Ordinal) ?? "", (long)g.Count(), g.Sum(r => Math.Max(0, L(r[4]))))).ToList()
            : [];
        return Assemble(merchantId, cells.Select(c => (c.Day, c.MerchantId, c.Kind, c.Counters)), byMerchant, byReason, agents,
            IsStaff(user) ? await OpenByAgentAsync(db, merchantId, cancellationToken) : [],
            new DurationFigures(handling.Count, DurationBuckets.Percentile(handling, 0.5), DurationBuckets.Percentile(handling, 0.9)),
            new DurationFigures(responses.Count, DurationBuckets.Percentile(responses, 0.5), DurationBuckets.Percentile(responses, 0.9)));
    }

    private static DashboardFigures Assemble(
        int? merchantId,
        IEnumerable<(long Day, int MerchantId, string Kind, Counters Counters)> cells,
        List<MerchantFigures> byMerchant,
        List<ReasonFigures> byReason,
        List<(string Id, string Name, long Finished, long HandlingTicks)> finishedByAgent,
        Dictionary<string, (string Name, long Open)> openByAgent,
        DurationFigures handling,
        DurationFigures firstResponse)
    {
        var list = cells.ToList();
        var totals = list.Aggregate(Counters.Zero, (sum, c) => sum + c.Counters);
        var byDay = list.GroupBy(c => c.Day).OrderBy(g => g.Key)
            .Select(g => new DayFigures(DateOnly.FromDateTime(new DateTime(g.Key, DateTimeKind.Utc)), g.Aggregate(Counters.Zero, (sum, c) => sum + c.Counters)))
            .ToList();
        var byKind = list.Where(c => c.Kind.Length > 0).GroupBy(c => c.Kind).OrderBy(g => Enum.Parse<CaseKind>(g.Key))
            .Select(g => new KindFigures(g.Key, g.Aggregate(Counters.Zero, (sum, c) => sum + c.Counters))).ToList();
        var agents = finishedByAgent.Select(a => a.Id).Union(openByAgent.Keys)
            .Select(id =>
            {
                var done = finishedByAgent.FirstOrDefault(a => a.Id == id);
                var open = openByAgent.GetValueOrDefault(id);
                var name = done.Name is { Length: > 0 } ? done.Name : open.Name ?? "";
                return new AgentFigures(id, name, done.Finished, done.HandlingTicks, open.Open);
            })
            .OrderByDescending(a => a.Finished).ThenByDescending(a => a.OpenNow).ThenBy(a => a.Name, StringComparer.Ordinal).ToList();
        return new DashboardFigures(
            merchantId, totals, byDay, byKind,
            byMerchant.OrderByDescending(m => m.Counters.Opened).ThenBy(m => m.MerchantId).ToList(),
            byReason.OrderByDescending(r => r.Refunds).ThenBy(r => r.Reason, StringComparer.Ordinal).ToList(),
            agents, handling, firstResponse);
    }

    private static Counters Of(DailyCaseStats s) => new(
        s.Orders, s.Opened, s.Finished, s.Effective, s.HandlingTicks, s.FirstResponses, s.FirstResponseTicks, s.ClocksEnded, s.ClocksMet, s.Complaints,
        s.Refunds, s.RefundMinor, s.Ratings, s.RatingStars, s.Stars1, s.Stars2, s.Stars3, s.Stars4, s.Stars5);

    private static async Task<Dictionary<int, string>> MerchantNamesAsync(AppDbContext db, CancellationToken cancellationToken) =>
        await db.Merchants.AsNoTracking().ToDictionaryAsync(m => m.Id, m => m.Name, cancellationToken);

    /// <summary>Open cases per holder now, from the trigger-kept CaseCounts (a few hundred rows at any size).</summary>
    private static async Task<Dictionary<string, (string Name, long Open)>> OpenByAgentAsync(AppDbContext db, int? merchantId, CancellationToken cancellationToken)
    {
        string[] finishedStates = [nameof(CaseStatus.Closed), nameof(CaseStatus.CancelledByBuyer)];
        var counts = db.CaseCounts.AsNoTracking().Where(c => c.AssigneeId != "" && !finishedStates.Contains(c.Status) && c.Count > 0);
        if (merchantId is { } id)
        {
            counts = counts.Where(c => c.MerchantId == id);
        }

        var open = await counts.GroupBy(c => c.AssigneeId).Select(g => new { g.Key, Open = g.Sum(c => c.Count) }).ToListAsync(cancellationToken);
        var ids = open.Select(o => o.Key).ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        return open.ToDictionary(o => o.Key, o => (names.GetValueOrDefault(o.Key, o.Key), o.Open));
    }
}
