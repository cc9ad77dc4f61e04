using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AfterSalesDesk.Data.Providers.Sqlite;

/// <summary>
/// The app's database on SQLite, the embedded default: the same model, its own migrations and snapshot
/// (Migrations/Sqlite). Its first fourteen migrations were written by hand before there were other providers;
/// only their ids are recorded in a database, so existing files upgrade in place (decision 0020).
/// </summary>
public sealed class SqliteAppDbContext : AppDbContext
{
    public SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options)
        : base(options)
    {
        // Every save is a transaction, even of one unaudited row (an Idempotency-Key claim, a new sign-in session), so every
        // write takes its turn at the write gate (WriteGate). EF would send a lone INSERT without one, and it then met
        // SQLite's lock outside the gate's queue and polled it with growing sleeps while the queued writers kept taking
        // it: with 16 storefront clients, half the request threads sat in that poll (docs/benchmarks.md). PostgreSQL and
        // SQL Server let such a row in beside a writer, so there it would only wait for nothing (measured: 14 % slower).
        Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
    }
}

/// <summary>For dotnet-ef: builds the model for SQLite without touching any database file.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
