namespace AfterSalesDesk.Tests.TestSupport;

/// <summary>
/// A test class's own empty database on the run's throwaway PostgreSQL server (<c>IClassFixture&lt;PostgresDatabase&gt;</c>),
/// dropped when the class is done. Fails, never skips, when PostgreSQL is not installed.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = default!;

    public async Task InitializeAsync() => ConnectionString = await PostgresServer.Shared.CreateDatabaseAsync();

    public async Task DisposeAsync()
    {
        if (ConnectionString is not null)
        {
            await PostgresServer.Shared.DropDatabaseAsync(ConnectionString);
        }
    }
}
