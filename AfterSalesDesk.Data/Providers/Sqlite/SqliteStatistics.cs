using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace AfterSalesDesk.Data.Providers.Sqlite;

/// <summary>
/// SQLite's planner statistics (sqlite_stat1) after a migration. A database that has them (ANALYZE ran: the data generator
/// runs it) has none for the indexes a later migration adds, and SQLite then weighs such an index by its defaults, as if it
/// were very selective: after issue 16's indexes, the unassigned queue filtered by kind and status walked the new
/// (kind, priority, updated) index and read a quarter of a million rows (2 s instead of 10 ms at 1,000,000 cases).
/// </summary>
public static class SqliteStatistics
{
    /// <summary>
    /// Runs ANALYZE on each table that has statistics but an index without them, and returns those tables. A database
    /// that was never analyzed is left as it is (SQLite's defaults then apply to every index alike).
    /// </summary>
    public static async Task<IReadOnlyList<string>> AnalyzeTablesWithNewIndexesAsync(DatabaseFacade database, CancellationToken cancellationToken = default)
    {
        var hasStatistics = await database.SqlQueryRaw<long>(
            "SELECT count(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'").SingleAsync(cancellationToken) > 0;
        if (!hasStatistics)
        {
            return [];
        }

        var tables = await database.SqlQueryRaw<string>("""
            SELECT DISTINCT m.tbl_name AS "Value"
            FROM sqlite_master AS m
            WHERE m.type = 'index' AND m.sql IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM sqlite_stat1 AS s WHERE s.idx = m.name)
              AND EXISTS (SELECT 1 FROM sqlite_stat1 AS s WHERE s.tbl = m.tbl_name)
            ORDER BY m.tbl_name
            """).ToListAsync(cancellationToken);
        foreach (var table in tables)
        {
            // A table name cannot be a parameter; it comes from sqlite_master and is quoted as an identifier.
            var analyze = "ANALYZE \"" + table.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            await database.ExecuteSqlRawAsync(analyze, cancellationToken);
        }

        return tables;
    }
}
