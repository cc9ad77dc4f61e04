namespace AfterSalesDesk.Data.Providers;

/// <summary>The database the app runs on (<c>Database:Provider</c>; decision 0020).</summary>
public enum DatabaseProvider
{
    /// <summary>An embedded file, the default: nothing to install or run.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server (15 or later).</summary>
    PostgreSql,

    /// <summary>A SQL Server (2019 or later); checked here without a server (see the README).</summary>
    SqlServer,
}

public static class DatabaseProviders
{
    /// <summary>The provider a setting names, case-insensitively; empty means SQLite. Anything else is a readable start-up error.</summary>
    public static DatabaseProvider Parse(string? setting) =>
        string.IsNullOrWhiteSpace(setting) ? DatabaseProvider.Sqlite
        : Enum.TryParse<DatabaseProvider>(setting.Trim(), ignoreCase: true, out var provider) && Enum.IsDefined(provider) ? provider
        : throw new InvalidOperationException(
            $"Database:Provider is '{setting}'; it must be one of {string.Join(", ", Enum.GetNames<DatabaseProvider>())} (Sqlite when not set).");
}
