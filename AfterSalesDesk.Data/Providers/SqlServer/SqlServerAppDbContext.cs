using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AfterSalesDesk.Data.Providers.SqlServer;

/// <summary>The app's database on SQL Server: the same model, its own migrations (Migrations/SqlServer) and snapshot.</summary>
public sealed class SqlServerAppDbContext(DbContextOptions<SqlServerAppDbContext> options) : AppDbContext(options);

/// <summary>For dotnet-ef: builds the model for SQL Server without a server (none can run here; see the README).</summary>
internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerAppDbContext>
{
    public SqlServerAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerAppDbContext>().UseSqlServer("Server=localhost;Database=AfterSales;Integrated Security=true;TrustServerCertificate=true").Options);
}
