using AfterSalesDesk.Data.Dashboard;
using AfterSalesDesk.Web.Features.Dashboard;
using Microsoft.Data.Sqlite;

namespace AfterSalesDesk.Tests.Dashboard;

/// <summary>
/// The rollups bucket durations in SQL, by comparing them with <see cref="DurationBuckets.LowerBounds"/>; the
/// dashboard's percentiles assume the same buckets as <see cref="DurationBuckets.Of"/>, edges included.
/// </summary>
public class DurationBucketsTests
{
    [Fact]
    public void LowerBounds_AreExactlyWhereOfStepsUp_ForEveryBucket()
    {
        var bounds = DurationBuckets.LowerBounds;

        Assert.Equal(TimeSpan.TicksPerSecond, bounds[0]);
        Assert.Equal(DurationBuckets.Of(long.MaxValue), bounds.Count);
        for (var bucket = 1; bucket <= bounds.Count; bucket++)
        {
            Assert.Equal(bucket, DurationBuckets.Of(bounds[bucket - 1]));
            Assert.Equal(bucket - 1, DurationBuckets.Of(bounds[bucket - 1] - 1));
        }
    }

    [Fact]
    public async Task BucketOf_RunBySqlite_EqualsOf_AtAroundAndBetweenEveryBound()
    {
        var random = new Random(5);
        var ticks = DurationBuckets.LowerBounds.SelectMany(b => new[] { b - 1, b, b + 1 })
            .Concat([long.MinValue, -TimeSpan.TicksPerDay, -1, 0, 1, TimeSpan.TicksPerSecond - 1, long.MaxValue - 1, long.MaxValue])
            .Concat(Enumerable.Range(0, 2_000).Select(_ => (long)(TimeSpan.TicksPerSecond * Math.Exp(random.NextDouble() * Math.Log(400 * 86400.0)))))
            .Distinct().ToList();
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE \"Durations\" (\"Ticks\" INTEGER NOT NULL)";
            await create.ExecuteNonQueryAsync();
        }

        await using (var transaction = connection.BeginTransaction())
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO \"Durations\" (\"Ticks\") VALUES (@t)";
            var parameter = insert.Parameters.Add("@t", SqliteType.Integer);
            foreach (var t in ticks)
            {
                parameter.Value = t;
                await insert.ExecuteNonQueryAsync();
            }

            transaction.Commit();
        }

        await using var select = connection.CreateCommand();
        select.CommandText = $"SELECT d.\"Ticks\", {DashboardRollups.BucketOf("d.\"Ticks\"")} FROM \"Durations\" d";
        var inSql = new Dictionary<long, long>();
        await using (var reader = await select.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                inSql.Add(reader.GetInt64(0), reader.GetInt64(1));
            }
        }

        Assert.Equal(ticks.Count, inSql.Count);
        Assert.All(ticks, t => Assert.True(inSql[t] == DurationBuckets.Of(t), $"{t} ticks: {inSql[t]} in SQL, {DurationBuckets.Of(t)} by Of"));
    }
}
