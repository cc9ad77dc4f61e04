using AfterSalesDesk.Data.Providers.PostgreSql;
using Npgsql;

namespace AfterSalesDesk.Tests.Data;

/// <summary>The app's defaults on a PostgreSQL connection string never override what the string says.</summary>
public sealed class PostgreSqlConnectionStringTests
{
    [Fact]
    public void WithDefaults_WhenTheStringDoesNotSayMaxAutoPrepare_PreparesRepeatedStatements_AndKeepsEverythingElse()
    {
        var result = new NpgsqlConnectionStringBuilder(PostgreSqlConnectionString.WithDefaults("Host=db.local;Port=6543;Database=asd;Username=app;Password=s3cret"));

        Assert.Equal(PostgreSqlConnectionString.DefaultMaxAutoPrepare, result.MaxAutoPrepare);
        Assert.Equal(("db.local", 6543, "asd", "app"), (result.Host, result.Port, result.Database, result.Username));
        Assert.Equal("s3cret", result.Password);
    }

    [Theory]
    [InlineData("Host=db.local;Max Auto Prepare=0", 0)]
    [InlineData("Host=db.local; max auto prepare = 10", 10)]
    [InlineData("Max Auto Prepare=200;Host=db.local", 200)]
    public void WithDefaults_WhenTheStringSaysMaxAutoPrepare_KeepsIt(string connectionString, int expected)
    {
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(PostgreSqlConnectionString.WithDefaults(connectionString)).MaxAutoPrepare);
    }

    [Theory]
    [InlineData("Host=db.local", 30, 30)]
    [InlineData("Host=db.local", 5, 15)] // never shorter than Npgsql's own 15 s
    [InlineData("Host=db.local;Timeout=3", 30, 3)]
    [InlineData("Host=db.local; timeout = 60", 30, 60)]
    public void WithDefaults_WaitsForAPooledConnectionAsLongAsAWriteWaits_UnlessTheStringSays(string connectionString, int busyWaitSeconds, int expected)
    {
        var result = new NpgsqlConnectionStringBuilder(PostgreSqlConnectionString.WithDefaults(connectionString, TimeSpan.FromSeconds(busyWaitSeconds)));

        Assert.Equal(expected, result.Timeout);
    }
}
