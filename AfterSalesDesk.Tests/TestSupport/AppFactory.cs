using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Providers;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AfterSalesDesk.Tests.TestSupport;

/// <summary>
/// The whole app in memory over a real SQLite file in its own folder, with a clock the test controls.
/// Two factories given the same folder behave like one app restarted.
/// </summary>
public sealed class AppFactory : WebApplicationFactory<Program>
{
    public const string DemoPassword = "Demo-Pass-2026";

    private readonly TempDirectory? ownedDirectory;
    private readonly Dictionary<string, string?> settings;
    private readonly Action<IServiceCollection>? services;
    private readonly string? ownedDatabase;
    private readonly bool seedFromTemplate;

    /// <param name="services">Replaces app services for this test (e.g. a scripted payment gateway); runs after the clock is set.</param>
    public AppFactory(
        string? dataDirectory = null, string environment = "Development", IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null, DatabaseProvider provider = DatabaseProvider.Sqlite, string? connectionString = null)
    {
        this.services = services;
        Provider = provider;
        if (dataDirectory is null)
        {
            ownedDirectory = new TempDirectory();
            dataDirectory = ownedDirectory.Path;
        }

        // A new SQLite folder started as the app would seed it: a copy of the first such start's files (see CreateHost).
        // Not for a folder the test gives (a restart), other services (they may seed differently) or a server database.
        seedFromTemplate = ownedDirectory is not null && services is null && provider == DatabaseProvider.Sqlite
            && settings?.ContainsKey("Storage:DatabasePath") != true;

        DataDirectory = dataDirectory;
        Environment = environment;
        this.settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Storage:DataDirectory"] = dataDirectory,
        };

        // A server database: the one given (apps sharing a database), else one of its own on the tests' server.
        if (provider != DatabaseProvider.Sqlite)
        {
            if (connectionString is null)
            {
                connectionString = OwnDatabase(provider);
                ownedDatabase = connectionString;
            }

            this.settings["Database:Provider"] = provider.ToString();
            this.settings["ConnectionStrings:AfterSales"] = connectionString;
        }

        ConnectionString = connectionString;

        // Tests drive the deadline scheduler themselves, with the clock they control.
        this.settings.TryAdd("Scheduler:Enabled", "false");

