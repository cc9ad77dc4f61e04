using Microsoft.EntityFrameworkCore.Metadata;

namespace AfterSalesDesk.Data.Providers;

/// <summary>What kind of rule the database enforced when it refused a statement.</summary>
public enum DbFailureKind
{
    /// <summary>A unique index or key: the row would duplicate another.</summary>
    Unique,

    /// <summary>A CHECK constraint.</summary>
    Check,

    /// <summary>A foreign key: the row points at nothing, or something still points at it.</summary>
    ForeignKey,

    /// <summary>A NOT NULL column.</summary>
    NotNull,

    /// <summary>A text longer than its column.</summary>
    TooLong,

    /// <summary>The audit trail refused an UPDATE or DELETE (decision 0007).</summary>
    AppendOnly,

    /// <summary>Another writer held the database past the wait, or the two deadlocked; nothing was changed.</summary>
    Busy,
}

/// <summary>
/// A database refusal as the app's code sees it, the same on every provider: the kind of rule and, where the
/// database names it, the constraint or index (as the model names it: <c>IX_…</c>, <c>CK_…</c>). Services match
/// on <see cref="Constraint"/> against the names the configurations declare and answer with their own readable
/// message; no service reads a provider's error codes or texts (decision 0020).
/// </summary>
public sealed record DbFailure(DbFailureKind Kind, string? Constraint = null)
{
    /// <summary>
    /// The refusal in <paramref name="exception"/> or any exception it wraps (EF wraps the provider's), or null
    /// when it is not one the database made. <paramref name="model"/> names SQLite's unique violations, which
    /// give the columns rather than the index.
    /// </summary>
    public static DbFailure? Of(Exception exception, IModel? model = null)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is DatabaseBusyException)
            {
                return new DbFailure(DbFailureKind.Busy);
            }

            var failure = Sqlite.SqliteFailures.Classify(current, model)
                ?? PostgreSql.PostgreSqlFailures.Classify(current)
                ?? SqlServer.SqlServerFailures.Classify(current);
            if (failure is not null)
            {
                return failure;
            }
        }

        return null;
    }

    /// <summary>True when the failure is <paramref name="kind"/> of the named constraint.</summary>
    public bool Is(DbFailureKind kind, string constraint) =>
        Kind == kind && string.Equals(Constraint, constraint, StringComparison.Ordinal);
}
