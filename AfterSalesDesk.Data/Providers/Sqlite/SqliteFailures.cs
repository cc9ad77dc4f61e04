using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace AfterSalesDesk.Data.Providers.Sqlite;

/// <summary>SQLite's refusals as <see cref="DbFailure"/>s: its result codes, and the constraint its message names.</summary>
internal static class SqliteFailures
{
    // https://www.sqlite.org/rescode.html
    private const int Busy = 5, Locked = 6, Constraint = 19;
    private const int ConstraintCheck = 275, ConstraintForeignKey = 787, ConstraintNotNull = 1299,
        ConstraintPrimaryKey = 1555, ConstraintTrigger = 1811, ConstraintUnique = 2067;

    public static DbFailure? Classify(Exception exception, IModel? model)
    {
        if (exception is not SqliteException sqlite)
        {
            return null;
        }

        if (sqlite.SqliteErrorCode is Busy or Locked)
        {
            return new DbFailure(DbFailureKind.Busy);
        }

        if (sqlite.SqliteErrorCode != Constraint)
        {
            return null;
        }

        // The message reads "SQLite Error 19: 'UNIQUE constraint failed: Table.A, Table.B'." (or "... failed: index 'IX_…'"
        // for an index on expressions, "CHECK constraint failed: CK_…", the trigger's own text for RAISE(ABORT, …)).
        var detail = Detail(sqlite.Message);
        return sqlite.SqliteExtendedErrorCode switch
        {
            ConstraintUnique or ConstraintPrimaryKey => new DbFailure(DbFailureKind.Unique, UniqueIndex(detail, model)),
            ConstraintCheck => new DbFailure(DbFailureKind.Check, detail),
            ConstraintForeignKey => new DbFailure(DbFailureKind.ForeignKey),
            ConstraintNotNull => new DbFailure(DbFailureKind.NotNull, detail),
            ConstraintTrigger when detail?.Contains("append-only", StringComparison.Ordinal) == true => new DbFailure(DbFailureKind.AppendOnly, detail),
            _ => null,
        };
    }

    /// <summary>What follows "constraint failed: " in the message, without the quotes around it.</summary>
    private static string? Detail(string message)
    {
        const string failed = "constraint failed: ";
        var start = message.IndexOf(failed, StringComparison.Ordinal);
        if (start < 0)
        {
            // RAISE(ABORT, 'text') gives just the text: "SQLite Error 19: 'text'."
            var quote = message.IndexOf('\'');
            var end = message.LastIndexOf('\'');
            return quote >= 0 && end > quote ? message[(quote + 1)..end] : null;
        }

        var detail = message[(start + failed.Length)..];
        var close = detail.LastIndexOf('\'');
        return (close >= 0 ? detail[..close] : detail).Trim();
    }

    /// <summary>The model's name for the unique index over the columns the message lists ("Table.A, Table.B").</summary>
    private static string? UniqueIndex(string? detail, IModel? model)
    {
        if (detail is null)
        {
            return null;
        }

        if (detail.StartsWith("index '", StringComparison.Ordinal))
        {
            return detail["index '".Length..].TrimEnd('\'');
        }

        var columns = detail.Split(", ");
        var table = columns[0].Split('.')[0];
        var names = columns.Select(c => c[(c.IndexOf('.') + 1)..]).ToList();
        var entities = model?.GetEntityTypes().Where(e => e.GetTableName() == table).ToList() ?? [];
        foreach (var entity in entities)
        {
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            var index = entity.GetIndexes().FirstOrDefault(i => i.IsUnique && i.Properties.Select(p => p.GetColumnName(store)).SequenceEqual(names));
            if (index is not null)
            {
                return index.GetDatabaseName(store);
            }

            if (entity.FindPrimaryKey() is { } key && key.Properties.Select(p => p.GetColumnName(store)).SequenceEqual(names))
            {
                return key.GetName(store);
            }
        }

        return detail;
    }
}
