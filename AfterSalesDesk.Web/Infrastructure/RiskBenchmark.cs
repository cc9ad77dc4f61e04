using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Risk;
using AfterSalesDesk.Data.Seeding;
using AfterSalesDesk.Web.Features.Risk;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Infrastructure;

/// <summary>
/// <c>benchmark-risk [--sample N] [--seed S] [--runs R] [--facts FILE]</c>: on a database made by <c>generate-data</c>
/// with its buyer mix, scores a seeded random sample of N cases (20,000 by default), each as of its own opening (the
/// facts <see cref="RiskFactsQuery"/> reads with the moment the case was opened and the case itself left out, then
/// <see cref="RiskScorer"/> with the configured rule set), and compares the scores with the generator's labels
/// (<see cref="GeneratedBuyers.LabelsFileName"/> beside the database, which the app never reads).
/// The unit is the case: a positive is a case opened by a labelled abusive buyer, a predicted positive one scored at or
/// above the threshold. Prints precision and recall at the review threshold and at others, recall per pattern, the false
/// positives by their largest factor, a buyer-level view, and the cost of one score (read and score, one warm
/// connection) as percentiles, per timed pass. With <c>--facts FILE</c> the facts read are saved there, and when the file
/// exists they are scored from it instead of the database (to try rule sets on the same sample; no cost then).
/// </summary>
internal static class RiskBenchmark
{
    public const string Command = "benchmark-risk";

    /// <summary>The thresholds of the table besides the configured review and block thresholds.</summary>
    private static readonly int[] Thresholds = [20, 25, 30, 35, 40, 45, 50, 60, 70];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    internal sealed record SampledCase(long CaseId, long CustomerId, long OrderId, CaseKind Kind, string Reason, DateTimeOffset CreatedAt);

    /// <summary>One sampled case as scored: its label (null for an ordinary buyer), the score and its largest factor.</summary>
    internal sealed record ScoredCase(long CaseId, long CustomerId, AbusiveBuyer? Label, int Score, RiskFactorCode? Largest)
    {
        public bool Positive => Label is not null;
    }

    internal sealed record Row(int Threshold, int TruePositives, int FalsePositives, int FalseNegatives, int TrueNegatives)
    {
        public int Flagged => TruePositives + FalsePositives;

        /// <summary>Of the cases flagged, the share opened by abusive buyers (1 when nothing is flagged).</summary>
        public double Precision => Flagged == 0 ? 1 : TruePositives / (double)Flagged;

        /// <summary>Of the abusive buyers' cases, the share flagged (0 without any).</summary>
        public double Recall => TruePositives + FalseNegatives == 0 ? 0 : TruePositives / (double)(TruePositives + FalseNegatives);

        public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
    }

    internal sealed record Timing(double P50, double P95, double P99, double Max, double Mean, int Count);

    internal sealed record Report(IReadOnlyList<ScoredCase> Cases, IReadOnlyList<Row> Rows, IReadOnlyList<Timing> Passes);

    private sealed record StoredFacts(long CaseId, long CustomerId, RiskFacts Facts);

    public static async Task<int> RunAsync(IServiceProvider provider, string[] args)
    {
        var sample = int.TryParse(CommandLine.Option(args, "--sample"), out var n) && n > 0 ? n : 20_000;
        var seed = int.TryParse(CommandLine.Option(args, "--seed"), out var s) ? s : 7;
        var runs = int.TryParse(CommandLine.Option(args, "--runs"), out var r) && r > 0 ? r : 1;
        var factsFile = CommandLine.Option(args, "--facts");
        var labelsPath = CommandLine.LabelsPath(provider);
        if (!File.Exists(labelsPath))
        {
            await Console.Error.WriteLineAsync($"No labels at {labelsPath}: generate the database with generate-data --orders N --cases C (its buyer mix writes them).");
            return 1;
        }

        var labels = await GeneratedBuyers.ReadLabelsAsync(labelsPath);
        var claimsPath = Path.Combine(Path.GetDirectoryName(labelsPath)!, GeneratedBuyers.ClaimsFileName);
        var claims = File.Exists(claimsPath) ? await GeneratedBuyers.ReadClaimsAsync(claimsPath) : null;
        var rules = provider.GetRequiredService<IOptions<RiskRules>>().Value;
        var contexts = provider.GetRequiredService<IDbContextFactory<AppDbContext>>();
        long total;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            total = await db.Cases.LongCountAsync();
        }

