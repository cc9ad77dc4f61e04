using AfterSalesDesk.Web.Features.Reports;
using System.Globalization;
using AfterSalesDesk.Data;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Reports;

/// <summary>An export's connection reads the database file memory-mapped, and gives the connection back to the pool unmapped.</summary>
public class MappedReadsTests(ReportsApp fixture) : IClassFixture<ReportsApp>
{
    private const int Megabytes = 64;

    [Fact]
    public async Task Start_MapsThisConnectionOnly_AndDisposeUnmapsItBeforeThePoolGetsItBack()
    {
        await using var export = fixture.App.CreateDbContext();
        await using (var mapped = await MappedReads.StartAsync(export, Megabytes, CancellationToken.None))
        {
            Assert.NotNull(mapped);
            Assert.Equal(Megabytes * 1024L * 1024L, await CurrentAsync(export));

            // Another request meanwhile gets a connection of its own, with SQLite's default (no mapping).
            await using var other = fixture.App.CreateDbContext();
            Assert.Equal(0, await CurrentAsync(other));
        }

        Assert.Equal(System.Data.ConnectionState.Closed, export.Database.GetDbConnection().State);

        // Every pooled connection, the export's among them, is back to no mapping.
        var contexts = Enumerable.Range(0, 3).Select(_ => fixture.App.CreateDbContext()).ToList();
        try
        {
            foreach (var db in contexts)
            {
                await db.Database.OpenConnectionAsync();
            }

            foreach (var db in contexts)
            {
                Assert.Equal(0, await CurrentAsync(db));
            }
        }
        finally
        {
            foreach (var db in contexts)
            {
                await db.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Start_WithZeroMegabytes_LeavesTheConnectionAlone()
    {
        await using var db = fixture.App.CreateDbContext();

        await using var mapped = await MappedReads.StartAsync(db, 0, CancellationToken.None);

        Assert.Null(mapped);
        Assert.Equal(System.Data.ConnectionState.Closed, db.Database.GetDbConnection().State);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(ReportOptions.MaxMemoryMapMegabytes + 1)]
    public void Validate_AMappingOutOfRange_IsAProblem(int megabytes)
    {
        var problems = new ReportOptions { MemoryMapMegabytes = megabytes }.Validate();

        Assert.Contains(problems, p => p.Contains("Reports:MemoryMapMegabytes", StringComparison.Ordinal));
    }

    /// <summary>The bytes of the file this connection may map now (SQLite's answer, after its own cap).</summary>
    private static async Task<long> CurrentAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA mmap_size;";
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }
}
