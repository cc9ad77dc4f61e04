using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AfterSalesDesk.Data.Providers.PostgreSql;

/// <summary>The app's database on PostgreSQL: the same model, its own migrations (Migrations/PostgreSql) and snapshot.</summary>
public sealed class PostgreSqlAppDbContext(DbContextOptions<PostgreSqlAppDbContext> options) : AppDbContext(options);

/// <summary>For dotnet-ef: builds the model for PostgreSQL without a server (migrations are generated from the model alone).</summary>
internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlAppDbContext>
{
    public PostgreSqlAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlAppDbContext>().UseNpgsql("Host=localhost;Database=aftersales").Options);
}
