using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Providers.Sqlite;
using AfterSalesDesk.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Data;

/// <summary>
/// Migrations are written by hand (no EF design tools here), so this guards them: the schema the
/// migrations build must equal the schema the model describes, table by table, column by column,
/// index by index, foreign key by foreign key.
/// </summary>
public class SchemaDriftTests
{
    [Fact]
    public async Task Migrations_WhenApplied_MatchTheModel()
    {
        using var folder = new TempDirectory();
        var migrated = await DescribeAsync(Path.Combine(folder.Path, "migrated.db"), db => db.Database.MigrateAsync());
        var modelled = await DescribeAsync(Path.Combine(folder.Path, "modelled.db"), db => db.Database.EnsureCreatedAsync());

        Assert.NotEmpty(modelled);
        var missing = modelled.Except(migrated).ToList();
        var extra = migrated.Except(modelled).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            "Migrations drift from the model.\nIn the model but not migrated:\n  " + string.Join("\n  ", missing)
            + "\nMigrated but not in the model:\n  " + string.Join("\n  ", extra));
    }

    [Fact]
    public async Task Migrations_WhenAppliedTwice_ChangeNothing()
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "twice.db");
        var first = await DescribeAsync(path, db => db.Database.MigrateAsync());

        var second = await DescribeAsync(path, db => db.Database.MigrateAsync());

        Assert.Equal(first, second);
    }

    /// <summary>Each <c>CONSTRAINT "CK_..." CHECK (...)</c> in a table's SQL, up to its balancing parenthesis.</summary>
    internal static IEnumerable<string> CheckConstraints(string tableSql)
    {
        const string Start = "CONSTRAINT \"CK_";
        for (var at = tableSql.IndexOf(Start, StringComparison.Ordinal); at >= 0; at = tableSql.IndexOf(Start, at + 1, StringComparison.Ordinal))
        {
            var open = tableSql.IndexOf('(', at);
            var depth = 0;
            var end = open;
            for (; end < tableSql.Length; end++)
            {
                depth += tableSql[end] switch { '(' => 1, ')' => -1, _ => 0 };
                if (depth == 0)
                {
                    break;
                }
            }

            yield return tableSql[at..(end + 1)];
        }
    }

    private static async Task<List<string>> DescribeAsync(string path, Func<AppDbContext, Task> build)
    {
        var options = new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={path}").Options;
        await using (var db = new SqliteAppDbContext(options))
        {
            await build(db);
        }

        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        var facts = new List<string>();
        foreach (var table in await ListAsync(connection,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__EF%' ORDER BY name"))
        {
            facts.Add($"table {table}");
            facts.AddRange((await ListAsync(connection, $"SELECT name || ' ' || upper(type) || ' notnull=' || \"notnull\" || ' pk=' || pk || ' default=' || ifnull(dflt_value, '-') FROM pragma_table_info('{table}')"))
                .Select(c => $"column {table}.{c}"));
            var tableSql = (await ListAsync(connection, $"SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '{table}'")).Single();
            // CHECK constraints live only in the table's SQL: on their own line where EF created the table,
            // after the column where a migration added one with ALTER TABLE. Either way the same constraint.
            facts.AddRange(CheckConstraints(tableSql).Select(check => $"check {table}: {check}"));
            facts.AddRange((await ListAsync(connection, $"SELECT \"from\" || ' -> ' || \"table\" || '.' || \"to\" || ' on delete ' || on_delete FROM pragma_foreign_key_list('{table}')"))
                .Select(f => $"fk {table}.{f}"));
            foreach (var index in await ListAsync(connection, $"SELECT name || '|' || \"unique\" || '|' || partial FROM pragma_index_list('{table}') WHERE origin = 'c'"))
            {
                var parts = index.Split('|');
                var columns = await ListAsync(connection, $"SELECT name FROM pragma_index_info('{parts[0]}') ORDER BY seqno");
                facts.Add($"index {table}.{parts[0]} unique={parts[1]} partial={parts[2]} ({string.Join(", ", columns)})");
            }
        }

        // Triggers are not compared: the model cannot describe them, so migrations add them as raw SQL
        // and behaviour tests prove them (e.g. that the database refuses an UPDATE of an audit entry).
        facts.Sort(StringComparer.Ordinal);
        return facts;
    }

    private static async Task<List<string>> ListAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
