using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Integration;
using AfterSalesDesk.Data.Seeding;
using AfterSalesDesk.Web.Features.Admin;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Web.Infrastructure;

/// <summary>
/// Administrative commands run instead of the web server:
/// <c>create-admin --email EMAIL [--name NAME]</c> (password from ASD_ADMIN_PASSWORD or standard input), and
/// <c>create-api-client --name NAME --kind KIND [--scopes "a b"] [--merchant CODE]</c> (prints the secret once), and
/// <c>schema-script</c> (prints the DDL the EF model implies, the starting point of a hand-written migration), and
/// <c>generate-data --orders N [--cases C] [--abusive-percent P | --no-buyer-mix]</c> (fills an empty database for benchmarks), and
/// <c>benchmark-queues [--runs R]</c> (times the queue pages and counts on such a database), and
/// <c>benchmark-refunds [--refunds N] [--parallel P]</c> (proposal and approval throughput), and
/// <c>benchmark-risk [--sample N] [--seed S] [--facts FILE]</c> (the risk score's precision, recall and cost on generated data), and
/// <c>rebuild-dashboard</c> (recomputes every day of the dashboard's rollups), and
/// <c>benchmark-dashboard [--runs R] [--direct-runs D] [--keep-rollups]</c> (dashboard loads with and without rollups), and
/// <c>benchmark-quality [--runs R]</c> (the dashboard's product quality and the cases list it links to), and
/// <c>benchmark-excel --rows N [--runs R] [--dom-max M]</c> (our streamed .xlsx against the SDK's DOM, and a real export), and
/// <c>benchmark-api --url URL --secret SECRET [--orders N] [--batch B] [--parallel P]</c> (order batches through the API over HTTP).
/// </summary>
internal static class CommandLine
{
    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] is "create-admin" or "create-api-client" or "schema-script" or "generate-data" or "benchmark-queues" or "benchmark-refunds"
        or RiskBenchmark.Command or "rebuild-dashboard" or "benchmark-dashboard" or "benchmark-quality" or ExcelBenchmark.ExportChild;

    /// <summary>Commands that run before (and without) the web host.</summary>
    public static bool IsHostless(string[] args) => args.Length > 0 && args[0] is ExcelBenchmark.Command or ExcelBenchmark.WriterChild or ApiBenchmark.Command;

    public static async Task<int> RunHostlessAsync(string[] args) => args[0] switch
    {
        ExcelBenchmark.Command => await ExcelBenchmark.RunAsync(args),
        ExcelBenchmark.WriterChild => await ExcelBenchmark.RunWriterChildAsync(args),
        ApiBenchmark.Command => await ApiBenchmark.RunAsync(args),
        _ => 2,
    };

    private const string CreateAdminUsage =
        "Usage: create-admin --email EMAIL [--name NAME]; the password comes from ASD_ADMIN_PASSWORD or standard input.";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        switch (args[0])
        {
            case "schema-script":
                await using (var db = await provider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
                {
                    Console.WriteLine(db.Database.GenerateCreateScript());
                }

                return 0;
            case "create-admin":
                // A usage error is told before anything is created or migrated.
                if (Option(args, "--email") is not { } email || string.IsNullOrWhiteSpace(email))
                {
                    await Console.Error.WriteLineAsync(CreateAdminUsage);
                    return 2;
                }

                await services.InitializeDatabaseAsync();
                return await CreateAdminAsync(provider, email, Option(args, "--name") ?? "Administrator");
            case "create-api-client":
                if (Option(args, "--name") is not { Length: > 0 } clientName || !Enum.TryParse<ApiClientKind>(Option(args, "--kind"), ignoreCase: true, out var kind))
                {
                    await Console.Error.WriteLineAsync(CreateApiClientUsage);
                    return 2;
                }

                await services.InitializeDatabaseAsync();
                return await CreateApiClientAsync(provider, clientName, kind, Option(args, "--scopes"), Option(args, "--merchant"));
            case "generate-data":
                await services.InitializeDatabaseAsync();
                return await GenerateDataAsync(provider, args);
            case "benchmark-queues":
                await services.InitializeDatabaseAsync();
                return await QueueBenchmark.RunAsync(provider, int.TryParse(Option(args, "--runs"), out var runs) && runs > 0 ? runs : 50);
            case "benchmark-refunds":
                await services.InitializeDatabaseAsync();
                return await RefundBenchmark.RunAsync(provider, int.TryParse(Option(args, "--refunds"), out var refunds) && refunds > 0 ? refunds : 2000,
                    int.TryParse(Option(args, "--parallel"), out var parallel) && parallel > 0 ? parallel : 8);
            case RiskBenchmark.Command:
                await services.InitializeDatabaseAsync();
                return await RiskBenchmark.RunAsync(provider, args);
            case "rebuild-dashboard":
                await services.InitializeDatabaseAsync();
                await Console.Out.WriteLineAsync($"Dashboard rollups rebuilt: {await provider.GetRequiredService<Features.Dashboard.DashboardRollups>().RebuildAllAsync()}.");
                return 0;
            case "benchmark-dashboard":
                await services.InitializeDatabaseAsync();
                return await DashboardBenchmark.RunAsync(provider, int.TryParse(Option(args, "--runs"), out var dashboardRuns) && dashboardRuns > 0 ? dashboardRuns : 30,
                    int.TryParse(Option(args, "--direct-runs"), out var directRuns) && directRuns > 0 ? directRuns : 5,
                    rebuild: !args.Contains("--keep-rollups"));
            case "benchmark-quality":
                await services.InitializeDatabaseAsync();
                return await QualityBenchmark.RunAsync(provider, int.TryParse(Option(args, "--runs"), out var qualityRuns) && qualityRuns > 0 ? qualityRuns : 20);
            case ExcelBenchmark.ExportChild:
                await services.InitializeDatabaseAsync();
                return await ExcelBenchmark.RunExportChildAsync(provider, args);
            default:
                return 2;
        }
    }

    private const string CreateApiClientUsage =
        "Usage: create-api-client --name NAME --kind OrderSystem|Storefront|MerchantSystem [--scopes \"scope scope\"] [--merchant CODE]; "
        + "without --scopes the client gets every scope its kind allows. The secret is printed once.";

    /// <summary>An API client as the Integrations page makes one (audited as this command); its secret goes to standard output only.</summary>
    private static async Task<int> CreateApiClientAsync(IServiceProvider provider, string name, ApiClientKind kind, string? scopes, string? merchantCode)
    {
        await using var db = await provider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var clock = provider.GetRequiredService<TimeProvider>();
        db.AuditAs(AuditActor.Cli("create-api-client"), "api-client.create", clock);
        int? merchantId = null;
        if (merchantCode is not null)
        {
            merchantId = await db.Merchants.Where(m => m.Code == merchantCode).Select(m => (int?)m.Id).SingleOrDefaultAsync();
            if (merchantId is null)
            {
                await Console.Error.WriteLineAsync($"There is no merchant {merchantCode}.");
                return 1;
            }
        }

        try
        {
            var (client, secret) = ApiClient.Create(name, kind, scopes?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? ApiScopes.AllowedFor(kind),
                merchantId, "cli:create-api-client", clock.GetUtcNow());
            db.ApiClients.Add(client);
            await db.SaveChangesAsync();
            await Console.Error.WriteLineAsync($"API client {client.Id} \"{client.Name}\" ({client.Kind}: {client.Scopes}) created. Its secret, shown once:");
            await Console.Out.WriteLineAsync(secret);
            return 0;
        }
        catch (Data.Common.DomainException ex)
        {
            await Console.Error.WriteLineAsync($"The client was not created: {ex.Message}");
            return 1;
        }
    }

    private static async Task<int> CreateAdminAsync(IServiceProvider provider, string email, string name)
    {
        var password = Environment.GetEnvironmentVariable("ASD_ADMIN_PASSWORD");
        if (string.IsNullOrEmpty(password))
        {
            await Console.Out.WriteLineAsync("Password for the new administrator:");
            password = Console.ReadLine();
        }

        if (string.IsNullOrEmpty(password))
        {
            await Console.Error.WriteLineAsync("No password given (ASD_ADMIN_PASSWORD is empty and standard input had none).");
            return 2;
        }

        var result = await UserAccounts.CreateAsync(provider, new NewAccount(email, name, Roles.Admin, null, password), AuditActor.Cli("create-admin"));
        if (!result.Succeeded)
        {
            await Console.Error.WriteLineAsync($"The administrator was not created: {result.Error}");
            return 1;
        }

        await Console.Out.WriteLineAsync($"Administrator {email} created. Sign in at /Account/Login.");
        return 0;
    }

    private const string GenerateDataUsage =
        "Usage: generate-data --orders N [--cases C] [--seed S] [--merchants M] [--abusive-percent P | --no-buyer-mix]; N is a positive whole number, "
        + "P a percent of the buyers from 0 to 20 (default 2.5).";

    /// <summary>
    /// <c>generate-data --orders N [--cases C] [--seed S] [--merchants M] [--abusive-percent P | --no-buyer-mix]</c>: fills an
    /// order-free database deterministically for benchmarks (see docs/benchmarks.md). By default the buyers are a mix with
    /// abusive buyers of known patterns (P percent of them, 2.5 by default), whose labels go to a file beside the database
    /// (<see cref="GeneratedBuyers.LabelsFileName"/>), never into it; <c>--no-buyer-mix</c> generates the buyers of before.
    /// </summary>
    private static async Task<int> GenerateDataAsync(IServiceProvider provider, string[] args)
    {
        if (!int.TryParse(Option(args, "--orders"), out var orders) || orders <= 0)
        {
            await Console.Error.WriteLineAsync(GenerateDataUsage);
            return 2;
        }

        BuyerMixOptions? mix = new();
        if (args.Contains("--no-buyer-mix"))
        {
            mix = null;
        }
        else if (Option(args, "--abusive-percent") is { } percentText)
        {
            if (!double.TryParse(percentText, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var percent)
                || percent is < 0 or > 20)
            {
                await Console.Error.WriteLineAsync(GenerateDataUsage);
                return 2;
            }

            mix = new BuyerMixOptions { AbusivePercent = percent };
        }

        var seed = int.TryParse(Option(args, "--seed"), out var s) ? s : 42;
        var merchants = int.TryParse(Option(args, "--merchants"), out var m) && m > 0 ? m : Math.Clamp(orders / 10_000, 6, 500);
        var database = provider.GetRequiredService<DatabaseSettings>();
        string connectionString;
        await using (var db = await provider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            connectionString = db.Database.GetConnectionString()!;
        }

        var target = database.IsSqlite ? provider.GetRequiredService<AppPaths>().DatabasePath : $"the {database.Provider} database";
        GeneratorReport report;
        try
        {
            report = await OrderDataGenerator.GenerateAsync(database.Provider, connectionString, new GeneratorOptions
            {
                Orders = orders,
                Seed = seed,
                NewMerchants = merchants,
                Mix = mix,
            });
        }
        catch (InvalidOperationException ex)
        {
            await Console.Error.WriteLineAsync(
                $"{ex.Message} {(database.IsSqlite ? "Point Storage__DatabasePath at a new file." : $"Point ConnectionStrings__{DatabaseSettings.ConnectionStringName} at an empty database.")}");
            return 1;
        }
        catch (NotSupportedException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 1;
        }

        var clock = provider.GetRequiredService<TimeProvider>();
        await using (var db = await provider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            db.AuditAs(AuditActor.Cli("generate-data"), "data.generate", clock)
                .RecordAudit("Order", null, AuditOutcome.Succeeded, $"seed {seed}: {report}");
            await db.SaveChangesAsync();
        }

        await Console.Out.WriteLineAsync($"Generated into {target}: {report}.");
        if (report.Buyers is { } buyers)
        {
            // The labels stay out of the database: the scorer reads the app's tables, never this file.
            var labels = LabelsPath(provider);
            await buyers.WriteLabelsAsync(labels);
            await Console.Out.WriteLineAsync($"Labels of the {buyers.Abusers.Count:N0} abusive buyers written to {labels}.");
        }

        if (int.TryParse(Option(args, "--cases"), out var cases) && cases > 0)
        {
            // Cases are held by the database's agents and supervisors, or by twenty benchmark agents when it has none.
            await using var db = await provider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            var holders = (await provider.GetRequiredService<Features.Queues.AssignmentService>().AssigneesAsync()).Select(a => (a.Id, a.Name)).ToList();
            if (holders.Count == 0)
            {
                holders = Enumerable.Range(1, 20).Select(i => ($"bench-agent-{i:D2}", $"agent{i:D2}@bench.local")).ToList();
            }

            var caseReport = await CaseDataGenerator.GenerateAsync(database.Provider, connectionString, new CaseGeneratorOptions
            {
                Cases = cases,
                Seed = seed,
                Now = clock.GetUtcNow(),
                Assignees = holders,
                Buyers = report.Buyers,
            });
            db.AuditAs(AuditActor.Cli("generate-data"), "data.generate", clock)
                .RecordAudit("AfterSalesCase", null, AuditOutcome.Succeeded, $"seed {seed}: {caseReport}");
            await db.SaveChangesAsync();
            await Console.Out.WriteLineAsync($"Generated {caseReport}.");
            if (report.Buyers is { } mixed)
            {
                var claims = Path.Combine(Path.GetDirectoryName(LabelsPath(provider))!, GeneratedBuyers.ClaimsFileName);
                await mixed.WriteClaimsAsync(claims);
                await Console.Out.WriteLineAsync($"The {mixed.OpenedClaims.Count:N0} abusive claims' cases written to {claims}.");
            }
        }

        return 0;
    }

    /// <summary>Where generate-data writes the abusive buyers' labels: beside the SQLite file, or in the data folder for a server database.</summary>
    internal static string LabelsPath(IServiceProvider provider)
    {
        var paths = provider.GetRequiredService<AppPaths>();
        var folder = provider.GetRequiredService<DatabaseSettings>().IsSqlite ? Path.GetDirectoryName(paths.DatabasePath)! : paths.DataDirectory;
        return Path.Combine(folder, GeneratedBuyers.LabelsFileName);
    }

    internal static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
