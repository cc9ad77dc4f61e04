using System.Text.RegularExpressions;
using Npgsql;

namespace AfterSalesDesk.Data.Providers.PostgreSql;

/// <summary>The app's defaults on a PostgreSQL connection string; what the string sets itself is kept.</summary>
public static partial class PostgreSqlConnectionString
{
    /// <summary>How many statements each connection keeps prepared when the connection string does not say.</summary>
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>
    /// Statements that run again and again (a queue page's queries, a refund decision's) are prepared on the server after
    /// a few uses, so PostgreSQL parses and plans them once per connection instead of on every call: approvals with 8
    /// callers went from 122–148 to 190–251 per second at 1,000,000 cases (docs/benchmarks.md). Npgsql leaves this off by
    /// default; <c>Max Auto Prepare=0</c> in the connection string turns it off again (e.g. behind a pooler in
    /// transaction mode, which does not keep prepared statements).
    /// <para>
    /// A pooled connection is waited for as long as a write waits for the database (<paramref name="busyWait"/>, the
    /// write gate's wait), not Npgsql's 15 s: a burst of writes (200 refund proposals at once in a test) holds every
    /// pooled connection while the writes take turns, and the last in line waited for a connection longer than 15 s on a
    /// loaded machine and failed with "the connection pool has been exhausted". <c>Timeout=</c> in the string wins.
    /// </para>
    /// </summary>
    public static string WithDefaults(string connectionString, TimeSpan? busyWait = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!MaxAutoPrepareKeyword().IsMatch(connectionString))
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        if (busyWait is { } wait && !TimeoutKeyword().IsMatch(connectionString))
        {
            builder.Timeout = Math.Max(builder.Timeout, (int)Math.Ceiling(wait.TotalSeconds));
        }

        return builder.ConnectionString;
    }

    [GeneratedRegex(@"(^|;)\s*timeout\s*=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TimeoutKeyword();

    [GeneratedRegex(@"(^|;)\s*max\s*auto\s*prepare\s*=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MaxAutoPrepareKeyword();
}
