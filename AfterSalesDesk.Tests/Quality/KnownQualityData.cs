using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Customers;
using AfterSalesDesk.Data.Orders;
using AfterSalesDesk.Data.Products;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Dashboard;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Quality;

/// <summary>
/// A demo app without demo orders (its stores and users only), filled with products, orders, cases, refunds and ratings
/// whose figures are known: in the category "Gadgets", merchant1's store sells a bad product (P1) and a good one (P2),
/// merchant2's store a good one (P3) and a bad one with too few orders to judge (P4); merchant1's P5 is alone in its
/// category. Every figure counts events of the period by their own day: P2's orders of before the period do not count,
/// but its cases opened inside the period on them do; what happened before the period does not.
/// </summary>
public sealed class KnownQualityData : IAsyncLifetime
{
    public const string Gadgets = "Gadgets 小工具";
    public const string Other = "Garden 园艺";

    private readonly bool ownsApp;

    /// <summary>On an app of its own, started without demo orders.</summary>
    public KnownQualityData()
        : this(new AppFactory(settings: new Dictionary<string, string?> { ["Demo:Orders"] = "0" }))
    {
        ownsApp = true;
    }

    /// <summary>On the given app, which must have been started without demo orders; its owner disposes it.</summary>
    internal KnownQualityData(AppFactory app) => App = app;

    public AppFactory App { get; }

