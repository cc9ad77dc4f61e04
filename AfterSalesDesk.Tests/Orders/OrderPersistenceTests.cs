using AfterSalesDesk.Data.Customers;
using AfterSalesDesk.Data.Merchants;
using AfterSalesDesk.Data.Orders;
using AfterSalesDesk.Data.Products;
using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Orders;

/// <summary>Orders saved to and read back from real SQLite, and the database's own guards.</summary>
public class OrderPersistenceTests : IDisposable
{
    private readonly TestDatabase database = new();

    public void Dispose() => database.Dispose();

    [Fact]
    public async Task Order_WhenSavedThroughItsLifeCycle_ReadsBackWithLinesPaymentAndShipment()
    {
        var ids = await SeedStoreAsync();
        var order = new OrderBuilder().For(ids.Merchant, ids.Customer, ids.Product).WithShipping(1000).Build();
        await using (var db = database.CreateContext("order.place"))
        {
            db.Orders.Add(order);
            await db.SaveChangesAsync();
        }

        await using (var db = database.CreateContext("order.pay"))
        {
            var loaded = await db.Orders.Include(o => o.Lines).SingleAsync();
            loaded.Pay(loaded.AmountDue, PaymentMethod.WeChatPay, "WX-1", OrderBuilder.Placed.AddMinutes(3));
            loaded.Ship("SF Express", "SF0001", OrderBuilder.Placed.AddHours(5));
            await db.SaveChangesAsync();
        }

        await using var read = database.CreateContext();
        var saved = await read.Orders.Include(o => o.Lines).Include(o => o.Payments).Include(o => o.Shipments).SingleAsync();
        Assert.Equal(OrderStatus.Shipped, saved.Status);
        Assert.Equal(Money.Cny(2 * 1990 + 1000), saved.AmountDue);
        Assert.Equal(saved.AmountDue, Assert.Single(saved.Payments).Amount);
        Assert.Equal("SF0001", Assert.Single(saved.Shipments).TrackingNo);
        Assert.Equal(OrderBuilder.Placed.AddMinutes(3), saved.PaidAt);
    }

    [Fact]
    public async Task Order_WhenTwoEditorsSaveTheSameVersion_TheSecondIsRefused()
    {
        var ids = await SeedStoreAsync();
        await using (var db = database.CreateContext("order.place"))
        {
            db.Orders.Add(new OrderBuilder().For(ids.Merchant, ids.Customer, ids.Product).Build());
            await db.SaveChangesAsync();
        }

        await using var first = database.CreateContext("order.pay");
        await using var second = database.CreateContext("order.pay");
        var a = await first.Orders.Include(o => o.Lines).SingleAsync();
        var b = await second.Orders.Include(o => o.Lines).SingleAsync();
        a.Pay(a.AmountDue, PaymentMethod.Alipay, "A-1", OrderBuilder.Placed);
        b.Pay(b.AmountDue, PaymentMethod.Alipay, "B-1", OrderBuilder.Placed);
        await first.SaveChangesAsync();

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
        Assert.Equal(1, await database.ScalarAsync("SELECT COUNT(*) FROM Payments"));
    }

    [Theory]
    [InlineData("UPDATE OrderLines SET Quantity = 0")]
    [InlineData("UPDATE OrderLines SET DiscountMinor = UnitPriceMinor * Quantity + 1")]
    [InlineData("UPDATE Orders SET Status = 'Lost'")]
    [InlineData("UPDATE Orders SET ShippingFeeMinor = -1")]
    [InlineData("UPDATE Products SET PriceMinor = -100")]
    public async Task Database_WhenRawSqlBreaksAnInvariant_RefusesIt(string sql)
    {
        var ids = await SeedStoreAsync();
        await using (var db = database.CreateContext("order.place"))
        {
            db.Orders.Add(new OrderBuilder().For(ids.Merchant, ids.Customer, ids.Product).Build());
            await db.SaveChangesAsync();
        }

        var error = await Assert.ThrowsAsync<SqliteException>(() => database.ExecuteAsync(sql));

        Assert.Contains("CHECK constraint failed", error.Message);
    }

    private async Task<(int Merchant, long Customer, int Product)> SeedStoreAsync()
    {
        await using var db = database.CreateContext("test.seed");
        var merchant = new Merchant("T001", "Test Store", OrderBuilder.Placed);
        var customer = new Customer("C1", "王芳", "138****0000", "上海", OrderBuilder.Placed);
        db.AddRange(merchant, customer);
        await db.SaveChangesAsync();
        var product = new Product(merchant.Id, "SKU-A", "Earbuds", "Electronics", Money.Cny(1990), 12, OrderBuilder.Placed);
        db.Add(product);
        await db.SaveChangesAsync();
        return (merchant.Id, customer.Id, product.Id);
    }
}
