using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Data.Providers;

/// <summary>The app's code asks for <see cref="AppDbContext"/>; this hands it the configured provider's context.</summary>
internal sealed class ProviderContextFactory<TContext>(IDbContextFactory<TContext> factory) : IDbContextFactory<AppDbContext>
    where TContext : AppDbContext
{
    public AppDbContext CreateDbContext() => factory.CreateDbContext();

    public async Task<AppDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await factory.CreateDbContextAsync(cancellationToken);
}
