using System.Globalization;
using AfterSalesDesk.Data;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Web.Features.Reports;

/// <summary>
/// Lets one export's connection read the database file through memory mapping (SQLite's <c>mmap_size</c>),
/// for as long as the export lasts. The connection is opened here and kept open, so that every read of the
/// export uses it; afterwards the mapping is switched off again before the connection goes back to the
/// pool, so that no other request inherits it. See <see cref="ReportOptions.MemoryMapMegabytes"/>.
/// </summary>
internal sealed class MappedReads : IAsyncDisposable
{
    private readonly AppDbContext db;

    private MappedReads(AppDbContext db) => this.db = db;

    /// <summary>
    /// Opens the context's connection and maps up to <paramref name="megabytes"/> of the file (0: nothing, and nothing
    /// to undo). SQLite only: a server database has its own buffer cache, and nothing to map.
    /// </summary>
    public static async Task<MappedReads?> StartAsync(AppDbContext db, int megabytes, CancellationToken cancellationToken)
    {
        if (megabytes <= 0 || !db.Database.IsSqlite())
        {
            return null;
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await SetAsync(db, megabytes * 1024L * 1024L, cancellationToken);
        }
        catch
        {
            await db.Database.CloseConnectionAsync();
            throw;
        }

        return new MappedReads(db);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await SetAsync(db, 0, CancellationToken.None);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task SetAsync(AppDbContext db, long bytes, CancellationToken cancellationToken)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA mmap_size = {bytes};");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
