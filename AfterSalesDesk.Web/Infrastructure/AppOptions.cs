namespace AfterSalesDesk.Web.Infrastructure;

/// <summary>Where the app keeps its files: the SQLite database and the data-protection keys.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Relative paths are resolved against the content root (the Web project folder under dotnet run).</summary>
    public string DataDirectory { get; set; } = "App_Data";

    /// <summary>Empty means <c>{DataDirectory}/aftersales.db</c>.</summary>
    public string DatabasePath { get; set; } = "";

    /// <summary>How long a write waits for the database (held by another write) before the person is told it is busy.</summary>
    public int BusyWaitSeconds { get; set; } = 30;
}

/// <summary>Demo mode seeds well-known users; it must never be on in production.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    public bool Enabled { get; set; }

    /// <summary>The password every demo user gets. Required when demo mode is on.</summary>
    public string Password { get; set; } = "";

    /// <summary>How many orders demo mode generates on a fresh database (over the last 120 days).</summary>
    public int Orders { get; set; } = 3000;
}

public sealed class SessionSettings
{
    public const string Section = "Session";

    /// <summary>A session with no request for this long ends.</summary>
    public int IdleMinutes { get; set; } = 30;

    /// <summary>A session ends this long after login, however active it is.</summary>
    public int AbsoluteHours { get; set; } = 12;

    /// <summary>How often a session is checked against the database (disabled user, changed password).</summary>
    public int RevalidationSeconds { get; set; } = 30;
}

public sealed class LockoutSettings
{
    public const string Section = "Lockout";

    public int MaxFailedAttempts { get; set; } = 5;

    public int LockoutMinutes { get; set; } = 15;
}

/// <summary>Which database the app runs on (<c>Database:Provider</c>), known once at start-up.</summary>
public sealed record DatabaseSettings(AfterSalesDesk.Data.Providers.DatabaseProvider Provider)
{
    /// <summary>The connection string a server database is named by: <c>ConnectionStrings:AfterSales</c>.</summary>
    public const string ConnectionStringName = "AfterSales";

    public bool IsSqlite => Provider == AfterSalesDesk.Data.Providers.DatabaseProvider.Sqlite;
}

/// <summary>Resolves configured paths once against the content root.</summary>
public sealed class AppPaths
{
    public AppPaths(Microsoft.Extensions.Options.IOptions<StorageOptions> options, IHostEnvironment environment)
    {
        var storage = options.Value;
        DataDirectory = Path.GetFullPath(storage.DataDirectory, environment.ContentRootPath);
        DatabasePath = string.IsNullOrWhiteSpace(storage.DatabasePath)
            ? Path.Combine(DataDirectory, "aftersales.db")
            : Path.GetFullPath(storage.DatabasePath, environment.ContentRootPath);
        KeysDirectory = Path.Combine(DataDirectory, "keys");
        BusyWait = TimeSpan.FromSeconds(storage.BusyWaitSeconds is > 0 and <= 600
            ? storage.BusyWaitSeconds
            : throw new InvalidOperationException($"Storage:BusyWaitSeconds must be between 1 and 600, not {storage.BusyWaitSeconds}."));
    }

    /// <summary>How long a write waits for the database: the write queue's wait and the connection's Default Timeout.</summary>
    public TimeSpan BusyWait { get; }

    public string DataDirectory { get; }

    public string DatabasePath { get; }

    public string KeysDirectory { get; }

    /// <summary>The simulated payment gateway's own records, apart from the app database as a real gateway's would be.</summary>
    public string GatewayDatabasePath => Path.Combine(DataDirectory, "gateway.db");

    public string ConnectionString => $"Data Source={DatabasePath};Foreign Keys=True;Default Timeout={(int)BusyWait.TotalSeconds}";
}
