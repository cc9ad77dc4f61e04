using System.Diagnostics;
using AfterSalesDesk.Data.Customers;
using AfterSalesDesk.Data.Orders;
using AfterSalesDesk.Data.Providers;

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

    /// <summary>
    /// The buyers' behaviour for the risk benchmark: abusive buyers with known patterns among ordinary ones with their
    /// noise (<see cref="BuyerMixOptions"/>). Null: the buyers of before, so that the orders of a seed stay what they were
    /// (every buyer still gets a delivery address).
    /// </summary>
    public BuyerMixOptions? Mix { get; init; }
}

public sealed record GeneratorReport(int Merchants, int Products, int Customers, int Orders, int Lines, int Payments, int Shipments, TimeSpan Elapsed)
{
    /// <summary>With a <see cref="GeneratorOptions.Mix"/>: the abusive buyers (the labels) and their planned claims, for the case generator.</summary>
    public GeneratedBuyers? Buyers { get; init; }

    public override string ToString() =>
        $"{Orders:N0} orders ({Lines:N0} lines, {Payments:N0} payments, {Shipments:N0} shipments) for {Customers:N0} customers "
        + $"at {Merchants:N0} merchants with {Products:N0} products in {Elapsed.TotalSeconds:N1} s"
        + (Buyers is null ? "" : $"; {Buyers}");
}

/// <summary>
/// Fills a database with orders in every life-cycle state, fast and deterministically: large
/// transactions through the provider's bulk writer (<see cref="IBulkWriter"/>), bypassing change
/// tracking, the same rows on every provider. It writes only into an order-free database, and the
/// caller records one audit entry for the whole import.
/// </summary>
public static class OrderDataGenerator
{
    private static readonly (OrderStatus Status, int Weight)[] StatusWeights =
    [
        (OrderStatus.Created, 8), (OrderStatus.Paid, 10), (OrderStatus.Shipped, 17), (OrderStatus.Delivered, 25), (OrderStatus.Completed, 40),
    ];

    private static readonly string[] PaymentMethods = Enum.GetNames<PaymentMethod>();

    /// <summary>Generates into <paramref name="connectionString"/>'s database on <paramref name="provider"/> (SQLite or PostgreSQL; the same seed gives the same rows on both).</summary>
    public static async Task<GeneratorReport> GenerateAsync(
        DatabaseProvider provider, string connectionString, GeneratorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Orders);
        if (options.End <= options.Start)
        {
            throw new ArgumentException("End must be after Start.", nameof(options));
        }

        var watch = Stopwatch.StartNew();
        var random = new Random(options.Seed);
        await using var writer = await BulkWriter.OpenAsync(provider, connectionString, cancellationToken);
        if (await writer.ScalarAsync("""SELECT COUNT(*) FROM "Orders" """, cancellationToken) > 0)
        {
            throw new InvalidOperationException("The database already has orders; the generator fills only an order-free database.");
        }

