using System.Diagnostics;
using AfterSalesDesk.Data.Orders;
using Microsoft.Data.Sqlite;

namespace AfterSalesDesk.Data.Seeding;

/// <summary>What to generate. Everything is derived from <see cref="Seed"/> and the time window: the same options give the same data.</summary>
public sealed record GeneratorOptions
{
    public required int Orders { get; init; }

    public int Seed { get; init; } = 42;

    /// <summary>Use these merchants; when empty, <see cref="NewMerchants"/> merchants are created.</summary>
    public IReadOnlyList<int> MerchantIds { get; init; } = [];

    public int NewMerchants { get; init; } = 20;

    public int ProductsPerMerchant { get; init; } = 8;

    /// <summary>0 means one customer per ten orders (at least 50).</summary>
    public int Customers { get; init; }

    public DateTimeOffset Start { get; init; } = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Nothing happens after this moment: order states are limited to what could have happened by then.</summary>
    public DateTimeOffset End { get; init; } = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public int BatchSize { get; init; } = 20_000;
}

public sealed record GeneratorReport(int Merchants, int Products, int Customers, int Orders, int Lines, int Payments, int Shipments, TimeSpan Elapsed)
{
    public override string ToString() =>
        $"{Orders:N0} orders ({Lines:N0} lines, {Payments:N0} payments, {Shipments:N0} shipments) for {Customers:N0} customers "
        + $"at {Merchants:N0} merchants with {Products:N0} products in {Elapsed.TotalSeconds:N1} s";
}

/// <summary>
/// Fills a database with orders in every life-cycle state, fast and deterministically: prepared
/// statements in large transactions, bypassing change tracking. It writes only into an order-free
/// database, and the caller records one audit entry for the whole import.
/// </summary>
public static class OrderDataGenerator
{
    private static readonly (OrderStatus Status, int Weight)[] StatusWeights =
    [
        (OrderStatus.Created, 8), (OrderStatus.Paid, 10), (OrderStatus.Shipped, 17), (OrderStatus.Delivered, 25), (OrderStatus.Completed, 40),
    ];

    private static readonly string[] PaymentMethods = Enum.GetNames<PaymentMethod>();

    public static async Task<GeneratorReport> GenerateAsync(string connectionString, GeneratorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Orders);
        if (options.End <= options.Start)
        {
            throw new ArgumentException("End must be after Start.", nameof(options));
        }

        var watch = Stopwatch.StartNew();
        var random = new Random(options.Seed);
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        if (await ScalarAsync(connection, "SELECT COUNT(*) FROM Orders") > 0)
        {
            throw new InvalidOperationException("The database already has orders; the generator fills only an order-free database.");
        }

