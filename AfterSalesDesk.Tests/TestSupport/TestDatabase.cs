using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Providers.Sqlite;
using AfterSalesDesk.Data.Audit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.TestSupport;

/// <summary>A migrated SQLite file of its own, for data-layer tests that need no web app.</summary>
public sealed class TestDatabase : IDisposable
{
    private readonly TempDirectory folder = new();

    public TestDatabase()
    {
        Path = System.IO.Path.Combine(folder.Path, "test.db");
        ConnectionString = $"Data Source={Path};Foreign Keys=True;Default Timeout=30";
        using var db = CreateContext();
        db.Database.OpenConnection();
        db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
        db.Database.Migrate();
    }

    public string Path { get; }

    public string ConnectionString { get; }

    public FakeTimeProvider Clock { get; } = new();

    public AppDbContext CreateContext() =>
        new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite(ConnectionString).Options);

    /// <summary>A context that may save changes, as the given actor doing the given command.</summary>
    public AppDbContext CreateContext(string action, AuditActor? actor = null) =>
        CreateContext().AuditAs(actor ?? new AuditActor("u-1", "tester@test.local", "Admin", "127.0.0.1"), action, Clock);

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public void Dispose() => folder.Dispose();
}
