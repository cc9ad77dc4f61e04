using AfterSalesDesk.Data.Orders;
using AfterSalesDesk.Data.Providers;
using AfterSalesDesk.Data.Seeding;
using AfterSalesDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Seeding;

public class OrderDataGeneratorTests
{
    private static readonly GeneratorOptions Small = new() { Orders = 2_000, Seed = 7, NewMerchants = 6, BatchSize = 700 };

    [Fact]
    public async Task Generate_WithTheSameSeed_WritesTheSameData()
    {
        using var first = new TestDatabase();
        using var second = new TestDatabase();

        await OrderDataGenerator.GenerateAsync(DatabaseProvider.Sqlite, first.ConnectionString, Small);
        await OrderDataGenerator.GenerateAsync(DatabaseProvider.Sqlite, second.ConnectionString, Small);

        foreach (var sql in Fingerprints)
        {
            Assert.Equal(await first.ScalarAsync(sql), await second.ScalarAsync(sql));
        }
    }

    [Fact]
    public async Task Generate_WithAnotherSeed_WritesOtherData()
    {
        using var first = new TestDatabase();
        using var second = new TestDatabase();

        await OrderDataGenerator.GenerateAsync(DatabaseProvider.Sqlite, first.ConnectionString, Small);
        await OrderDataGenerator.GenerateAsync(DatabaseProvider.Sqlite, second.ConnectionString, Small with { Seed = 8 });

        Assert.NotEqual(await first.ScalarAsync(Fingerprints[0]), await second.ScalarAsync(Fingerprints[0]));
    }

    [Fact]
    public async Task Generate_WritesEveryLifeCycleStateConsistently()
    {
        using var database = new TestDatabase();

        var report = await OrderDataGenerator.GenerateAsync(DatabaseProvider.Sqlite, database.ConnectionString, Small);

        Assert.Equal(2_000, report.Orders);
        await using var db = database.CreateContext();
        var byStatus = await db.Orders.GroupBy(o => o.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        Assert.Equal(Enum.GetValues<OrderStatus>().Order(), byStatus.Select(s => s.Key).Order());
        Assert.All(byStatus, s => Assert.True(s.Count > 50, $"{s.Key}: {s.Count}"));

        // Paid orders have exactly one payment covering what is due; shipped ones exactly one shipment.
        Assert.Equal(0, await database.ScalarAsync("""
            SELECT COUNT(*) FROM Orders o
            WHERE (o.Status <> 'Created') <> EXISTS (SELECT 1 FROM Payments p WHERE p.OrderId = o.Id)
               OR (o.Status IN ('Shipped', 'Delivered', 'Completed')) <> EXISTS (SELECT 1 FROM Shipments s WHERE s.OrderId = o.Id)
               OR (o.PaidAt IS NULL) <> (o.Status = 'Created')
            """));
        Assert.Equal(0, await database.ScalarAsync("""
            SELECT COUNT(*) FROM Payments p JOIN Orders o ON o.Id = p.OrderId
            WHERE p.AmountMinor <> o.ShippingFeeMinor
                + (SELECT SUM(l.UnitPriceMinor * l.Quantity - l.DiscountMinor) FROM OrderLines l WHERE l.OrderId = o.Id)
            """));
        Assert.Equal(0, await database.ScalarAsync("""
            SELECT COUNT(*) FROM Orders WHERE PaidAt < CreatedAt OR ShippedAt < PaidAt OR DeliveredAt < ShippedAt OR CompletedAt < DeliveredAt
            """));

        // Loaded through the model, a generated order obeys the same rules as one placed in the app.
        var sample = await db.Orders.Include(o => o.Lines).Include(o => o.Payments).Where(o => o.Status == OrderStatus.Completed).FirstAsync();
        Assert.Equal(sample.AmountDue, sample.Payments.Single().Amount);
    }

    [Fact]
    public async Task Generate_WhenOrdersExist_RefusesAndAddsNothing()
    {
        using var database = new TestDatabase();
        await OrderDataGenerator.GenerateAsync(DatabaseProvider.Sqlite, database.ConnectionString, Small with { Orders = 10 });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => OrderDataGenerator.GenerateAsync(DatabaseProvider.Sqlite, database.ConnectionString, Small));

        Assert.Contains("already has orders", error.Message);
        Assert.Equal(10, await database.ScalarAsync("SELECT COUNT(*) FROM Orders"));
    }

    [Fact]
    public async Task Generate_OnSqlServer_RefusesWithWhatIsMissing()
    {
        var error = await Assert.ThrowsAsync<NotSupportedException>(() =>
            OrderDataGenerator.GenerateAsync(DatabaseProvider.SqlServer, "Server=nowhere;Database=none", Small));

        Assert.Contains("SQL Server", error.Message);
        Assert.Contains("SQLite or PostgreSQL", error.Message);
    }

    private static readonly string[] Fingerprints =
    [
        "SELECT SUM(Id * 31 + MerchantId * 17 + CustomerId * 7 + ShippingFeeMinor + CreatedAt % 1000003 + length(Status) + unicode(substr(Version, 1, 1))) FROM Orders",
        "SELECT SUM(OrderId * 13 + ProductId * 5 + Quantity * UnitPriceMinor - DiscountMinor) FROM OrderLines",
        "SELECT SUM(AmountMinor + length(Method)) FROM Payments",
        "SELECT SUM(ShippedAt % 1000003 + length(Carrier) + CAST(substr(TrackingNo, 1, 6) AS INTEGER)) FROM Shipments",
        "SELECT SUM(Id + unicode(Name) + length(City)) FROM Customers",
    ];
}
