using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Merchants;
using AfterSalesDesk.Web.Features.Admin;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Infrastructure;

/// <summary>
/// Brings the database to the current schema at startup, makes sure the roles exist and, in demo
/// mode only, seeds the demo merchants and users. Every step is idempotent: a restart changes nothing.
/// </summary>
internal sealed class DatabaseInitializer(
    IServiceProvider services,
    IDbContextFactory<AppDbContext> contextFactory,
    AppPaths paths,
    RoleManager<IdentityRole> roleManager,
    UserManager<AppUser> userManager,
    IOptions<DemoOptions> demoOptions,
    TimeProvider timeProvider,
    ILogger<DatabaseInitializer> logger)
{
    public static readonly IReadOnlyList<DemoMerchant> DemoMerchants =
    [
        new("M001", "优选数码 Youxuan Digital"),
        new("M002", "家居生活馆 Home Living"),
    ];

    public static readonly IReadOnlyList<DemoUser> DemoUsers =
    [
        new("agent1@demo.local", "Li Na", Roles.Agent, null),
        new("agent2@demo.local", "Wang Wei", Roles.Agent, null),
        new("supervisor1@demo.local", "Zhang Min", Roles.Supervisor, null),
        new("supervisor2@demo.local", "Chen Jie", Roles.Supervisor, null),
        new("merchant1@demo.local", "Liu Yang", Roles.Merchant, "M001"),
        new("merchant2@demo.local", "Zhao Lei", Roles.Merchant, "M002"),
        new("manager@demo.local", "Sun Li", Roles.Manager, null),
        new("admin@demo.local", "Demo Admin", Roles.Admin, null),
    ];

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(paths.DatabasePath)!);
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            // WAL lets readers work while one writer commits; the setting is stored in the database file.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            await db.Database.MigrateAsync(cancellationToken);
        }

        foreach (var role in Roles.All)
        {
            if (!await roleManager.RoleExistsAsync(role))
            {
                EnsureSucceeded(await roleManager.CreateAsync(new IdentityRole(role)), $"create role {role}");
            }
        }

        var demo = demoOptions.Value;
        if (demo.Enabled)
        {
            await SeedDemoAsync(demo, cancellationToken);
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
                services, new NewAccount(demoUser.Email, demoUser.DisplayName, demoUser.Role, merchantId, demo.Password), now, cancellationToken);
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
    }

    private static void EnsureSucceeded(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
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