        if (total == 0)
        {
            await Console.Error.WriteLineAsync("The database has no cases: run generate-data --orders N --cases C first.");
            return 1;
        }

        var watch = Stopwatch.StartNew();
        Report report;
        if (factsFile is not null && File.Exists(factsFile))
        {
            report = await FromFactsAsync(factsFile, rules, labels);
            await Console.Out.WriteLineAsync($"Facts of {report.Cases.Count:N0} cases read from {factsFile} (no cost measured).");
        }
        else
        {
            report = await MeasureAsync(() => contexts.CreateDbContext(), rules, labels, sample, seed, runs, factsFile, CancellationToken.None);
        }

        await Console.Out.WriteLineAsync(Describe(report, rules, labels, claims, total, seed, watch.Elapsed));
        return 0;
    }

    /// <summary>
    /// Samples <paramref name="sample"/> cases (all of them when there are no more), reads and scores each as of its opening
    /// on one warm connection, <paramref name="runs"/> timed passes after an untimed warm-up of the first 200, and evaluates.
    /// </summary>
    internal static async Task<Report> MeasureAsync(
        Func<AppDbContext> newContext, RiskRules rules, IReadOnlyDictionary<long, AbusiveBuyer> labels, int sample, int seed, int runs, string? factsFile,
        CancellationToken cancellationToken)
    {
        await using var db = newContext();
        await db.Database.OpenConnectionAsync(cancellationToken);
        var cases = await SampleAsync(db, sample, seed, cancellationToken);

        async Task<RiskFacts> ReadAsync(SampledCase c) =>
            await RiskFactsQuery.ReadAsync(db, rules, c.CustomerId, c.OrderId, c.CaseId, c.Kind, c.Reason, c.CreatedAt, cancellationToken);

        foreach (var c in cases.Take(200))
        {
            RiskScorer.Score(await ReadAsync(c), rules);
        }

        var passes = new List<Timing>();
        var scored = new ScoredCase[cases.Count];
        var facts = new RiskFacts[cases.Count];
        var times = new double[cases.Count];
        for (var run = 0; run < runs; run++)
        {
            for (var i = 0; i < cases.Count; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var read = await ReadAsync(cases[i]);
                var result = RiskScorer.Score(read, rules);
                times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                facts[i] = read;
                scored[i] = Scored(cases[i].CaseId, cases[i].CustomerId, labels, result);
            }

            passes.Add(Percentiles(times));
        }

        if (factsFile is not null)
        {
            await File.WriteAllLinesAsync(factsFile,
                cases.Select((c, i) => JsonSerializer.Serialize(new StoredFacts(c.CaseId, c.CustomerId, facts[i]), Json)), cancellationToken);
        }

        return new Report(scored, Evaluate(scored, ThresholdsOf(rules)), passes);
    }

    private static async Task<Report> FromFactsAsync(string path, RiskRules rules, IReadOnlyDictionary<long, AbusiveBuyer> labels)
    {
        var scored = (await File.ReadAllLinesAsync(path)).Where(l => l.Length > 0)
            .Select(l => JsonSerializer.Deserialize<StoredFacts>(l, Json)!)
            .Select(f => Scored(f.CaseId, f.CustomerId, labels, RiskScorer.Score(f.Facts, rules)))
            .ToList();
        return new Report(scored, Evaluate(scored, ThresholdsOf(rules)), []);
    }

    private static ScoredCase Scored(long caseId, long customerId, IReadOnlyDictionary<long, AbusiveBuyer> labels, RiskResult result) =>
        new(caseId, customerId, labels.GetValueOrDefault(customerId), result.Score, result.Factors.Count == 0 ? null : result.Factors[0].Code);

    /// <summary>Distinct case ids drawn uniformly with the seed (in the order drawn), or every case when the sample is as large.</summary>
    private static async Task<List<SampledCase>> SampleAsync(AppDbContext db, int sample, int seed, CancellationToken cancellationToken)
    {
        var range = await db.Cases.GroupBy(c => 1).Select(g => new { Min = g.Min(c => c.Id), Max = g.Max(c => c.Id), Count = g.LongCount() })
            .SingleAsync(cancellationToken);
        List<long> ids;
        if (sample >= range.Count)
        {
            ids = await db.Cases.OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(cancellationToken);
        }
        else
        {
            var random = new Random(seed);
            var drawn = new HashSet<long>();
            ids = [];
            while (ids.Count < sample)
            {
                var id = range.Min + random.NextInt64(range.Max - range.Min + 1);
                if (drawn.Add(id))
                {
                    ids.Add(id);
                }
            }
        }

        var found = new Dictionary<long, SampledCase>();
        foreach (var chunk in ids.Chunk(500))
        {
            var rows = await db.Cases.AsNoTracking().Where(c => chunk.Contains(c.Id))
                .Select(c => new SampledCase(c.Id, c.CustomerId, c.OrderId, c.Kind, c.Reason, c.CreatedAt)).ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                found[row.CaseId] = row;
            }
        }

        // Ids that do not exist (a database whose ids have gaps) are left out.
        return ids.Where(found.ContainsKey).Select(id => found[id]).ToList();
    }

    private static IEnumerable<int> ThresholdsOf(RiskRules rules) => Thresholds.Append(rules.ReviewThreshold).Append(rules.BlockThreshold).Distinct().Order();

    /// <summary>The confusion counts at each threshold: predicted positive is a score at or above it.</summary>
    internal static IReadOnlyList<Row> Evaluate(IReadOnlyCollection<ScoredCase> cases, IEnumerable<int> thresholds) =>
        thresholds.Select(t => new Row(
            t,
            cases.Count(c => c.Positive && c.Score >= t),
            cases.Count(c => !c.Positive && c.Score >= t),
            cases.Count(c => c.Positive && c.Score < t),
            cases.Count(c => !c.Positive && c.Score < t))).ToList();

    /// <summary>Nearest-rank percentiles of the times, in milliseconds.</summary>
    internal static Timing Percentiles(IReadOnlyCollection<double> times)
    {
        var sorted = times.Order().ToArray();
        double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Timing(At(0.50), At(0.95), At(0.99), sorted[^1], sorted.Average(), sorted.Length);
    }

    private static string Describe(
        Report report, RiskRules rules, IReadOnlyDictionary<long, AbusiveBuyer> labels, IReadOnlyDictionary<long, AbusiveClaim>? claims, long total, int seed, TimeSpan elapsed)
    {
        var text = new System.Text.StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        string Factors(List<ScoredCase> of) =>
            of.Count == 0 ? "none" : string.Join(", ", of.GroupBy(c => c.Largest).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}"));

        var cases = report.Cases;
        var positives = cases.Count(c => c.Positive);
        Line($"Risk score on {cases.Count:N0} of {total:N0} cases (sample seed {seed}), each scored as of its own opening; rule set {rules.Version}, review threshold {rules.ReviewThreshold}, block threshold {rules.BlockThreshold}; {labels.Count:N0} labelled abusive buyers.");
        Line($"Unit: the case. Positive: opened by a labelled abusive buyer ({positives:N0}, {Percent(positives, cases.Count)}); predicted positive: score >= threshold.");
        Line($"");
        Line($"| threshold | flagged | TP | FP | FN | precision | recall | F1 |");
        Line($"|---|---|---|---|---|---|---|---|");
        foreach (var row in report.Rows)
        {
            var mark = row.Threshold == rules.ReviewThreshold ? " (review)" : row.Threshold == rules.BlockThreshold ? " (block)" : "";
            Line($"| {row.Threshold}{mark} | {row.Flagged:N0} ({Percent(row.Flagged, cases.Count)}) | {row.TruePositives:N0} | {row.FalsePositives:N0} | {row.FalseNegatives:N0} | {row.Precision:F3} | {row.Recall:F3} | {row.F1:F3} |");
        }

        if (claims is not null)
        {
            // The claim as the unit: the abusive claims against the ordinary buyers' cases. The abusive buyers' other cases are
            // neither (an honest purchase of an abuser's; sending it to review is right for the buyer, not for the claim): left out.
            var claimUnit = cases.Where(c => !c.Positive || claims.ContainsKey(c.CaseId)).ToList();
            Line($"");
            Line($"Unit: the claim. Positive: an abusive claim ({claimUnit.Count(c => c.Positive):N0}); negative: an ordinary buyer's case; the abusive buyers' other cases left out.");
            Line($"");
            Line($"| threshold | flagged | TP | FP | FN | precision | recall | F1 |");
            Line($"|---|---|---|---|---|---|---|---|");
            foreach (var row in Evaluate(claimUnit, ThresholdsOf(rules)))
            {
                var mark = row.Threshold == rules.ReviewThreshold ? " (review)" : row.Threshold == rules.BlockThreshold ? " (block)" : "";
                Line($"| {row.Threshold}{mark} | {row.Flagged:N0} | {row.TruePositives:N0} | {row.FalsePositives:N0} | {row.FalseNegatives:N0} | {row.Precision:F3} | {row.Recall:F3} | {row.F1:F3} |");
            }
        }

        Line($"");
        Line($"Recall per pattern (cases of buyers with that label) at the review and block thresholds:");
        foreach (var pattern in Enum.GetValues<AbusePattern>())
        {
            var of = cases.Where(c => c.Label?.Pattern == pattern).ToList();
            Line($"  {pattern,-18} {of.Count,6:N0} cases   review {Ratio(of.Count(c => c.Score >= rules.ReviewThreshold), of.Count)}   block {Ratio(of.Count(c => c.Score >= rules.BlockThreshold), of.Count)}");
        }

        if (claims is not null)
        {
            // The positives split: the claims the generator opened as abuse, and the abusive buyers' other (ordinary) cases.
            var abuse = cases.Where(c => claims.ContainsKey(c.CaseId)).ToList();
            var other = cases.Where(c => c.Positive && !claims.ContainsKey(c.CaseId)).ToList();
            string Flagged(IEnumerable<ScoredCase> of) => Ratio(of.Count(c => c.Score >= rules.ReviewThreshold), of.Count());
            Line($"Of the positives, the abusive claims themselves ({GeneratedBuyers.ClaimsFileName}) flagged at the review threshold: {Flagged(abuse)} (serial refund-only {Flagged(abuse.Where(c => claims[c.CaseId].Pattern == AbusePattern.SerialRefundOnly))}, 'not received' {Flagged(abuse.Where(c => claims[c.CaseId].Pattern == AbusePattern.NotReceived))}); the abusive buyers' other cases: {Flagged(other)}.");
        }

        var falsePositives = cases.Where(c => !c.Positive && c.Score >= rules.ReviewThreshold).ToList();
        Line($"False positives at the review threshold by their largest factor: {Factors(falsePositives)}");
        var truePositives = cases.Where(c => c.Positive && c.Score >= rules.ReviewThreshold).ToList();
        Line($"True positives at the review threshold by their largest factor: {Factors(truePositives)}");

        // A buyer-level view of the same sample: a buyer counts as flagged when any of their sampled cases is.
        var buyers = cases.GroupBy(c => c.CustomerId).Select(g => (Positive: g.First().Positive, Flagged: g.Any(c => c.Score >= rules.ReviewThreshold))).ToList();
        var abusive = buyers.Where(b => b.Positive).ToList();
        var ordinary = buyers.Where(b => !b.Positive).ToList();
        Line($"Buyers in the sample (flagged: any sampled case at the review threshold): abusive {Ratio(abusive.Count(b => b.Flagged), abusive.Count)}, ordinary {Ratio(ordinary.Count(b => b.Flagged), ordinary.Count)}.");

        Line($"");
        for (var i = 0; i < report.Passes.Count; i++)
        {
            var t = report.Passes[i];
            Line($"Cost per case, pass {i + 1} (RiskFactsQuery.ReadAsync + RiskScorer.Score, one warm connection, {t.Count:N0} cases): p50 {t.P50:F2} ms, p95 {t.P95:F2} ms, p99 {t.P99:F2} ms, max {t.Max:F1} ms, mean {t.Mean:F2} ms.");
        }

        Line($"Elapsed {elapsed.TotalSeconds:F1} s.");
        return text.ToString();
    }

    private static string Percent(int part, int whole) => whole == 0 ? "–" : (part / (double)whole).ToString("P1", CultureInfo.InvariantCulture);

    private static string Ratio(int part, int whole) => string.Create(CultureInfo.InvariantCulture, $"{part:N0}/{whole:N0} = {Percent(part, whole)}");
}