        var createdAt = options.Start.UtcTicks;
        var merchants = await MerchantsAsync(connection, options, createdAt, cancellationToken);
        var products = await ProductsAsync(connection, options, merchants, random, createdAt, cancellationToken);
        var customerCount = options.Customers > 0 ? options.Customers : Math.Max(50, options.Orders / 10);
        var firstCustomer = await CustomersAsync(connection, customerCount, random, createdAt, cancellationToken);
        var counts = await OrdersAsync(connection, options, merchants, products, firstCustomer, customerCount, random, cancellationToken);
        return new GeneratorReport(merchants.Count, products.Values.Sum(p => p.Count), customerCount, options.Orders,
            counts.Lines, counts.Payments, counts.Shipments, watch.Elapsed);
    }

    private static async Task<List<int>> MerchantsAsync(SqliteConnection connection, GeneratorOptions options, long createdAt, CancellationToken cancellationToken)
    {
        if (options.MerchantIds.Count > 0)
        {
            return [.. options.MerchantIds];
        }

        var next = await ScalarAsync(connection, "SELECT COUNT(*) FROM Merchants") + 1;
        await using var transaction = connection.BeginTransaction();
        await using var insert = Command(connection, transaction,
            "INSERT INTO Merchants (Code, Name, CreatedAt) VALUES ($code, $name, $at) RETURNING Id", "$code", "$name", "$at");
        var ids = new List<int>();
        for (var i = 0; i < options.NewMerchants; i++)
        {
            var name = Catalog.MerchantNames[i % Catalog.MerchantNames.Length];
            insert.Parameters["$code"].Value = $"G{next + i:D4}";
            insert.Parameters["$name"].Value = i < Catalog.MerchantNames.Length ? name : $"{name} #{i / Catalog.MerchantNames.Length + 1}";
            insert.Parameters["$at"].Value = createdAt;
            ids.Add(Convert.ToInt32(await insert.ExecuteScalarAsync(cancellationToken)));
        }

        await transaction.CommitAsync(cancellationToken);
        return ids;
    }

    private sealed record GeneratedProduct(int Id, string Sku, string Name, long PriceMinor);

    private static async Task<Dictionary<int, List<GeneratedProduct>>> ProductsAsync(
        SqliteConnection connection, GeneratorOptions options, List<int> merchants, Random random, long createdAt, CancellationToken cancellationToken)
    {
        await using var transaction = connection.BeginTransaction();
        await using var insert = Command(connection, transaction,
            "INSERT INTO Products (MerchantId, Sku, Name, Category, PriceMinor, Currency, WarrantyMonths, CreatedAt) "
            + "VALUES ($merchant, $sku, $name, $category, $price, 'CNY', $warranty, $at) RETURNING Id",
            "$merchant", "$sku", "$name", "$category", "$price", "$warranty", "$at");
        var result = new Dictionary<int, List<GeneratedProduct>>();
        for (var m = 0; m < merchants.Count; m++)
        {
            // Each merchant sells in one category, so a store's products look like a store's.
            var category = Catalog.Categories[m % Catalog.Categories.Length];
            var list = new List<GeneratedProduct>();
            for (var p = 0; p < options.ProductsPerMerchant; p++)
            {
                var template = category.Products[p % category.Products.Length];
                var price = template.PriceMinor + random.Next(-5, 6) * 100;
                var sku = $"SKU-{merchants[m]}-{p + 1:D3}";
                var name = p < category.Products.Length ? template.Name : $"{template.Name} ({p / category.Products.Length + 1})";
                insert.Parameters["$merchant"].Value = merchants[m];
                insert.Parameters["$sku"].Value = sku;
                insert.Parameters["$name"].Value = name;
                insert.Parameters["$category"].Value = category.Name;
                insert.Parameters["$price"].Value = price;
                insert.Parameters["$warranty"].Value = template.WarrantyMonths;
                insert.Parameters["$at"].Value = createdAt;
                list.Add(new GeneratedProduct(Convert.ToInt32(await insert.ExecuteScalarAsync(cancellationToken)), sku, name, price));
            }

            result[merchants[m]] = list;
        }

        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private static async Task<long> CustomersAsync(SqliteConnection connection, int count, Random random, long createdAt, CancellationToken cancellationToken)
    {
        var first = await ScalarAsync(connection, "SELECT IFNULL(MAX(Id), 0) FROM Customers") + 1;
        await using var transaction = connection.BeginTransaction();
        await using var insert = Command(connection, transaction,
            "INSERT INTO Customers (Id, Code, Name, Phone, City, CreatedAt) VALUES ($id, $code, $name, $phone, $city, $at)",
            "$id", "$code", "$name", "$phone", "$city", "$at");
        for (var i = 0; i < count; i++)
        {
            insert.Parameters["$id"].Value = first + i;
            insert.Parameters["$code"].Value = $"C{first + i:D8}";
            insert.Parameters["$name"].Value = Pick(random, Catalog.Surnames) + Pick(random, Catalog.GivenNames);
            // Stored masked, as the platform shows buyers' phones to agents and merchants.
            insert.Parameters["$phone"].Value = $"1{random.Next(30, 90)}****{random.Next(0, 10_000):D4}";
            insert.Parameters["$city"].Value = Pick(random, Catalog.Cities);
            insert.Parameters["$at"].Value = createdAt;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return first;
    }

    private static async Task<(int Lines, int Payments, int Shipments)> OrdersAsync(
        SqliteConnection connection, GeneratorOptions options, List<int> merchants, Dictionary<int, List<GeneratedProduct>> products,
        long firstCustomer, int customerCount, Random random, CancellationToken cancellationToken)
    {
        var firstOrder = await ScalarAsync(connection, "SELECT IFNULL(MAX(Id), 0) FROM Orders") + 1;
        var firstLine = await ScalarAsync(connection, "SELECT IFNULL(MAX(Id), 0) FROM OrderLines") + 1;
        var span = options.End.UtcTicks - options.Start.UtcTicks;
        int lines = 0, payments = 0, shipments = 0;
        for (var batchStart = 0; batchStart < options.Orders; batchStart += options.BatchSize)
        {
            await using var transaction = connection.BeginTransaction();
            await using var order = Command(connection, transaction,
                "INSERT INTO Orders (Id, OrderNo, MerchantId, CustomerId, Status, Currency, ShippingFeeMinor, CreatedAt, PaidAt, ShippedAt, DeliveredAt, CompletedAt, Version, PaidMinor) "
                + "VALUES ($id, $no, $merchant, $customer, $status, 'CNY', $shipping, $created, $paid, $shipped, $delivered, $completed, $version, $paidMinor)",
                "$id", "$no", "$merchant", "$customer", "$status", "$shipping", "$created", "$paid", "$shipped", "$delivered", "$completed", "$version", "$paidMinor");
            await using var line = Command(connection, transaction,
                "INSERT INTO OrderLines (Id, OrderId, ProductId, Sku, ProductName, Quantity, UnitPriceMinor, DiscountMinor) "
                + "VALUES ($id, $order, $product, $sku, $name, $quantity, $price, $discount)",
                "$id", "$order", "$product", "$sku", "$name", "$quantity", "$price", "$discount");
            await using var payment = Command(connection, transaction,
                "INSERT INTO Payments (OrderId, AmountMinor, Currency, Method, TransactionNo, PaidAt) VALUES ($order, $amount, 'CNY', $method, $txn, $at)",
                "$order", "$amount", "$method", "$txn", "$at");
            await using var shipment = Command(connection, transaction,
                "INSERT INTO Shipments (OrderId, Carrier, TrackingNo, ShippedAt, DeliveredAt) VALUES ($order, $carrier, $tracking, $shipped, $delivered)",
                "$order", "$carrier", "$tracking", "$shipped", "$delivered");

            var batchEnd = Math.Min(options.Orders, batchStart + options.BatchSize);
            for (var i = batchStart; i < batchEnd; i++)
            {
                var id = firstOrder + i;
                var merchant = merchants[random.Next(merchants.Count)];
                var created = options.Start.UtcTicks + span / options.Orders * i + random.NextInt64(0, Math.Max(1, span / options.Orders));
                var (status, paid, shipped, delivered, completed) = LifeCycle(random, created, options.End.UtcTicks);

                long goods = 0;
                var catalog = products[merchant];
                var lineCount = Math.Min(1 + random.Next(3), catalog.Count);
                var picked = new (GeneratedProduct Product, int Quantity, long Discount)[lineCount];
                var first = random.Next(catalog.Count);
                for (var l = 0; l < lineCount; l++)
                {
                    // Distinct products per order: a store puts two of the same item on one line.
                    var product = catalog[(first + l) % catalog.Count];
                    var quantity = random.Next(10) < 7 ? 1 : 1 + random.Next(1, 3);
                    var amount = product.PriceMinor * quantity;
                    var discount = random.Next(5) == 0 ? amount * random.Next(5, 21) / 100 : 0;
                    picked[l] = (product, quantity, discount);
                    goods += amount - discount;
                }

                var shipping = random.Next(10) < 6 ? 0L : random.Next(2) == 0 ? 600L : 1000L;
                order.Parameters["$id"].Value = id;
                order.Parameters["$no"].Value = $"SO{new DateTime(created, DateTimeKind.Utc):yyyyMMdd}{id:D9}";
                order.Parameters["$merchant"].Value = merchant;
                order.Parameters["$customer"].Value = firstCustomer + random.Next(customerCount);
                order.Parameters["$status"].Value = status.ToString();
                order.Parameters["$shipping"].Value = shipping;
                order.Parameters["$created"].Value = created;
                order.Parameters["$paid"].Value = (object?)paid ?? DBNull.Value;
                order.Parameters["$shipped"].Value = (object?)shipped ?? DBNull.Value;
                order.Parameters["$delivered"].Value = (object?)delivered ?? DBNull.Value;
                order.Parameters["$completed"].Value = (object?)completed ?? DBNull.Value;
                order.Parameters["$version"].Value = NextGuid(random).ToString().ToUpperInvariant();
                order.Parameters["$paidMinor"].Value = paid is null ? 0 : goods + shipping;
                await order.ExecuteNonQueryAsync(cancellationToken);

                foreach (var (product, quantity, discount) in picked)
                {
                    line.Parameters["$id"].Value = firstLine + lines;
                    line.Parameters["$order"].Value = id;
                    line.Parameters["$product"].Value = product.Id;
                    line.Parameters["$sku"].Value = product.Sku;
                    line.Parameters["$name"].Value = product.Name;
                    line.Parameters["$quantity"].Value = quantity;
                    line.Parameters["$price"].Value = product.PriceMinor;
                    line.Parameters["$discount"].Value = discount;
                    await line.ExecuteNonQueryAsync(cancellationToken);
                    lines++;
                }

                if (paid is { } paidAt)
                {
                    payment.Parameters["$order"].Value = id;
                    payment.Parameters["$amount"].Value = goods + shipping;
                    payment.Parameters["$method"].Value = Pick(random, PaymentMethods);
                    payment.Parameters["$txn"].Value = $"PAY{options.Seed:D4}{id:D12}";
                    payment.Parameters["$at"].Value = paidAt;
                    await payment.ExecuteNonQueryAsync(cancellationToken);
                    payments++;
                }

                if (shipped is { } shippedAt)
                {
                    shipment.Parameters["$order"].Value = id;
                    shipment.Parameters["$carrier"].Value = Pick(random, Catalog.Carriers);
                    shipment.Parameters["$tracking"].Value = $"{random.NextInt64(100_000_000_000, 999_999_999_999)}";
                    shipment.Parameters["$shipped"].Value = shippedAt;
                    shipment.Parameters["$delivered"].Value = (object?)delivered ?? DBNull.Value;
                    await shipment.ExecuteNonQueryAsync(cancellationToken);
                    shipments++;
                }
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return (lines, payments, shipments);
    }

    /// <summary>
    /// A target state by weight, then the times of each step; an order whose next step would fall
    /// after the end of the window stays in the state it had reached by then.
    /// </summary>
    private static (OrderStatus, long?, long?, long?, long?) LifeCycle(Random random, long created, long end)
    {
        var roll = random.Next(100);
        var target = OrderStatus.Completed;
        foreach (var (status, weight) in StatusWeights)
        {
            if (roll < weight)
            {
                target = status;
                break;
            }

            roll -= weight;
        }

        long? Step(long? from, TimeSpan min, TimeSpan max, OrderStatus needed)
        {
            if (from is null || target < needed)
            {
                return null;
            }

            var at = from.Value + random.NextInt64(min.Ticks, max.Ticks);
            return at <= end ? at : null;
        }

        var paid = Step(created, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(30), OrderStatus.Paid);
        var shipped = Step(paid, TimeSpan.FromHours(2), TimeSpan.FromHours(48), OrderStatus.Shipped);
        var delivered = Step(shipped, TimeSpan.FromDays(1), TimeSpan.FromDays(5), OrderStatus.Delivered);
        var completed = Step(delivered, TimeSpan.FromDays(7), TimeSpan.FromDays(15), OrderStatus.Completed);
        var reached = completed is not null ? OrderStatus.Completed
            : delivered is not null ? OrderStatus.Delivered
            : shipped is not null ? OrderStatus.Shipped
            : paid is not null ? OrderStatus.Paid
            : OrderStatus.Created;
        return (reached, paid, shipped, delivered, completed);
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>A version token from the generator's random stream, so the same seed gives the same rows.</summary>
    internal static Guid NextGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    internal static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    internal static async Task<long> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