    public DateOnly Today => DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime);

    /// <summary>The last 30 days, as the dashboard's default.</summary>
    public DateOnly From => Today.AddDays(-29);

    public int Merchant1 { get; private set; }

    public int Merchant2 { get; private set; }

    public int P1 { get; private set; }

    public int P2 { get; private set; }

    public int P3 { get; private set; }

    public int P4 { get; private set; }

    public int P5 { get; private set; }

    private int orderNumber;
    private int caseNumber;

    public async Task InitializeAsync()
    {
        await using var db = App.CreateDbContext();
        db.AuditAs(AuditActor.System, "test.seed", App.Clock);
        var stores = await db.Users.Where(u => u.Email == "merchant1@demo.local" || u.Email == "merchant2@demo.local")
            .ToDictionaryAsync(u => u.Email!, u => u.MerchantId!.Value);
        (Merchant1, Merchant2) = (stores["merchant1@demo.local"], stores["merchant2@demo.local"]);
        Assert.False(await db.Orders.AnyAsync(), "the app seeded demo orders");

        var created = App.Clock.GetUtcNow().AddDays(-200);
        var products = new[]
        {
            new Product(Merchant1, "Q-P1", "Bad gadget 坏工具", Gadgets, Money.Cny(9900), 12, created),
            new Product(Merchant1, "Q-P2", "Good gadget 好工具", Gadgets, Money.Cny(9900), 12, created),
            new Product(Merchant2, "Q-P3", "Other store's gadget 别家工具", Gadgets, Money.Cny(9900), 12, created),
            new Product(Merchant2, "Q-P4", "Rare gadget 少见工具", Gadgets, Money.Cny(9900), 12, created),
            new Product(Merchant1, "Q-P5", "Lonely rake 孤单耙子", Other, Money.Cny(9900), 12, created),
        };
        var customer = new Customer("C-Q-1", "测试买家", "138****0000", "上海 Shanghai", created);
        db.Products.AddRange(products);
        db.Customers.Add(customer);
        await db.SaveChangesAsync();
        (P1, P2, P3, P4, P5) = (products[0].Id, products[1].Id, products[2].Id, products[3].Id, products[4].Id);

        var inPeriod = App.Clock.GetUtcNow().AddDays(-10);
        var justBefore = UtcDays.Start(From).AddTicks(-1);

        // P1: 40 orders; cases on 12 of them whose goods go back (6 returns, 4 exchanges, 2 repairs), a second one, a
        // return, on an exchanged line (13 in all), and 3 refund-only cases.
        var p1 = await OrdersAsync(db, products[0], customer, 40, inPeriod);
        var kinds = new[]
        {
            CaseKind.ReturnAndRefund, CaseKind.ReturnAndRefund, CaseKind.ReturnAndRefund, CaseKind.ReturnAndRefund, CaseKind.ReturnAndRefund,
            CaseKind.ReturnAndRefund, CaseKind.Exchange, CaseKind.Exchange, CaseKind.Exchange, CaseKind.Exchange, CaseKind.Repair, CaseKind.Repair,
        };
        var p1Cases = new List<AfterSalesCase>();
        for (var i = 0; i < kinds.Length; i++)
        {
            p1Cases.Add(Open(db, p1[i], kinds[i], i < 8 ? "Quality problem" : "Stopped working", inPeriod.AddDays(2)));
        }

        p1Cases.Add(Open(db, p1[6], CaseKind.ReturnAndRefund, "Quality problem", inPeriod.AddDays(4)));
        for (var i = 12; i < 15; i++)
        {
            p1Cases.Add(Open(db, p1[i], CaseKind.RefundOnly, "Not received", inPeriod.AddDays(2)));
        }

        // P2: 100 orders, 3 came back; P3: 100 orders, 2; P4: 19 orders, 10; P5: 50 orders, 10 (and one more order below).
        foreach (var (product, count, back) in new[] { (products[1], 100, 3), (products[2], 100, 2), (products[3], 19, 10), (products[4], 50, 10) })
        {
            foreach (var order in (await OrdersAsync(db, product, customer, count, inPeriod)).Take(back))
            {
                Open(db, order, CaseKind.ReturnAndRefund, "Damaged on arrival", inPeriod.AddDays(1));
            }
        }

        // P2's 20 orders of before the period: 5 came back before it, 2 inside it.
        var earlier = await OrdersAsync(db, products[1], customer, 20, justBefore.AddDays(-5));
        foreach (var order in earlier.Take(5))
        {
            Open(db, order, CaseKind.ReturnAndRefund, "Quality problem", justBefore);
        }

        foreach (var order in earlier.Skip(5).Take(2))
        {
            Open(db, order, CaseKind.Exchange, "Wrong item sent", UtcDays.Start(From));
        }

        // P5 twice on one order: two order lines, and one case, one refund and one rating on both, each counted once.
        var twice = Order.Place("SO-Q-TWICE", Merchant1, customer.Id, Money.Cny(0),
            [new NewOrderLine(P5, "Q-P5", "Lonely rake 孤单耙子", 1, Money.Cny(9900), Money.Zero()), new NewOrderLine(P5, "Q-P5", "Lonely rake 孤单耙子", 1, Money.Cny(9900), Money.Zero())],
            inPeriod);
        db.Orders.Add(twice);
        await db.SaveChangesAsync();
        var both = AfterSalesCase.Open($"AS-Q-{++caseNumber:D5}", twice, CaseKind.ReturnAndRefund, "Damaged on arrival", ProblemStage.AfterDelivery, "",
            twice.Lines.Select(l => (l.Id, 1)), new CaseActor(null, "agent1@demo.local", "Agent"), inPeriod.AddDays(1));
        db.Cases.Add(both);
        await db.SaveChangesAsync();

        // Refunds paid: 9 of P1's cases (the 7 returns and 2 refund-only) inside the period, one more just before it.
        var refunded = p1Cases.Where(c => c.Kind == CaseKind.ReturnAndRefund).Concat(p1Cases.Where(c => c.Kind == CaseKind.RefundOnly).Take(2)).ToList();
        Assert.Equal(9, refunded.Count);
        foreach (var paid in refunded)
        {
            await PaidRefundAsync(db, paid, inPeriod.AddDays(6));
        }

        await PaidRefundAsync(db, p1Cases[^1], justBefore);
        await PaidRefundAsync(db, both, inPeriod.AddDays(6));

        // Ratings of four of P1's cases, 1 to 4 stars (average 2.50) inside the period, and a 5 before it.
        for (var i = 0; i < 4; i++)
        {
            await RatingAsync(db, p1Cases[i], i + 1, inPeriod.AddDays(5));
        }

        await RatingAsync(db, p1Cases[4], 5, justBefore);
        await RatingAsync(db, both, 4, inPeriod.AddDays(5));
        await App.Services.GetRequiredService<DashboardRollups>().RebuildAllAsync();
    }

    private static async Task PaidRefundAsync(AfterSalesDesk.Data.AppDbContext db, AfterSalesCase paid, DateTimeOffset at)
    {
        // As the generator writes a paid refund: a line per line of the case, one item each, the gateway's reference, no approval needed.
        var ids = await db.Database.SqlQueryRaw<long>(
            """
            INSERT INTO "Refunds" ("CaseId", "OrderId", "MerchantId", "Status", "Currency", "LinesMinor", "DeductionBasisPoints", "DeductionMinor",
                "ShippingMinor", "AmountMinor", "RequiredApprovals", "ProposedById", "ProposedBy", "ProposedAt", "IdempotencyKey", "Attempts",
                "GatewayReference", "ExecutedAt", "Version")
            VALUES ({0}, {1}, {2}, 'Succeeded', 'CNY', 9900, 0, 0, 0, 9900, 0, 'agent-1', 'agent1@demo.local', {3}, {4}, 1, {5}, {6}, {7})
            RETURNING "Id" AS "Value"
            """,
            paid.Id, paid.OrderId, paid.MerchantId, at.AddHours(-1).UtcTicks, $"RF-Q-{paid.Id}-{at.UtcTicks}", $"GW-Q-{paid.Id}-{at.UtcTicks}", at.UtcTicks,
            Guid.NewGuid().ToString().ToUpperInvariant()).ToListAsync();
        foreach (var line in paid.Lines)
        {
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO \"RefundLines\" (\"RefundId\", \"OrderLineId\", \"Quantity\", \"AmountMinor\") VALUES ({0}, {1}, 1, {2})",
                ids.Single(), line.OrderLineId, 9900 / paid.Lines.Count);
        }
    }

    private static Task RatingAsync(AfterSalesDesk.Data.AppDbContext db, AfterSalesCase rated, int stars, DateTimeOffset at) =>
        db.Database.ExecuteSqlRawAsync(
            "INSERT INTO \"CaseRatings\" (\"CaseId\", \"MerchantId\", \"Kind\", \"Stars\", \"Comment\", \"RatedAt\", \"RecordedBy\") VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6})",
            rated.Id, rated.MerchantId, rated.Kind.ToString(), stars, "test", at.UtcTicks, "agent1@demo.local");

    private async Task<List<Order>> OrdersAsync(AfterSalesDesk.Data.AppDbContext db, Product product, Customer customer, int count, DateTimeOffset at)
    {
        var orders = Enumerable.Range(0, count).Select(_ => Order.Place($"SO-Q-{++orderNumber:D5}", product.MerchantId, customer.Id, Money.Cny(0),
            [new NewOrderLine(product.Id, product.Sku, product.Name, 1, product.Price, Money.Zero())], at)).ToList();
        db.Orders.AddRange(orders);
        await db.SaveChangesAsync();
        return orders;
    }

    private AfterSalesCase Open(AfterSalesDesk.Data.AppDbContext db, Order order, CaseKind kind, string reason, DateTimeOffset at)
    {
        var afterSalesCase = AfterSalesCase.Open($"AS-Q-{++caseNumber:D5}", order, kind, reason, ProblemStage.AfterDelivery, "", [(order.Lines[0].Id, 1)],
            new CaseActor(null, "agent1@demo.local", "Agent"), at);
        db.Cases.Add(afterSalesCase);
        return afterSalesCase;
    }

    public Task DisposeAsync()
    {
        if (ownsApp)
        {
            App.Dispose();
        }

        return Task.CompletedTask;
    }
}
