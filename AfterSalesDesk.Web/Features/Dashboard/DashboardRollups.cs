using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Dashboard;
using AfterSalesDesk.Web.Features.Queues;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Features.Dashboard;

/// <summary>How the dashboard's rollups are kept (section "Dashboard").</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>How often the worker recomputes today and yesterday.</summary>
    public int RefreshSeconds { get; set; } = 60;

    public IReadOnlyList<string> Validate() => RefreshSeconds is < 5 or > 3600
        ? [$"Dashboard:RefreshSeconds must be between 5 and 3600 (it is {RefreshSeconds})."]
        : [];
}

public sealed record RollupReport(DateTimeOffset? From, DateTimeOffset? To, long Rows, TimeSpan Elapsed)
{
    public override string ToString() =>
        $"{Rows:N0} rollup rows for {(From is null ? "all days" : $"{From:yyyy-MM-dd} to {To!.Value.AddDays(-1):yyyy-MM-dd}")} in {Elapsed.TotalSeconds:N1} s";
}

/// <summary>
/// Builds the daily rollups (decision 0017) from the base tables with set-based SQL: for a range of UTC
/// days, delete its rows and insert them again from the events of those days, each source read through
/// an index on its event time; then add the all-merchant rows (merchant 0) from the merchant rows just
/// written. One write transaction per rebuild, so readers see the old rows or the new ones, never half.
/// The SQL is the subset that SQLite, PostgreSQL and SQL Server run alike (no provider's functions, types or
/// parameter syntax): the same text serves each provider.
/// </summary>
public sealed class DashboardRollups(IDbContextFactory<AppDbContext> contextFactory, TimeProvider clock)
{
    private const long Day = TimeSpan.TicksPerDay;

