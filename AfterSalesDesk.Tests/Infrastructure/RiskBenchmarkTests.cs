using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using AfterSalesDesk.Data.Risk;
using AfterSalesDesk.Data.Seeding;
using AfterSalesDesk.Data.Providers;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.Data.Sqlite;

namespace AfterSalesDesk.Tests.Infrastructure;

/// <summary>
/// <c>benchmark-risk</c>: its arithmetic (confusion counts, precision, recall, percentiles), its scores as of each case's
/// opening against the generator's labels on a small generated database, and the command pair run as the real executable:
/// the labels go to a file beside the database and into no table.
/// </summary>
public partial class RiskBenchmarkTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 15, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Evaluate_CountsEachThresholdsConfusion_WithPrecisionAndRecall()
    {
        var label = new AbusiveBuyer(1, "C1", AbusePattern.SerialRefundOnly, null);
        RiskBenchmark.ScoredCase Case(bool abusive, int score) => new(score, abusive ? 1 : 2, abusive ? label : null, score, null);
        // Abusive: 80, 55, 40, 10. Ordinary: 60, 39, 20, 0, 0, 0.
        var cases = new[] { Case(true, 80), Case(true, 55), Case(true, 40), Case(true, 10), Case(false, 60), Case(false, 39), Case(false, 20), Case(false, 0), Case(false, 0), Case(false, 0) };

        var rows = RiskBenchmark.Evaluate(cases, [40, 70, 90]);

        Assert.Equal(new RiskBenchmark.Row(40, 3, 1, 1, 5), rows[0]);
        Assert.Equal(0.75, rows[0].Precision);
        Assert.Equal(0.75, rows[0].Recall);
        Assert.Equal(0.75, rows[0].F1, 10);
        Assert.Equal(new RiskBenchmark.Row(70, 1, 0, 3, 6), rows[1]);
        Assert.Equal((1.0, 0.25), (rows[1].Precision, rows[1].Recall));
        // Nothing flagged: precision is taken as 1, recall 0.
        Assert.Equal((0, 1.0, 0.0, 0.0), (rows[2].Flagged, rows[2].Precision, rows[2].Recall, rows[2].F1));
    }

    [Fact]
    public void Percentiles_AreNearestRank()
    {
        var timing = RiskBenchmark.Percentiles(Enumerable.Range(1, 200).Select(i => (double)i).Reverse().ToList());

        Assert.Equal(new RiskBenchmark.Timing(100, 190, 198, 200, 100.5, 200), timing);
    }

    [Fact]
    public async Task Measure_ScoresEachCaseAsOfItsOpening_AgainstTheLabels()
    {
        using var database = new TestDatabase();
        using var folder = new TempDirectory();
        var orders = await OrderDataGenerator.GenerateAsync(DatabaseProvider.Sqlite, database.ConnectionString, new GeneratorOptions
        {
            Orders = 3_000, Seed = 5, NewMerchants = 4, End = Now.AddDays(-10), Mix = new BuyerMixOptions { AbusivePercent = 10 },
        });
        await CaseDataGenerator.GenerateAsync(DatabaseProvider.Sqlite, database.ConnectionString, new CaseGeneratorOptions
        {
            Cases = 3_000, Seed = 5, Now = Now, Buyers = orders.Buyers,
        });
        var labelsFile = Path.Combine(folder.Path, GeneratedBuyers.LabelsFileName);
        await orders.Buyers!.WriteLabelsAsync(labelsFile);
        var labels = await GeneratedBuyers.ReadLabelsAsync(labelsFile);
        Assert.Equal(orders.Buyers.Abusers, labels.Values.OrderBy(a => a.CustomerId));
        var factsFile = Path.Combine(folder.Path, "facts.jsonl");

        var report = await RiskBenchmark.MeasureAsync(database.CreateContext, new RiskRules(), labels, 10_000, 1, 2, factsFile, CancellationToken.None);

        // Every case, once; positives are exactly the cases of labelled buyers.
        Assert.Equal(3_000, report.Cases.Select(c => c.CaseId).Distinct().Count());
        var ids = string.Join(",", labels.Keys);
        Assert.Equal(await database.ScalarAsync($"SELECT COUNT(*) FROM AfterSalesCases WHERE CustomerId IN ({ids})"), report.Cases.Count(c => c.Positive));
        Assert.Equal(report.Cases.Count(c => c.Positive && c.Score >= 40), report.Rows.Single(r => r.Threshold == 40).TruePositives);
        Assert.True(report.Rows.Single(r => r.Threshold == 20).Recall > 0.3, "the abusive buyers' cases should score");
        Assert.Equal(2, report.Passes.Count);
        Assert.All(report.Passes, p => Assert.Equal(3_000, p.Count));

        // The facts are those of the moment each case opened: its own time, the buyer's other cases before it, and only
        // the accounts at the same address that existed by then (ring accounts open weeks apart).
        var facts = (await File.ReadAllLinesAsync(factsFile)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(3_000, facts.Count);
        var laterAccounts = 0;
        foreach (var f in facts.Where((_, i) => i % 10 == 0 || labels.ContainsKey(facts[i].GetProperty("customerId").GetInt64())))
        {
            var caseId = f.GetProperty("caseId").GetInt64();
            var at = f.GetProperty("facts").GetProperty("at").GetDateTimeOffset();
            Assert.Equal(await database.ScalarAsync($"SELECT CreatedAt FROM AfterSalesCases WHERE Id = {caseId}"), at.UtcTicks);
            Assert.Equal(await database.ScalarAsync($"""
                SELECT COUNT(*) FROM AfterSalesCases o JOIN AfterSalesCases c ON c.Id = {caseId}
                WHERE o.CustomerId = c.CustomerId AND o.Id <> c.Id AND o.CreatedAt >= {at.AddDays(-90).UtcTicks} AND o.CreatedAt < {at.UtcTicks}
                """), f.GetProperty("facts").GetProperty("casesLast90Days").GetInt32());
            // At most 50 (more is a pick-up point, RiskFactsQuery.MaxLinked).
            Assert.Equal(Math.Min(50, await database.ScalarAsync($"""
                SELECT COUNT(*) FROM Customers o JOIN AfterSalesCases c ON c.Id = {caseId} JOIN Customers b ON b.Id = c.CustomerId
                WHERE o.AddressKey = b.AddressKey AND o.Id <> b.Id AND o.CreatedAt <= {at.UtcTicks}
                """)), f.GetProperty("facts").GetProperty("linkedBuyers").GetInt32());
            laterAccounts += (int)await database.ScalarAsync($"""
                SELECT COUNT(*) FROM Customers o JOIN AfterSalesCases c ON c.Id = {caseId} JOIN Customers b ON b.Id = c.CustomerId
                WHERE o.AddressKey = b.AddressKey AND o.Id <> b.Id AND o.CreatedAt > {at.UtcTicks}
                """);
        }

        Assert.True(laterAccounts > 0, "no case had a linked account opened after it: the as-of check proved nothing");

        // Scored again from the saved facts, the same scores.
        var sample = await RiskBenchmark.MeasureAsync(database.CreateContext, new RiskRules(), labels, 500, 3, 1, null, CancellationToken.None);
        var again = await RiskBenchmark.MeasureAsync(database.CreateContext, new RiskRules(), labels, 500, 3, 1, null, CancellationToken.None);
        Assert.Equal(500, sample.Cases.Select(c => c.CaseId).Distinct().Count());
        Assert.Equal(sample.Cases, again.Cases);
        var all = report.Cases.ToDictionary(c => c.CaseId);
        Assert.All(sample.Cases, c => Assert.Equal(all[c.CaseId], c));
    }

    [Fact]
    public async Task GenerateData_WritesTheLabelsBesideTheDatabase_NotIntoIt_AndBenchmarkRiskReadsThem()
    {
        using var folder = new TempDirectory();

        var (generated, generateOutput) = await RunAsync(folder.Path, "generate-data", "--orders", "2000", "--cases", "2000", "--seed", "5", "--abusive-percent", "10");

        Assert.True(generated == 0, generateOutput);
        var labelsFile = Path.Combine(folder.Path, GeneratedBuyers.LabelsFileName);
        var labels = await GeneratedBuyers.ReadLabelsAsync(labelsFile);
        Assert.Equal(20, labels.Count); // 10 % of 200 buyers
        Assert.Contains($"Labels of the 20 abusive buyers written to {labelsFile}", generateOutput);
        var claimsFile = Path.Combine(folder.Path, GeneratedBuyers.ClaimsFileName);
        var claims = await GeneratedBuyers.ReadClaimsAsync(claimsFile);
        Assert.Contains($"The {claims.Count:N0} abusive claims' cases written to {claimsFile}", generateOutput);
        Assert.True(claims.Count > 20, $"{claims.Count} claims");
        Assert.All(claims.Values, c => Assert.Contains(c.CustomerId, labels.Keys));

        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(folder.Path, "aftersales.db")};Mode=ReadOnly"))
        {
            await connection.OpenAsync();
            async Task<List<string>> ListAsync(string sql)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                await using var reader = await command.ExecuteReaderAsync();
                var values = new List<string>();
                while (await reader.ReadAsync())
                {
                    values.Add(reader.GetString(0));
                }

                return values;
            }

            // No text anywhere names a pattern or the labels file, and staff's own labels and lists are empty.
            var names = Enum.GetNames<AbusePattern>().Append(GeneratedBuyers.LabelsFileName).Append(GeneratedBuyers.ClaimsFileName).ToList();
            foreach (var table in await ListAsync("SELECT name FROM sqlite_master WHERE type = 'table'"))
            {
                var columns = await ListAsync($"SELECT name FROM pragma_table_info('{table}') WHERE type LIKE 'TEXT%'");
                foreach (var column in columns)
                {
                    foreach (var name in names)
                    {
                        Assert.Empty(await ListAsync($"SELECT \"{column}\" FROM \"{table}\" WHERE instr(\"{column}\", '{name}') > 0 LIMIT 1"));
                    }
                }
            }

            Assert.Empty(await ListAsync("SELECT Code FROM Customers WHERE Listing IS NOT NULL"));
            Assert.Empty(await ListAsync("SELECT CaseNo FROM AfterSalesCases WHERE AbuseLabel IS NOT NULL"));
        }

        SqliteConnection.ClearAllPools();
        var (benchmarked, output) = await RunAsync(folder.Path, "benchmark-risk", "--sample", "100000");

        Assert.True(benchmarked == 0, output);
        Assert.Contains("Risk score on 2,000 of 2,000 cases", output);
        await using var check = new SqliteConnection($"Data Source={Path.Combine(folder.Path, "aftersales.db")};Mode=ReadOnly");
        await check.OpenAsync();
        await using var count = check.CreateCommand();
        count.CommandText = $"SELECT COUNT(*) FROM AfterSalesCases WHERE CustomerId IN ({string.Join(",", labels.Keys)})";
        var positives = (long)(await count.ExecuteScalarAsync())!;
        Assert.Equal(positives.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), PositivesLine().Match(output).Groups[1].Value);
        Assert.Matches(@"\| 40 \(review\) \|", output);
        Assert.Contains($"the abusive claims themselves ({GeneratedBuyers.ClaimsFileName}) flagged at the review threshold: ", output);
        Assert.Matches($@"themselves \(generated-abusive-claims\.csv\) flagged at the review threshold: \d+/{claims.Count:N0} = ", output);
        Assert.Matches(@"Cost per case, pass 1 .*p95 \d+\.\d\d ms", output);
        SqliteConnection.ClearAllPools();
    }

    [GeneratedRegex(@"Positive: opened by a labelled abusive buyer \(([\d,]+),")]
    private static partial Regex PositivesLine();

    private static async Task<(int ExitCode, string Output)> RunAsync(string dataDirectory, params string[] args)
    {
        var start = AppProcess.StartInfo();
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Storage__DataDirectory"] = dataDirectory;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
