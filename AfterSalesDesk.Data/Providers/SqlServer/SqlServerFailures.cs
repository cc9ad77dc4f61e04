using System.Text.RegularExpressions;
using Microsoft.Data.SqlClient;

namespace AfterSalesDesk.Data.Providers.SqlServer;

/// <summary>
/// SQL Server's refusals as <see cref="DbFailure"/>s, by error number; the constraint's name is only in the
/// message text ("… with unique index 'IX_…'", "… conflicted with the CHECK constraint "CK_…""), which is
/// English for every server language setting the app's login uses (us_english by default).
/// </summary>
internal static partial class SqlServerFailures
{
    // https://learn.microsoft.com/sql/relational-databases/errors-events/database-engine-events-and-errors
    private const int DuplicateKeyInIndex = 2601, DuplicateKeyInConstraint = 2627, ConstraintConflict = 547,
        NullNotAllowed = 515, TruncatedString = 2628, TruncatedStringBefore2019 = 8152,
        LockTimeout = 1222, DeadlockVictim = 1205, ClientTimeout = -2, WriteLockTimeout = 51222,
        AuditUpdateRefused = 51000, AuditDeleteRefused = 51001;

    public static DbFailure? Classify(Exception exception) =>
        exception is SqlException sql ? Classify(sql.Number, sql.Message) : null;

    /// <summary>The classification of one error number and message (an <see cref="SqlException"/> cannot be made outside SqlClient).</summary>
    internal static DbFailure? Classify(int number, string message) => number switch
    {
        DuplicateKeyInIndex or DuplicateKeyInConstraint => new DbFailure(DbFailureKind.Unique, Named(message)),
        ConstraintConflict when message.Contains("CHECK constraint", StringComparison.Ordinal) => new DbFailure(DbFailureKind.Check, Named(message)),
        ConstraintConflict => new DbFailure(DbFailureKind.ForeignKey, Named(message)),
        NullNotAllowed => new DbFailure(DbFailureKind.NotNull),
        TruncatedString or TruncatedStringBefore2019 => new DbFailure(DbFailureKind.TooLong),
        AuditUpdateRefused or AuditDeleteRefused => new DbFailure(DbFailureKind.AppendOnly),
        LockTimeout or DeadlockVictim or ClientTimeout or WriteLockTimeout => new DbFailure(DbFailureKind.Busy),
        _ => null,
    };

    private static string? Named(string message) => ConstraintName().Match(message) is { Success: true } match ? match.Groups["name"].Value : null;

    // "... unique index 'IX_X'.", "... UNIQUE KEY constraint 'UQ_X'.", "... the CHECK constraint "CK_X". ..."
    [GeneratedRegex("""(?:index|constraint) ['"](?<name>[^'"]+)['"]""")]
    private static partial Regex ConstraintName();
}
