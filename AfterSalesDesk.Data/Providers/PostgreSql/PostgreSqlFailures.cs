using Npgsql;

namespace AfterSalesDesk.Data.Providers.PostgreSql;

/// <summary>PostgreSQL's refusals as <see cref="DbFailure"/>s, by SQLSTATE; the server names the constraint itself.</summary>
internal static class PostgreSqlFailures
{
    // https://www.postgresql.org/docs/current/errcodes-appendix.html
    private const string UniqueViolation = "23505", CheckViolation = "23514", ForeignKeyViolation = "23503",
        NotNullViolation = "23502", StringTooLong = "22001", RaisedByTrigger = "P0001",
        LockNotAvailable = "55P03", Deadlock = "40P01", QueryCanceled = "57014";

    public static DbFailure? Classify(Exception exception)
    {
        if (exception is PostgresException postgres)
        {
            return postgres.SqlState switch
            {
                UniqueViolation => new DbFailure(DbFailureKind.Unique, postgres.ConstraintName),
                CheckViolation => new DbFailure(DbFailureKind.Check, postgres.ConstraintName),
                ForeignKeyViolation => new DbFailure(DbFailureKind.ForeignKey, postgres.ConstraintName),
                NotNullViolation => new DbFailure(DbFailureKind.NotNull, postgres.ColumnName),
                StringTooLong => new DbFailure(DbFailureKind.TooLong, postgres.ColumnName),
                RaisedByTrigger when postgres.MessageText.Contains("append-only", StringComparison.Ordinal) => new DbFailure(DbFailureKind.AppendOnly),
                LockNotAvailable or Deadlock or QueryCanceled => new DbFailure(DbFailureKind.Busy),
                _ => null,
            };
        }

        // Every pooled connection in use past the pool's wait: the database is as busy as a held lock.
        return exception is NpgsqlException { InnerException: TimeoutException } ? new DbFailure(DbFailureKind.Busy) : null;
    }
}
