using System.Diagnostics;
using AfterSalesDesk.Tests.TestSupport;
using Npgsql;
using Xunit.Abstractions;

namespace AfterSalesDesk.Tests.Data;

/// <summary>The tests' throwaway PostgreSQL server is real, its own, and gives every test class a database nobody else sees.</summary>
public sealed class PostgresServerTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task ClassDatabase_WhenAsked_AnswersAsPostgreSqlUnderItsOwnName()
    {
        var expectedName = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database;

        Assert.Contains("PostgreSQL", await ScalarAsync<string>(database.ConnectionString, "SELECT version()"));
        Assert.Equal(expectedName, await ScalarAsync<string>(database.ConnectionString, "SELECT current_database()"));
        Assert.StartsWith("test_", expectedName);
    }

    [Fact]
    public async Task CreateDatabaseAsync_Twice_ATableMadeInOneIsAbsentFromTheOther()
    {
        var first = await PostgresServer.Shared.CreateDatabaseAsync();
        var second = await PostgresServer.Shared.CreateDatabaseAsync();

        await ScalarAsync<int>(first, "CREATE TABLE probe (id int); INSERT INTO probe VALUES (1); SELECT 1");

        Assert.NotEqual(first, second);
        Assert.Equal(1L, await ScalarAsync<long>(first, "SELECT count(*) FROM probe"));
        Assert.True(await ScalarAsync<bool>(second, "SELECT to_regclass('public.probe') IS NULL"));
    }

    [Fact]
    public async Task Shared_IsASeparateProcess_OnItsOwnPortAndTemporaryDataDirectory()
    {
        var server = PostgresServer.Shared;

        Assert.Equal(server.Port, await ScalarAsync<int>(database.ConnectionString, "SELECT inet_server_port()"));
        Assert.Equal(server.DataDirectory, await ScalarAsync<string>(database.ConnectionString, "SHOW data_directory"));
        Assert.StartsWith(Path.GetTempPath(), server.DataDirectory);
        Assert.NotEqual(5432, server.Port);

        using var postmaster = Process.GetProcessById(server.ProcessId);
        Assert.NotEqual(Environment.ProcessId, postmaster.Id);
        Assert.Equal("postgres", postmaster.ProcessName);
        Assert.False(postmaster.HasExited);
    }

    [Fact]
    public async Task Shared_RunsWithTheTestSettings()
    {
        Assert.Equal("off", await ScalarAsync<string>(database.ConnectionString, "SHOW fsync"));
        Assert.Equal("off", await ScalarAsync<string>(database.ConnectionString, "SHOW synchronous_commit"));
        Assert.Equal("off", await ScalarAsync<string>(database.ConnectionString, "SHOW full_page_writes"));
        Assert.Equal("UTF8", await ScalarAsync<string>(database.ConnectionString, "SHOW server_encoding"));
        Assert.True(int.Parse(await ScalarAsync<string>(database.ConnectionString, "SHOW max_connections")) >= 300);
    }

    [Fact]
    public async Task OneHundredConnections_OpenAtOnce_AreAllAccepted()
    {
        var connectionString = await PostgresServer.Shared.CreateDatabaseAsync();
        var connections = new List<NpgsqlConnection>();
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, 100), async (_, ct) =>
            {
                var connection = new NpgsqlConnection(connectionString);
                lock (connections)
                {
                    connections.Add(connection);
                }

                await connection.OpenAsync(ct);
            });

            await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()", connections[0]);
            Assert.Equal(100L, await count.ExecuteScalarAsync());
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }

            await PostgresServer.Shared.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task Dispose_OfAServer_StopsItAndDeletesItsFolder()
    {
        var watch = Stopwatch.StartNew();
        var server = PostgresServer.Start();
        var started = watch.Elapsed;
        var connectionString = await server.CreateDatabaseAsync();
        var created = watch.Elapsed;
        await server.CreateDatabaseAsync();
        output.WriteLine($"server start {started.TotalMilliseconds:0} ms, first database {(created - started).TotalMilliseconds:0} ms, " +
            $"second {(watch.Elapsed - created).TotalMilliseconds:0} ms");
        Assert.Equal(1, await ScalarAsync<int>(connectionString, "SELECT 1"));

        server.Dispose();

        Assert.False(Directory.Exists(server.Folder));
        NpgsqlConnection.ClearAllPools();
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync<int>(connectionString, "SELECT 1"));
    }

    [Fact]
    public async Task ReapAbandoned_WhenTheProcessThatStartedAServerIsGone_StopsItAndDeletesItsFolder()
    {
        var server = PostgresServer.Start();
        var connectionString = await server.CreateDatabaseAsync();
        using (var gone = Process.Start("true"))
        {
            await gone.WaitForExitAsync();
            await File.WriteAllTextAsync(Path.Combine(server.Folder, "owner.pid"), gone.Id.ToString());
        }

        PostgresServer.ReapAbandoned();

        Assert.False(Directory.Exists(server.Folder));
        Assert.True(Directory.Exists(PostgresServer.Shared.Folder));
        NpgsqlConnection.ClearAllPools();
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync<int>(connectionString, "SELECT 1"));
        server.Dispose();
    }

    [Fact]
    public void FindBinDirectory_WhenNoBinariesAreInstalled_FailsNamingTheInstallCommand()
    {
        using var empty = new TempDirectory();

        var error = Assert.Throws<InvalidOperationException>(() => PostgresServer.FindBinDirectory(null, empty.Path));

        Assert.Contains("sudo apt-get install -y postgresql", error.Message);
        Assert.Contains("./test.sh", error.Message);
    }

    [Fact]
    public void FindBinDirectory_WhenPgConfigNamesNoServer_TakesTheHighestInstalledVersion()
    {
        using var root = new TempDirectory();
        var clientOnly = FakeBin(root.Path, "client", withServer: false);
        FakeBin(root.Path, "9.6", withServer: true);
        var fifteen = FakeBin(root.Path, "15", withServer: true);
        FakeBin(root.Path, "16", withServer: false);

        Assert.Equal(fifteen, PostgresServer.FindBinDirectory(clientOnly, root.Path));
        Assert.Equal(Path.Combine(root.Path, "pgconfig", "bin"), PostgresServer.FindBinDirectory(FakeBin(root.Path, "pgconfig", withServer: true), root.Path));
    }

    private static string FakeBin(string root, string version, bool withServer)
    {
        var bin = Path.Combine(root, version, "bin");
        Directory.CreateDirectory(bin);
        File.WriteAllText(Path.Combine(bin, "psql"), "");
        if (withServer)
        {
            File.WriteAllText(Path.Combine(bin, "initdb"), "");
            File.WriteAllText(Path.Combine(bin, "pg_ctl"), "");
        }

        return bin;
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