        // Nor do they score unscored cases in the background (the demo seed scores its own open cases).
        this.settings.TryAdd("Risk:Backfill", "false");
        if (environment == "Development")
        {
            this.settings.TryAdd("Demo:Enabled", "true");
            this.settings.TryAdd("Demo:Password", DemoPassword);
            // Fewer demo orders than the app's default keep the many test apps quick to start.
            this.settings.TryAdd("Demo:Orders", "40");
        }
    }

    public string DataDirectory { get; }

    /// <summary>The database the app runs on (SQLite under <see cref="DataDirectory"/> unless a test asks for another).</summary>
    public DatabaseProvider Provider { get; }

    /// <summary>A server database's connection string; null on SQLite.</summary>
    public string? ConnectionString { get; }

    public string Environment { get; }

    public FakeTimeProvider Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);

            // The same password hash format with 1,000 rounds instead of 100,000: the in-memory apps hash every demo
            // user's password when they seed (about 45 ms each here), and over a hundred of them start in a run. Logins
            // still verify real hashes; the round count is the only difference, and the browser tests' apps keep the default.
            services.Configure<PasswordHasherOptions>(options => options.IterationCount = 1_000);
            this.services?.Invoke(services);
        });
    }

    /// <summary>
    /// Starts the app. Starting it on a new database costs migrations and the demo seed (about 0.6 s of CPU with 40
    /// demo orders, 3 s with 1,200), and about 200 factories start in a run. The first factory of each configuration
    /// seeds for real and keeps a copy of its database files (<c>VACUUM INTO</c>); the next start on a new folder in
    /// the same configuration copies them in, and its clock starts at the time the copy was seeded, so the data,
    /// the deadlines in it and the clock agree exactly as after a fresh start. A test that has moved the clock before
    /// the start, or that runs on another day (UTC or China time) than the copy, seeds for real.
    /// </summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        if (!seedFromTemplate || Clock.Moved)
        {
            return base.CreateHost(builder);
        }

        var now = DateTimeOffset.UtcNow;
        var key = string.Join("\n", settings.Where(s => s.Key != "Storage:DataDirectory").OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => $"{s.Key}={s.Value}")
            .Prepend($"{Environment} {now.UtcDateTime:yyyy-MM-dd} {now.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd}"));
        var gate = TemplateGates.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        gate.Wait();
        try
        {
            if (Templates.TryGetValue(key, out var template))
            {
                foreach (var file in Directory.EnumerateFiles(template.Folder))
                {
                    File.Copy(file, Path.Combine(DataDirectory, Path.GetFileName(file)));
                }

                Clock.StartAt(template.SeededAt);
                return base.CreateHost(builder);
            }

            var seededAt = Clock.GetUtcNow();
            var host = base.CreateHost(builder);
            var folder = Path.Combine(TemplateRoot.Value, Templates.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            // The app's files after a start, where the app itself puts them: its database and the simulated gateway's.
            var paths = host.Services.GetRequiredService<AppPaths>();
            foreach (var file in new[] { paths.DatabasePath, paths.GatewayDatabasePath }.Where(File.Exists))
            {
                // VACUUM INTO: a consistent copy of a live WAL database, its write-ahead log included.
                using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False");
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "VACUUM INTO $path";
                command.Parameters.AddWithValue("$path", Path.Combine(folder, Path.GetFileName(file)));
                command.ExecuteNonQuery();
            }

            Templates[key] = new SeededTemplate(folder, seededAt);
            return host;
        }
        finally
        {
            gate.Release();
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> TemplateGates = new();

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SeededTemplate> Templates = new();

    private static readonly Lazy<string> TemplateRoot = new(() =>
    {
        var root = Path.Combine(Path.GetTempPath(), "asd-tests", "seeded-" + System.Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        return root;
    });

    private sealed record SeededTemplate(string Folder, DateTimeOffset SeededAt);

    public HttpClient CreateBrowserLikeClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public AppDbContext CreateDbContext() =>
        Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

    /// <summary>
    /// The signed-in principal of a seeded user exactly as a login would build it (roles, merchant,
    /// display name), as services receive it from a page. The role is asserted, for readable tests.
    /// </summary>
    public async Task<System.Security.Claims.ClaimsPrincipal> PrincipalAsync(string email, string role)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AfterSalesDesk.Data.Identity.AppUser>>();
        var factory = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.IUserClaimsPrincipalFactory<AfterSalesDesk.Data.Identity.AppUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No user {email}.");
        var principal = await factory.CreateAsync(user);
        Assert.True(principal.IsInRole(role), $"{email} is not a {role}");
        return principal;
    }

    private IServiceScope? scope;

    /// <summary>A service as a page would get it: from a scope (feature services are scoped).</summary>
    public T Get<T>()
        where T : notnull => (scope ??= Services.CreateScope()).ServiceProvider.GetRequiredService<T>();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            scope?.Dispose();
        }

        base.Dispose(disposing);
        if (disposing)
        {
            ownedDirectory?.Dispose();
            if (ownedDatabase is not null)
            {
                PostgresServer.Shared.DropDatabaseAsync(ownedDatabase).GetAwaiter().GetResult();
            }
        }
    }

    private static string OwnDatabase(DatabaseProvider provider) => provider == DatabaseProvider.PostgreSql
        ? PostgresServer.Shared.CreateDatabaseAsync().GetAwaiter().GetResult()
        : throw new NotSupportedException($"No {provider} server can run here; its migrations and queries are checked by parsing (README).");
}
