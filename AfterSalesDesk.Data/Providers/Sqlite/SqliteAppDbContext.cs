using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AfterSalesDesk.Data.Providers.Sqlite;

/// <summary>
/// The app's database on SQLite, the embedded default: the same model, its own migrations and snapshot
/// (Migrations/Sqlite). Its first fourteen migrations were written by hand before there were other providers;
/// only their ids are recorded in a database, so existing files upgrade in place (decision 0020).
/// </summary>
public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options);

/// <summary>For dotnet-ef: builds the model for SQLite without touching any database file.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