    /// <summary>
    /// True when no rollup row exists, as on a new database or after the migration that added them; or when orders have
    /// no product rows yet, as after the migration that added those (0027).
    /// </summary>
    public async Task<bool> IsEmptyAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return !await db.DailyCaseStats.AnyAsync(cancellationToken)
            || (!await db.DailyProductStats.AnyAsync(cancellationToken) && await db.Orders.AnyAsync(cancellationToken));
    }

    /// <summary>Today and yesterday (UTC), the only days whose events still change in normal work.</summary>
    public Task<RollupReport> RefreshRecentAsync(CancellationToken cancellationToken = default)
    {
        var today = StartOfDay(clock.GetUtcNow());
        return RebuildAsync(today.AddDays(-1), today.AddDays(1), cancellationToken);
    }

    /// <summary>
    /// Every day: all rollup rows are deleted and written again, a month per transaction, so that other
    /// writers (who wait for the write lock at most 30 s) get their turn between months on a large database.
    /// </summary>
    public async Task<RollupReport> RebuildAllAsync(CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        DateTimeOffset? first;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            // Every event follows its order or its case: the earliest of those is the first day with figures.
            var orders = await db.Orders.OrderBy(o => o.CreatedAt).Select(o => (DateTimeOffset?)o.CreatedAt).FirstOrDefaultAsync(cancellationToken);
            var cases = await db.Cases.OrderBy(c => c.CreatedAt).Select(c => (DateTimeOffset?)c.CreatedAt).FirstOrDefaultAsync(cancellationToken);
            first = orders is null ? cases : cases is null ? orders : orders < cases ? orders : cases;
        }

        var tomorrow = StartOfDay(clock.GetUtcNow()).AddDays(1);
        long rows = 0;
        DateTimeOffset? from = null; // the first chunk also clears whatever lies before the first event
        for (var to = StartOfDay(first ?? tomorrow).AddDays(MonthDays); ; to = to.AddDays(MonthDays))
        {
            var last = to >= tomorrow;
            rows += (await RebuildAsync(from, last ? null : to, cancellationToken)).Rows;
            if (last)
            {
                break;
            }

            from = to;
        }

        return new RollupReport(null, null, rows, watch.Elapsed);
    }

    private const int MonthDays = 31;

    /// <summary>The days from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive), both UTC midnights; null for unbounded.</summary>
    public async Task<RollupReport> RebuildAsync(DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        long rows = 0;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var statement in Statements)
        {
            // Parameters of their own for each statement: a DbParameter belongs to one command at a time (SqlClient enforces it).
            DbParameter[] parameters = [Parameter(connection, "@from", from?.UtcTicks ?? long.MinValue), Parameter(connection, "@to", to?.UtcTicks ?? long.MaxValue)];
            rows += Math.Max(0, await db.Database.ExecuteSqlRawAsync(statement, parameters, cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return new RollupReport(from, to, rows, watch.Elapsed);
    }

    public static DateTimeOffset StartOfDay(DateTimeOffset at) => new(at.UtcTicks / Day * Day, TimeSpan.Zero);

    private static DbParameter Parameter(DbConnection connection, string name, long value)
    {
        using var command = connection.CreateCommand();
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = DbType.Int64;
        parameter.Value = value;
        return parameter;
    }

    // SQL Server reads an integer literal beyond 32 bits as numeric, not bigint: cast it, so that every operand
    // is an integer and "/" stays integer division on each provider.
    private static string Integer(long value) => value is >= int.MinValue and <= int.MaxValue
        ? value.ToString(CultureInfo.InvariantCulture)
        : $"CAST({value.ToString(CultureInfo.InvariantCulture)} AS BIGINT)";

    private static readonly string DayOf = $"/ {Integer(Day)} * {Integer(Day)}";

    /// <summary>1 where the condition holds, else 0: SQLite and PostgreSQL could count a comparison, SQL Server cannot.</summary>
    private static string CountIf(string condition) => $"CASE WHEN {condition} THEN 1 ELSE 0 END";

    /// <summary>The value when positive, else 0 (negative durations, as from a clock moved backwards, count as none).</summary>
    private static string Positive(string value) => $"CASE WHEN {value} > 0 THEN {value} ELSE 0 END";

    /// <summary>
    /// <see cref="DurationBuckets.Of"/> of a tick count, in SQL: the bucket is the number of bucket bounds at or below
    /// it, so the first bound above it gives its bucket. Exact for every tick count, as the bounds come from
    /// <see cref="DurationBuckets.LowerBounds"/>. A CASE rather than a join with a table of the bounds: a range join
    /// reads all ~290 bounds for each duration (25.7 s against 2.3 s for 2,000,000 durations on SQLite).
    /// </summary>
    internal static string BucketOf(string ticks) =>
        $"CASE{string.Concat(DurationBuckets.LowerBounds.Select((bound, i) => $" WHEN {ticks} < {Integer(bound)} THEN {i}"))} ELSE {DurationBuckets.LowerBounds.Count} END";

    // Zero counters for the sources that do not fill a column; the order matches CaseColumns.
    private const string CaseColumns =
        "\"Orders\", \"Opened\", \"Finished\", \"Effective\", \"HandlingTicks\", \"FirstResponses\", \"FirstResponseTicks\", \"ClocksEnded\", \"ClocksMet\", "
        + "\"Complaints\", \"Refunds\", \"RefundMinor\", \"Ratings\", \"RatingStars\", \"Stars1\", \"Stars2\", \"Stars3\", \"Stars4\", \"Stars5\"";

    private static readonly string CaseSums = string.Join(", ", CaseColumns.Split(", ").Select(c => $"SUM({c})"));

    private static string Zeros(int count) => string.Join(", ", Enumerable.Repeat("0", count));

    // The first SELECT of a UNION names the columns: unnamed, SUM("Opened") outside would not find them
    // (and SQLite would read the quoted name as a string).
    private static string NamedZeros(int skip) => string.Join(", ", CaseColumns.Split(", ").Skip(skip).Select(c => $"0 AS {c}"));

    /// <summary>A clock that ended as the agent's first response: the first-response figures count these.</summary>
    private const string FirstResponse = "d.\"Kind\" = 'AgentFirstResponse' AND d.\"State\" = 'Met'";

    /// <summary>The kinds whose goods go back, as a SQL list of their stored names (before <see cref="Statements"/>, which uses it).</summary>
    private static readonly string GoodsGoBack = string.Join(", ", CaseTransitions.GoodsGoBack.Select(k => $"'{k}'"));

    private static readonly string[] Statements =
    [
        "DELETE FROM \"DailyCaseStats\" WHERE \"Day\" >= @from AND \"Day\" < @to",
        "DELETE FROM \"DailyRefundStats\" WHERE \"Day\" >= @from AND \"Day\" < @to",
        "DELETE FROM \"DailyDurationBuckets\" WHERE \"Day\" >= @from AND \"Day\" < @to",
        "DELETE FROM \"DailyAgentStats\" WHERE \"Day\" >= @from AND \"Day\" < @to",
        "DELETE FROM \"DailyProductStats\" WHERE \"Day\" >= @from AND \"Day\" < @to",

        $"""
        INSERT INTO "DailyCaseStats" ("Day", "MerchantId", "Kind", {CaseColumns})
        SELECT "Day", "MerchantId", "Kind", {CaseSums} FROM (
            SELECT o."CreatedAt" {DayOf} AS "Day", o."MerchantId" AS "MerchantId", '' AS "Kind", 1 AS "Orders", {NamedZeros(1)}
            FROM "Orders" o WHERE o."CreatedAt" >= @from AND o."CreatedAt" < @to
            UNION ALL
            SELECT c."CreatedAt" {DayOf}, c."MerchantId", c."Kind", 0, 1, {Zeros(17)}
            FROM "AfterSalesCases" c WHERE c."CreatedAt" >= @from AND c."CreatedAt" < @to
            UNION ALL
            SELECT c."FinishedAt" {DayOf}, c."MerchantId", c."Kind", 0, 0, 1, {CountIf("c.\"FinishedAs\" = 'Resolved'")}, {Positive("c.\"FinishedAt\" - c.\"CreatedAt\"")}, {Zeros(14)}
            FROM "AfterSalesCases" c WHERE c."FinishedAt" >= @from AND c."FinishedAt" < @to
            UNION ALL
            SELECT d."EndedAt" {DayOf}, c."MerchantId", c."Kind", 0, 0, 0, 0, 0,
                {CountIf(FirstResponse)},
                CASE WHEN {FirstResponse} THEN {Positive("d.\"EndedAt\" - d.\"StartedAt\"")} ELSE 0 END,
                1, {CountIf("d.\"BreachedAt\" IS NULL")}, {Zeros(10)}
            FROM "CaseDeadlines" d JOIN "AfterSalesCases" c ON c."Id" = d."CaseId"
            WHERE d."EndedAt" >= @from AND d."EndedAt" < @to AND d."State" IN ('Met', 'Fired')
            UNION ALL
            SELECT p."OpenedAt" {DayOf}, p."MerchantId", '', {Zeros(9)}, 1, {Zeros(9)}
            FROM "Complaints" p WHERE p."OpenedAt" >= @from AND p."OpenedAt" < @to
            UNION ALL
            SELECT r."ExecutedAt" {DayOf}, r."MerchantId", c."Kind", {Zeros(10)}, 1, r."AmountMinor", {Zeros(7)}
            FROM "Refunds" r JOIN "AfterSalesCases" c ON c."Id" = r."CaseId"
            WHERE r."ExecutedAt" >= @from AND r."ExecutedAt" < @to AND r."Status" = 'Succeeded'
            UNION ALL
            SELECT g."RatedAt" {DayOf}, g."MerchantId", g."Kind", {Zeros(12)}, 1, g."Stars",
                {string.Join(", ", Enumerable.Range(1, 5).Select(stars => CountIf($"g.\"Stars\" = {stars}")))}
            FROM "CaseRatings" g WHERE g."RatedAt" >= @from AND g."RatedAt" < @to
        ) AS s GROUP BY "Day", "MerchantId", "Kind"
        """,
        $"""
        INSERT INTO "DailyCaseStats" ("Day", "MerchantId", "Kind", {CaseColumns})
        SELECT "Day", 0, "Kind", {CaseSums} FROM "DailyCaseStats"
        WHERE "Day" >= @from AND "Day" < @to AND "MerchantId" <> 0 GROUP BY "Day", "Kind"
        """,

        $"""
        INSERT INTO "DailyRefundStats" ("Day", "MerchantId", "Kind", "Reason", "Refunds", "AmountMinor")
        SELECT r."ExecutedAt" {DayOf}, r."MerchantId", c."Kind", c."Reason", COUNT(*), SUM(r."AmountMinor")
        FROM "Refunds" r JOIN "AfterSalesCases" c ON c."Id" = r."CaseId"
        WHERE r."ExecutedAt" >= @from AND r."ExecutedAt" < @to AND r."Status" = 'Succeeded'
        GROUP BY r."ExecutedAt" {DayOf}, r."MerchantId", c."Kind", c."Reason"
        """,
        """
        INSERT INTO "DailyRefundStats" ("Day", "MerchantId", "Kind", "Reason", "Refunds", "AmountMinor")
        SELECT "Day", 0, "Kind", "Reason", SUM("Refunds"), SUM("AmountMinor") FROM "DailyRefundStats"
        WHERE "Day" >= @from AND "Day" < @to AND "MerchantId" <> 0 GROUP BY "Day", "Kind", "Reason"
        """,

        $"""
        INSERT INTO "DailyDurationBuckets" ("Day", "MerchantId", "Metric", "Bucket", "Count")
        SELECT "Day", "MerchantId", "Metric", "Bucket", COUNT(*) FROM (
            SELECT s."Day", s."MerchantId", s."Metric", {BucketOf("s.\"Ticks\"")} AS "Bucket" FROM (
                SELECT c."FinishedAt" {DayOf} AS "Day", c."MerchantId" AS "MerchantId", '{DashboardKeys.Handling}' AS "Metric", c."FinishedAt" - c."CreatedAt" AS "Ticks"
                FROM "AfterSalesCases" c WHERE c."FinishedAt" >= @from AND c."FinishedAt" < @to
                UNION ALL
                SELECT d."EndedAt" {DayOf}, c."MerchantId", '{DashboardKeys.FirstResponse}', d."EndedAt" - d."StartedAt"
                FROM "CaseDeadlines" d JOIN "AfterSalesCases" c ON c."Id" = d."CaseId"
                WHERE d."EndedAt" >= @from AND d."EndedAt" < @to AND {FirstResponse}
            ) AS s
        ) AS b GROUP BY "Day", "MerchantId", "Metric", "Bucket"
        """,
        """
        INSERT INTO "DailyDurationBuckets" ("Day", "MerchantId", "Metric", "Bucket", "Count")
        SELECT "Day", 0, "Metric", "Bucket", SUM("Count") FROM "DailyDurationBuckets"
        WHERE "Day" >= @from AND "Day" < @to AND "MerchantId" <> 0 GROUP BY "Day", "Metric", "Bucket"
        """,

        $"""
        INSERT INTO "DailyAgentStats" ("Day", "MerchantId", "AssigneeId", "AssigneeName", "Finished", "HandlingTicks")
        SELECT c."FinishedAt" {DayOf}, c."MerchantId", COALESCE(c."AssigneeId", ''), MAX(COALESCE(c."AssigneeName", '')), COUNT(*), SUM({Positive("c.\"FinishedAt\" - c.\"CreatedAt\"")})
        FROM "AfterSalesCases" c WHERE c."FinishedAt" >= @from AND c."FinishedAt" < @to
        GROUP BY c."FinishedAt" {DayOf}, c."MerchantId", COALESCE(c."AssigneeId", '')
        """,
        """
        INSERT INTO "DailyAgentStats" ("Day", "MerchantId", "AssigneeId", "AssigneeName", "Finished", "HandlingTicks")
        SELECT "Day", 0, "AssigneeId", MAX("AssigneeName"), SUM("Finished"), SUM("HandlingTicks") FROM "DailyAgentStats"
        WHERE "Day" >= @from AND "Day" < @to AND "MerchantId" <> 0 GROUP BY "Day", "AssigneeId"
        """,

        // Per product (decision 0027). A case, refund or rating counts once for each product among its lines: the DISTINCT
        // derived tables, each over its own day range, pair every event with its products before the days are summed.
        $"""
        INSERT INTO "DailyProductStats" ("Day", "ProductId", "Reason", "Orders", "Opened", "GoodsBack", "Refunds", "Ratings", "RatingStars")
        SELECT "Day", "ProductId", "Reason", SUM("Orders"), SUM("Opened"), SUM("GoodsBack"), SUM("Refunds"), SUM("Ratings"), SUM("RatingStars") FROM (
            SELECT o."CreatedAt" {DayOf} AS "Day", l."ProductId" AS "ProductId", '' AS "Reason", 1 AS "Orders", 0 AS "Opened", 0 AS "GoodsBack",
                0 AS "Refunds", 0 AS "Ratings", 0 AS "RatingStars"
            FROM "Orders" o JOIN "OrderLines" l ON l."OrderId" = o."Id" WHERE o."CreatedAt" >= @from AND o."CreatedAt" < @to
            UNION ALL
            SELECT c."Day", c."ProductId", c."Reason", 0, 1, {CountIf($"c.\"Kind\" IN ({GoodsGoBack})")}, 0, 0, 0 FROM (
                SELECT DISTINCT a."CreatedAt" {DayOf} AS "Day", a."Id" AS "CaseId", l."ProductId" AS "ProductId", a."Reason" AS "Reason", a."Kind" AS "Kind"
                FROM "AfterSalesCases" a JOIN "CaseLines" cl ON cl."CaseId" = a."Id" JOIN "OrderLines" l ON l."Id" = cl."OrderLineId"
                WHERE a."CreatedAt" >= @from AND a."CreatedAt" < @to
            ) AS c
            UNION ALL
            SELECT r."Day", r."ProductId", '', 0, 0, 0, 1, 0, 0 FROM (
                SELECT DISTINCT f."ExecutedAt" {DayOf} AS "Day", f."Id" AS "RefundId", l."ProductId" AS "ProductId"
                FROM "Refunds" f JOIN "RefundLines" rl ON rl."RefundId" = f."Id" JOIN "OrderLines" l ON l."Id" = rl."OrderLineId"
                WHERE f."ExecutedAt" >= @from AND f."ExecutedAt" < @to AND f."Status" = 'Succeeded'
            ) AS r
            UNION ALL
            SELECT g."Day", g."ProductId", '', 0, 0, 0, 0, 1, g."Stars" FROM (
                SELECT DISTINCT v."RatedAt" {DayOf} AS "Day", v."Id" AS "RatingId", l."ProductId" AS "ProductId", v."Stars" AS "Stars"
                FROM "CaseRatings" v JOIN "CaseLines" cl ON cl."CaseId" = v."CaseId" JOIN "OrderLines" l ON l."Id" = cl."OrderLineId"
                WHERE v."RatedAt" >= @from AND v."RatedAt" < @to
            ) AS g
        ) AS s GROUP BY "Day", "ProductId", "Reason"
        """,
    ];
}

/// <summary>
/// Keeps the rollups current: at start, a full rebuild when they are empty (a new database, or one made
/// before the dashboard existed); then every <see cref="DashboardOptions.RefreshSeconds"/> today and
/// yesterday are recomputed. Other days change only by a rebuild (<c>rebuild-dashboard</c>).
/// </summary>
public sealed class DashboardRollupService(
    DashboardRollups rollups,
    IOptions<DashboardOptions> dashboard,
    IOptions<SchedulerOptions> options,
    ILogger<DashboardRollupService> logger) : PeriodicWork(options, logger)
{
    private bool checkedEmpty;

    protected override TimeSpan Interval => TimeSpan.FromSeconds(dashboard.Value.RefreshSeconds);

    protected override string Name => "Dashboard rollups";

    protected override async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        if (!checkedEmpty)
        {
            if (await rollups.IsEmptyAsync(cancellationToken))
            {
                var report = await rollups.RebuildAllAsync(cancellationToken);
                logger.LogInformation("Dashboard rollups rebuilt: {Report}", report);
            }

            checkedEmpty = true;
        }

        await rollups.RefreshRecentAsync(cancellationToken);
        return 0;
    }
}