        var createdAt = options.Start.UtcTicks;
        var merchants = await MerchantsAsync(writer, options, createdAt, cancellationToken);
        var products = await ProductsAsync(writer, options, merchants, random, createdAt, cancellationToken);
        var customerCount = options.Customers > 0 ? options.Customers : Math.Max(50, options.Orders / 10);
        var firstCustomer = await writer.ScalarAsync("""SELECT COALESCE(MAX("Id"), 0) FROM "Customers" """, cancellationToken) + 1;
        var buyers = new BuyerMix(options.Seed, firstCustomer, customerCount, options.Orders, options);
        await CustomersAsync(writer, firstCustomer, customerCount, buyers, random, cancellationToken);
        var counts = await OrdersAsync(writer, options, merchants, products, firstCustomer, customerCount, buyers, random, cancellationToken);
        return new GeneratorReport(merchants.Count, products.Values.Sum(p => p.Count), customerCount, options.Orders,
            counts.Lines, counts.Payments, counts.Shipments, watch.Elapsed)
        {
            Buyers = buyers.Result(CustomerCode),
        };
    }

    private static string CustomerCode(long id) => $"C{id:D8}";

    private static async Task<List<int>> MerchantsAsync(IBulkWriter writer, GeneratorOptions options, long createdAt, CancellationToken cancellationToken)
    {
        if (options.MerchantIds.Count > 0)
        {
            return [.. options.MerchantIds];
        }

        var next = await writer.ScalarAsync("""SELECT COUNT(*) FROM "Merchants" """, cancellationToken) + 1;
        await using var batch = await writer.BeginAsync(cancellationToken);
        var insert = batch.Insert("Merchants", "Code", "Name", "CreatedAt");
        var ids = new List<int>();
        for (var i = 0; i < options.NewMerchants; i++)
        {
            var name = Catalog.MerchantNames[i % Catalog.MerchantNames.Length];
            ids.Add(checked((int)await insert.AddReturningIdAsync(
                $"G{next + i:D4}", i < Catalog.MerchantNames.Length ? name : $"{name} #{i / Catalog.MerchantNames.Length + 1}", createdAt)));
        }

        await batch.CommitAsync();
        return ids;
    }

    private sealed record GeneratedProduct(int Id, string Sku, string Name, long PriceMinor);

    private static async Task<Dictionary<int, List<GeneratedProduct>>> ProductsAsync(
        IBulkWriter writer, GeneratorOptions options, List<int> merchants, Random random, long createdAt, CancellationToken cancellationToken)
    {
        await using var batch = await writer.BeginAsync(cancellationToken);
        var insert = batch.Insert("Products", "MerchantId", "Sku", "Name", "Category", "PriceMinor", "Currency", "WarrantyMonths", "CreatedAt");
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
                var id = await insert.AddReturningIdAsync(merchants[m], sku, name, category.Name, price, "CNY", template.WarrantyMonths, createdAt);
                list.Add(new GeneratedProduct(checked((int)id), sku, name, price));
            }

            result[merchants[m]] = list;
        }

        await batch.CommitAsync();
        return result;
    }

    private static async Task CustomersAsync(IBulkWriter writer, long first, int count, BuyerMix buyers, Random random, CancellationToken cancellationToken)
    {
        await using var batch = await writer.BeginAsync(cancellationToken);
        var insert = batch.Insert("Customers", "Id", "Code", "Name", "Phone", "City", "CreatedAt", "Address", "AddressKey");
        for (var i = 0; i < count; i++)
        {
            var name = Pick(random, Catalog.Surnames) + Pick(random, Catalog.GivenNames);
            // Stored masked, as the platform shows buyers' phones to agents and merchants: a masked phone links no one.
            var phone = $"1{random.Next(30, 90)}****{random.Next(0, 10_000):D4}";
            var city = Pick(random, Catalog.Cities);
            var address = buyers.Address(i, city);
            await insert.AddAsync(first + i, CustomerCode(first + i), name, phone, city, buyers.CreatedAt(i), address, Customer.KeyOfAddress(address));
        }

        await batch.CommitAsync();
    }

    private static async Task<(int Lines, int Payments, int Shipments)> OrdersAsync(
        IBulkWriter writer, GeneratorOptions options, List<int> merchants, Dictionary<int, List<GeneratedProduct>> products,
        long firstCustomer, int customerCount, BuyerMix buyers, Random random, CancellationToken cancellationToken)
    {
        var firstOrder = await writer.ScalarAsync("""SELECT COALESCE(MAX("Id"), 0) FROM "Orders" """, cancellationToken) + 1;
        var firstLine = await writer.ScalarAsync("""SELECT COALESCE(MAX("Id"), 0) FROM "OrderLines" """, cancellationToken) + 1;
        var span = options.End.UtcTicks - options.Start.UtcTicks;
        int lines = 0, payments = 0, shipments = 0;
        for (var batchStart = 0; batchStart < options.Orders; batchStart += options.BatchSize)
        {
            await using var batch = await writer.BeginAsync(cancellationToken);
            var order = batch.Insert("Orders",
                "Id", "OrderNo", "MerchantId", "CustomerId", "Status", "Currency", "ShippingFeeMinor",
                "CreatedAt", "PaidAt", "ShippedAt", "DeliveredAt", "CompletedAt", "Version", "PaidMinor");
            var line = batch.Insert("OrderLines", "Id", "OrderId", "ProductId", "Sku", "ProductName", "Quantity", "UnitPriceMinor", "DiscountMinor");
            var payment = batch.Insert("Payments", "OrderId", "AmountMinor", "Currency", "Method", "TransactionNo", "PaidAt");
            var shipment = batch.Insert("Shipments", "OrderId", "Carrier", "TrackingNo", "ShippedAt", "DeliveredAt");

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
                // The customer is drawn before the version, as always; the buyer mix may give the order to another buyer.
                var customer = buyers.CustomerFor(id, created, delivered, firstCustomer + random.Next(customerCount));
                await order.AddAsync(
                    id,
                    $"SO{new DateTime(created, DateTimeKind.Utc):yyyyMMdd}{id:D9}",
                    merchant,
                    customer,
                    status.ToString(),
                    "CNY",
                    shipping,
                    created,
                    paid,
                    shipped,
                    delivered,
                    completed,
                    NextGuid(random),
                    paid is null ? 0 : goods + shipping);

                foreach (var (product, quantity, discount) in picked)
                {
                    await line.AddAsync(firstLine + lines, id, product.Id, product.Sku, product.Name, quantity, product.PriceMinor, discount);
                    lines++;
                }

                if (paid is { } paidAt)
                {
                    await payment.AddAsync(id, goods + shipping, "CNY", Pick(random, PaymentMethods), $"PAY{options.Seed:D4}{id:D12}", paidAt);
                    payments++;
                }

                if (shipped is { } shippedAt)
                {
                    await shipment.AddAsync(id, Pick(random, Catalog.Carriers), $"{random.NextInt64(100_000_000_000, 999_999_999_999)}", shippedAt, delivered);
                    shipments++;
                }
            }

            await batch.CommitAsync();
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
}
