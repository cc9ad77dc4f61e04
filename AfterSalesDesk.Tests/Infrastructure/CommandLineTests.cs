using System.Diagnostics;
using AfterSalesDesk.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace AfterSalesDesk.Tests.Infrastructure;

/// <summary>The documented first-admin command, run as the real executable against a production-mode database.</summary>
public class CommandLineTests
{
    [Fact]
    public async Task CreateAdmin_InProduction_CreatesAnAdminWhoCanLogIn()
    {
        using var folder = new TempDirectory();

        var (exitCode, output) = await RunAsync(folder.Path, "First-Admin-2026", "create-admin", "--email", "boss@example.com", "--name", "Boss");

        Assert.True(exitCode == 0, output);
        Assert.Contains("Administrator boss@example.com created", output);
        using var app = new AppFactory(folder.Path, environment: "Production");
        Assert.Contains("Administration", await LoggedInHomeAsync(app, "boss@example.com", "First-Admin-2026"));
    }

    [Fact]
    public async Task CreateAdmin_WhenPasswordWeak_ExplainsAndCreatesNobody()
    {
        using var folder = new TempDirectory();

        var (exitCode, output) = await RunAsync(folder.Path, "weak", "create-admin", "--email", "boss@example.com");

        Assert.Equal(1, exitCode);
        Assert.Contains("at least 10 characters", output);
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder.Path, "aftersales.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM AspNetUsers";
        Assert.Equal(0L, await command.ExecuteScalarAsync());
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task CreateAdmin_WithoutEmail_PrintsUsage_AndCreatesNoDatabase()
    {
        using var folder = new TempDirectory();

        var (exitCode, output) = await RunAsync(folder.Path, "First-Admin-2026", "create-admin");

        Assert.Equal(2, exitCode);
        Assert.Contains("Usage: create-admin --email EMAIL", output);
        Assert.False(File.Exists(Path.Combine(folder.Path, "aftersales.db")), "a usage error creates no database");
    }

    [Fact]
    public async Task CreateApiClient_PrintsOnlyTheSecret_WhichOpensTheApi()
    {
        using var folder = new TempDirectory();

        var (exitCode, output) = await RunAsync(folder.Path, "unused", ["create-api-client", "--name", "Order system", "--kind", "OrderSystem", "--scopes", "orders:read"], standardOutputOnly: true);

        Assert.True(exitCode == 0, output);
        // Standard output is the secret alone (logs and the message go to standard error), so a script can capture it.
        var secret = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Matches("^asd_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$", secret);
        using var app = new AppFactory(folder.Path, environment: "Production");
        using var http = app.ApiHttpClient(secret);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/api/v1/orders")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await http.GetAsync("/api/v1/merchants/M001")).StatusCode);
    }

    [Fact]
    public async Task CreateApiClient_WithAScopeItsKindMayNotHave_ExplainsAndCreatesNone()
    {
        using var folder = new TempDirectory();

        var (exitCode, output) = await RunAsync(folder.Path, "unused", "create-api-client", "--name", "Shop", "--kind", "Storefront", "--scopes", "orders:write");

        Assert.Equal(1, exitCode);
        Assert.Contains("A Storefront client cannot have orders:write", output);
        Assert.DoesNotContain("asd_", output);
    }

    private static async Task<string> LoggedInHomeAsync(AppFactory app, string email, string password)
    {
        var client = app.CreateBrowserLikeClient();
        await client.LoginAsync(email, password);
        return await client.GetStringAsync("/");
    }

    private static Task<(int ExitCode, string Output)> RunAsync(string dataDirectory, string password, params string[] args) =>
        RunAsync(dataDirectory, password, args, standardOutputOnly: false);

    private static async Task<(int ExitCode, string Output)> RunAsync(string dataDirectory, string password, string[] args, bool standardOutputOnly)
    {
        var start = AppProcess.StartInfo();
        start.RedirectStandardInput = true;
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Storage__DataDirectory"] = dataDirectory;
        start.Environment["ASD_ADMIN_PASSWORD"] = password;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, standardOutputOnly ? await stdout : await stdout + await stderr);
    }
}
