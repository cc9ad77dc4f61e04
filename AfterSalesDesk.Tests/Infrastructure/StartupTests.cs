using System.Net;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AfterSalesDesk.Tests.Infrastructure;

/// <summary>What a fresh start does to the database, in demo mode and in production.</summary>
public class StartupTests
{
    [Fact]
    public async Task FreshStart_InDemoMode_CreatesDatabaseRolesDemoUsersAndOrders()
    {
        var demoOrders = new DemoOptions().Orders;
        using var app = new AppFactory(settings: new Dictionary<string, string?> { ["Demo:Orders"] = demoOrders.ToString() });
        _ = app.Server;

        Assert.True(File.Exists(Path.Combine(app.DataDirectory, "aftersales.db")));
        await using var db = app.CreateDbContext();
        Assert.Equal(Roles.All.Order(), (await db.Roles.Select(r => r.Name!).ToListAsync()).Order());
        var demo = await db.Users.Select(u => u.Email!).ToListAsync();
        Assert.Equal(DatabaseInitializer.DemoUsers.Select(u => u.Email).Order(), demo.Order());
        var merchantUsers = await db.Users.Where(u => u.MerchantId != null).Select(u => new { u.Email, u.MerchantId }).ToListAsync();
        Assert.Equal(DatabaseInitializer.DemoMerchants.Count, merchantUsers.Count);
        Assert.Equal(merchantUsers.Count, merchantUsers.Select(u => u.MerchantId).Distinct().Count());
        Assert.InRange(demoOrders, 1_000, 10_000);
        // The generated orders, and the demo's high-risk buyer's own (DemoCases.SeedRiskyBuyerAsync).
        Assert.Equal(demoOrders + DemoCases.RiskyBuyerClaims.Length, await db.Orders.CountAsync());
        Assert.Equal(DatabaseInitializer.DemoMerchants.Count, await db.Orders.Select(o => o.MerchantId).Distinct().CountAsync());
        var perState = await db.Orders.GroupBy(o => o.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        Assert.Equal(Enum.GetValues<AfterSalesDesk.Data.Orders.OrderStatus>().Length, perState.Count);
        Assert.All(perState, s => Assert.True(s.Count >= 200, $"hundreds of orders in every state: {s.Key} has {s.Count}"));
        Assert.True(await db.Orders.AllAsync(o => o.CreatedAt <= app.Clock.GetUtcNow()), "no demo order lies in the future");
    }

    [Fact]
    public void FreshStart_InDemoMode_LogsEachStartUpStep_WithItsCounts()
    {
        var log = new CollectingLoggerProvider();
        using var app = new AppFactory(services: s => s.AddSingleton<ILoggerProvider>(log));
        _ = app.Server;

        var lines = log.Lines;
        Assert.Contains(lines, l => l.StartsWith("Start-up: database ", StringComparison.Ordinal) && l.Contains("applying") && l.Contains("schema migrations"));
        Assert.Contains(lines, l => l.StartsWith("Start-up: database schema up to date (", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Start-up: demo mode: seeding", StringComparison.Ordinal) && l.Contains("40 orders"));
        Assert.Contains(lines, l => l.StartsWith("Demo mode: generated", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Demo mode: opened", StringComparison.Ordinal) && l.Contains("demo cases"));
        Assert.Contains(lines, l => l.StartsWith("Start-up: demo data ready in", StringComparison.Ordinal));
        // In that order: a newcomer reads what is happening as it happens.
        var order = new[] { "Start-up: database schema up to date", "Start-up: demo mode: seeding", "Demo mode: generated", "Start-up: demo data ready" }
            .Select(prefix => lines.FindIndex(l => l.StartsWith(prefix, StringComparison.Ordinal))).ToList();
        Assert.Equal(order.Order(), order);
    }

    /// <summary>Keeps the app's log messages of information and above, in order.</summary>
    private sealed class CollectingLoggerProvider : ILoggerProvider
    {
        private readonly List<string> lines = [];

        public List<string> Lines
        {
            get
            {
                lock (lines)
                {
                    return [.. lines];
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => new Collector(this);

        public void Dispose()
        {
        }

        private sealed class Collector(CollectingLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    lock (owner.lines)
                    {
                        owner.lines.Add(formatter(state, exception));
                    }
                }
            }
        }
    }

    [Fact]
    public async Task Restart_InDemoMode_SeedsNothingTwice()
    {
        using var data = new TempDirectory();
        using (var first = new AppFactory(data.Path))
        {
            _ = first.Server;
            await using var before = first.CreateDbContext();
            Assert.Equal(DatabaseInitializer.DemoUsers.Count, await before.Users.CountAsync());
            Assert.True(await before.Users.AnyAsync(u => u.Email == "admin@demo.local"));
        }

        // A marker the second start would wipe if it recreated the database instead of reusing it.
        File.WriteAllText(Path.Combine(data.Path, "marker"), "kept");
        var firstAdminId = await ScalarAsync(Path.Combine(data.Path, "aftersales.db"), "SELECT Id FROM AspNetUsers WHERE Email = 'admin@demo.local'");
        using var second = new AppFactory(data.Path);
        _ = second.Server;

        await using var db = second.CreateDbContext();
        Assert.Equal(DatabaseInitializer.DemoUsers.Count, await db.Users.CountAsync());
        Assert.Equal(DatabaseInitializer.DemoMerchants.Count, await db.Merchants.CountAsync());
        Assert.Equal(40 + DemoCases.RiskyBuyerClaims.Length, await db.Orders.CountAsync());
        Assert.Equal(firstAdminId, await db.Users.Where(u => u.Email == "admin@demo.local").Select(u => u.Id).SingleAsync());
    }

    private static async Task<string> ScalarAsync(string databasePath, string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={databasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = (string)(await command.ExecuteScalarAsync())!;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return value;
    }

    [Fact]
    public async Task FreshStart_InProduction_HasRolesButNoUsersAndNoDefaultCredentials()
    {
        using var app = new AppFactory(environment: "Production");
        var client = app.CreateBrowserLikeClient();

        await using (var db = app.CreateDbContext())
        {
            Assert.Equal(0, await db.Users.CountAsync());
            Assert.Equal(Roles.All.Count, await db.Roles.CountAsync());
        }

        var response = await client.PostLoginAsync("admin@demo.local", AppFactory.DemoPassword);
        Assert.Contains("Invalid email or password", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_WhenDatabaseAnswers_IsHealthy()
    {
        using var app = new AppFactory();

        var response = await app.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_WhenDatabaseIsGone_IsUnhealthy()
    {
        using var app = new AppFactory();
        var client = app.CreateClient();
        var paths = app.Services.GetRequiredService<AppPaths>();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(paths.DatabasePath);
        DeleteWhileTheAppRuns(Path.GetDirectoryName(paths.DatabasePath)!);

        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// The app's background jobs (outbox, webhook worker, clean-ups) keep opening the database while the folder goes, and
    /// a journal file they create between the listing and the removal makes one delete fail with "Directory not empty"
    /// (seen once in CI). Once the folder is gone they can create nothing in it.
    /// </summary>
    private static void DeleteWhileTheAppRuns(string folder)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
                return;
            }
            catch (IOException) when (attempt < 20)
            {
                Thread.Sleep(50);
            }
        }
    }

    /// <summary>A connection open while the file is deleted (a background job's) goes back to the pool still reading the deleted file.</summary>
    [Fact]
    public async Task Health_WhenTheFileIsDeletedUnderAnOpenConnection_IsUnhealthy()
    {
        using var app = new AppFactory();
        var client = app.CreateClient();
        var paths = app.Services.GetRequiredService<AppPaths>();
        await using (var db = app.CreateDbContext())
        {
            await db.Database.OpenConnectionAsync();
            File.Delete(paths.DatabasePath);
            await db.Database.CloseConnectionAsync();
        }

        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task AnonymousRequest_ForAnyAppPage_RedirectsToLogin()
    {
        using var app = new AppFactory();
        var client = app.CreateBrowserLikeClient();

        foreach (var path in new[] { "/", "/admin/users" })
        {
            var (status, location) = await client.ProbeAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, status);
            Assert.Contains("/Account/Login", location);
        }
    }

    [Theory]
    [InlineData("agent1@demo.local")]
    [InlineData("merchant1@demo.local")]
    [InlineData("manager@demo.local")]
    public async Task AdminPage_WhenNotAdmin_ShowsAccessDeniedWithoutUserData(string email)
    {
        using var app = new AppFactory();
        var client = app.CreateBrowserLikeClient();
        await client.LoginAsync(email);

        var (status, location) = await client.ProbeAsync("/admin/users");
        var html = await client.GetStringAsync(location);

        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.Contains("/Account/AccessDenied", location);
        Assert.Contains("Your role does not give access to this page.", html);
        Assert.DoesNotContain("supervisor2@demo.local", html);
    }
}
