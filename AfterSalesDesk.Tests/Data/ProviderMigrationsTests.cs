using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Providers.PostgreSql;
using AfterSalesDesk.Data.Providers.Sqlite;
using AfterSalesDesk.Data.Providers.SqlServer;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Data;

/// <summary>
/// One model, one set of migrations per provider (decision 0020): each provider's migrations and snapshot carry
/// the model as that provider builds it. Compared without a connection, so SQL Server is checked here too.
/// </summary>
public sealed class ProviderMigrationsTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    [InlineData("SqlServer")]
    public void Migrations_CarryEveryModelChange(string provider)
    {
        using AppDbContext db = provider switch
        {
            "Sqlite" => new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=:memory:").Options),
            "PostgreSql" => new PostgreSqlAppDbContext(new DbContextOptionsBuilder<PostgreSqlAppDbContext>().UseNpgsql("Host=nowhere;Database=aftersales").Options),
            _ => new SqlServerAppDbContext(new DbContextOptionsBuilder<SqlServerAppDbContext>().UseSqlServer("Server=nowhere;Database=AfterSales").Options),
        };

        Assert.False(db.Database.HasPendingModelChanges(),
            $"The {provider} model has changes that no migration carries: add a migration with dotnet-ef --context {db.GetType().Name} (see the README).");
    }
}
