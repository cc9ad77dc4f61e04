using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Providers;
using AfterSalesDesk.Data.Providers.PostgreSql;
using AfterSalesDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Data;

/// <summary>The app itself with <c>Database:Provider=PostgreSql</c>: it migrates an empty server database at start and serves.</summary>
public sealed class PostgreSqlAppTests
{
    [Fact]
    public async Task App_OnAnEmptyPostgreSqlDatabase_MigratesItCreatesTheRolesAndServes()
    {
        using var app = new AppFactory(provider: DatabaseProvider.PostgreSql, settings: new Dictionary<string, string?> { ["Demo:Enabled"] = "false" });
        using var client = app.CreateBrowserLikeClient();

        var login = await client.GetAsync("/Account/Login");
        var health = await client.GetAsync("/health");

        Assert.Equal(System.Net.HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
        await using var db = app.CreateDbContext();
        Assert.IsType<PostgreSqlAppDbContext>(db);
        Assert.Equal(PostgreSqlConnectionString.DefaultMaxAutoPrepare, new Npgsql.NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()).MaxAutoPrepare);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(Roles.All.Order(), (await db.Roles.Select(r => r.Name!).ToListAsync()).Order());
        var verification = await AfterSalesDesk.Data.Audit.AuditChain.VerifyAsync(db);
        Assert.True(verification.IsIntact && verification.VerifiedEntries >= Roles.All.Count, verification.Message);
    }

    [Fact]
    public void App_OnAServerDatabaseWithoutAConnectionString_RefusesToStartNamingTheSetting()
    {
        using var app = new AppFactory(settings: new Dictionary<string, string?> { ["Database:Provider"] = "PostgreSql", ["Demo:Enabled"] = "false" });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("ConnectionStrings:AfterSales", error.ToString());
    }

    [Fact]
    public void App_WithAnUnknownProvider_RefusesToStartNamingTheChoices()
    {
        using var app = new AppFactory(settings: new Dictionary<string, string?> { ["Database:Provider"] = "Oracle" });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Sqlite, PostgreSql, SqlServer", error.ToString());
    }
}
