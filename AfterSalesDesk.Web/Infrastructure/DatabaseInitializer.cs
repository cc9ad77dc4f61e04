using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Complaints;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Merchants;
using AfterSalesDesk.Data.Providers.Sqlite;
using AfterSalesDesk.Data.Refunds;
using AfterSalesDesk.Data.Seeding;
using AfterSalesDesk.Web.Features.Admin;
using AfterSalesDesk.Web.Features.Refunds;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Infrastructure;

/// <summary>
/// Brings the database to the current schema at startup, makes sure the roles exist and, in demo
/// mode only, seeds the demo merchants, users and orders. Every step is idempotent: a restart changes
/// nothing. Everything it writes is audited as "system".
/// </summary>
internal sealed class DatabaseInitializer(
    IServiceProvider services,
    IDbContextFactory<AppDbContext> contextFactory,
    AppPaths paths,
    DatabaseSettings database,
    RoleManager<IdentityRole> roleManager,
    UserManager<AppUser> userManager,
    IOptions<DemoOptions> demoOptions,
    IOptions<CaseLimits> caseLimits,
    IOptions<AfterSalesDesk.Data.Sla.SlaPolicy> sla,
    IOptions<RefundLimits> refundLimits,
    IOptions<ComplaintRules> complaintRules,
    IOptions<AfterSalesDesk.Data.Risk.RiskRules> riskRules,
    IPaymentGateway gateway,
    TimeProvider timeProvider,
    ILogger<DatabaseInitializer> logger)
{
    public static readonly IReadOnlyList<DemoMerchant> DemoMerchants =
    [
        new("M001", "优选数码 Youxuan Digital"),
        new("M002", "家居生活馆 Home Living"),
        new("M003", "鲜果园 Fresh Orchard"),
        new("M004", "童趣玩具 Kids Fun Toys"),
        new("M005", "运动工坊 Sports Workshop"),
        new("M006", "美妆小铺 Beauty Corner"),
    ];

    public static readonly IReadOnlyList<DemoUser> DemoUsers =
    [
        new("agent1@demo.local", "Li Na", Roles.Agent, null),
        new("agent2@demo.local", "Wang Wei", Roles.Agent, null),
        new("supervisor1@demo.local", "Zhang Min", Roles.Supervisor, null),
        new("supervisor2@demo.local", "Chen Jie", Roles.Supervisor, null),
        new("merchant1@demo.local", "Liu Yang", Roles.Merchant, "M001"),
        new("merchant2@demo.local", "Zhao Lei", Roles.Merchant, "M002"),
        new("merchant3@demo.local", "Huang Li", Roles.Merchant, "M003"),
        new("merchant4@demo.local", "Wu Gang", Roles.Merchant, "M004"),
        new("merchant5@demo.local", "Zhou Ting", Roles.Merchant, "M005"),
        new("merchant6@demo.local", "Xu Jing", Roles.Merchant, "M006"),
        new("manager@demo.local", "Sun Li", Roles.Manager, null),
        new("admin@demo.local", "Demo Admin", Roles.Admin, null),
    ];

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        var where = database.IsSqlite ? paths.DatabasePath : database.Provider.ToString();
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            if (database.IsSqlite)
            {
                // WAL lets readers work while one writer commits; the setting is stored in the database file.
                Directory.CreateDirectory(Path.GetDirectoryName(paths.DatabasePath)!);
                await db.Database.OpenConnectionAsync(cancellationToken);
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }

            // Each start-up step says what it does, so that a first start (minutes on two cores) shows progress.
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                logger.LogInformation("Start-up: database {Path}: applying {Count} schema migrations ({First} … {Last}).",
                    where, pending.Count, pending[0], pending[^1]);
            }

            var watch = System.Diagnostics.Stopwatch.StartNew();
            await db.Database.MigrateAsync(cancellationToken);
            logger.LogInformation("Start-up: database schema up to date ({Count} migrations applied in {Seconds:0.0} s).", pending.Count, watch.Elapsed.TotalSeconds);
            if (database.IsSqlite && pending.Count > 0)
            {
                watch.Restart();
                var analyzed = await SqliteStatistics.AnalyzeTablesWithNewIndexesAsync(db.Database, cancellationToken);
                if (analyzed.Count > 0)
                {
                    logger.LogInformation("Start-up: planner statistics for the new indexes of {Tables} in {Seconds:0.0} s.", string.Join(", ", analyzed), watch.Elapsed.TotalSeconds);
                }
            }
        }

        services.GetRequiredService<AppDbContext>().AuditAs(AuditActor.System, "setup.roles", timeProvider);
        foreach (var role in Roles.All)
        {
            if (!await roleManager.RoleExistsAsync(role))
            {
                var result = await roleManager.CreateAsync(new IdentityRole(role));
                if (!result.Succeeded)
                {
                    throw new InvalidOperationException($"Could not create role {role}: {UserAccounts.Describe(result)}");
                }
            }
        }

        var demo = demoOptions.Value;
        if (demo.Enabled)
        {
            logger.LogInformation("Start-up: demo mode: seeding what is missing of the demo data (on a new database {Orders:N0} orders, their cases, refunds, complaints and ratings).", demo.Orders);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            await SeedDemoAsync(demo, cancellationToken);
            logger.LogInformation("Start-up: demo data ready in {Seconds:0.0} s.", watch.Elapsed.TotalSeconds);
        }
    }

    private async Task SeedDemoAsync(DemoOptions demo, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(demo.Password))
        {
            throw new InvalidOperationException("Demo mode is on but Demo:Password is empty; set it or turn demo mode off.");
        }

        var now = timeProvider.GetUtcNow();
        var merchantIds = new Dictionary<string, int>();
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            db.AuditAs(AuditActor.System, "demo.seed", timeProvider);
            foreach (var (code, name) in DemoMerchants)
            {
                var merchant = await db.Merchants.SingleOrDefaultAsync(m => m.Code == code, cancellationToken);
                if (merchant is null)
                {
                    merchant = new Merchant(code, name, now);
                    db.Merchants.Add(merchant);
                    await db.SaveChangesAsync(cancellationToken);
                }

                merchantIds[code] = merchant.Id;
            }
        }

        var created = 0;
        foreach (var demoUser in DemoUsers)
        {
            if (await userManager.FindByEmailAsync(demoUser.Email) is not null)
            {
                continue;
            }

            var merchantId = demoUser.MerchantCode is null ? (int?)null : merchantIds[demoUser.MerchantCode];
            var result = await UserAccounts.CreateAsync(
                services, new NewAccount(demoUser.Email, demoUser.DisplayName, demoUser.Role, merchantId, demo.Password), AuditActor.System, cancellationToken);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Could not create demo user {demoUser.Email}: {result.Error}");
            }

            created++;
        }

        if (created > 0)
        {
            logger.LogWarning("Demo mode: seeded {Count} demo users with the configured demo password. Never enable demo mode in production.", created);
        }

        await SeedDemoOrdersAsync([.. merchantIds.Values], demo.Orders, now, cancellationToken);
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            db.AuditAs(AuditActor.System, "demo.seed", timeProvider);
            var cases = await DemoCases.SeedAsync(
                db, caseLimits.Value, sla.Value, refundLimits.Value, complaintRules.Value, gateway, timeProvider, cancellationToken);
            if (cases > 0)
            {
                logger.LogInformation("Demo mode: opened {Count} demo cases, every kind in every state.", cases);
            }
        }

        // The demo's open cases are generated, not opened through the app: score them as of their opening, as an upgrade would.
        await Features.Risk.RiskBackfill.RunAsync(contextFactory, riskRules.Value, timeProvider, cancellationToken);

        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            db.AuditAs(AuditActor.System, "demo.seed", timeProvider);
            var (macros, articles) = await DemoKnowledge.SeedAsync(db, timeProvider, cancellationToken);
            if (macros + articles > 0)
            {
                logger.LogInformation("Demo mode: added {Macros} macros and {Articles} knowledge-base articles.", macros, articles);
            }
        }
    }

    /// <summary>The last 120 days of orders at the demo merchants, once, when there are none yet.</summary>
    private async Task SeedDemoOrdersAsync(IReadOnlyList<int> merchantIds, int orders, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (orders <= 0 || await db.Orders.AnyAsync(cancellationToken))
        {
            return;
        }

        // The generator writes on its own connection, to the database the app's contexts use, on its provider.
        var report = await OrderDataGenerator.GenerateAsync(database.Provider, db.Database.GetConnectionString()!, new GeneratorOptions
        {
            Orders = orders,
            Seed = 2026,
            MerchantIds = merchantIds,
            ProductsPerMerchant = 8,
            Customers = 300,
            Start = now.AddDays(-120),
            End = now,
        }, cancellationToken);
        db.AuditAs(AuditActor.System, "demo.seed", timeProvider).RecordAudit("Order", null, AuditOutcome.Succeeded, "Demo data: " + report);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Demo mode: generated {Report}.", report);
    }

    public sealed record DemoMerchant(string Code, string Name);

    public sealed record DemoUser(string Email, string DisplayName, string Role, string? MerchantCode);
}

internal static class DatabaseInitializerExtensions
{
    public static async Task InitializeDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
    }
}
