using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Customers;
using AfterSalesDesk.Data.Providers;
using AfterSalesDesk.Data.Seeding;
using AfterSalesDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Seeding;

/// <summary>
/// The buyer mix of the generators (the risk benchmark's data): abusive buyers with their known patterns, labelled only
/// in what the generator returns, among ordinary buyers whose noise is real; the same seed gives the same buyers.
/// </summary>
public class BuyerMixTests(BuyerMixTests.Generated data) : IClassFixture<BuyerMixTests.Generated>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 15, 0, 0, 0, TimeSpan.Zero);

    // A tenth of the buyers abusive, so that a small database holds every pattern many times over.
    private static readonly GeneratorOptions Orders = new()
    {
        Orders = 6_000, Seed = 7, NewMerchants = 6, End = Now.AddDays(-10), BatchSize = 1_000, Mix = new BuyerMixOptions { AbusivePercent = 10 },
    };

    private static readonly CaseGeneratorOptions Cases = new()
    {
        Cases = 6_000, Seed = 7, Now = Now, Assignees = [("a1", "agent1"), ("a2", "agent2")], BatchSize = 1_000,
    };

    private TestDatabase Database => data.Database;

    private GeneratedBuyers Buyers => data.Orders.Buyers!;

    [Fact]
    public async Task Generate_LabelsAShareOfTheBuyers_WithEachPattern_AndRingsShareOneAddress()
    {
        Assert.Equal(60, Buyers.Abusers.Count); // 10 % of 600 buyers
        Assert.Equal(Buyers.Abusers.Count, Buyers.Abusers.Select(a => a.CustomerId).Distinct().Count());
        var byPattern = Buyers.Abusers.GroupBy(a => a.Pattern).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(Enum.GetValues<AbusePattern>().Order(), byPattern.Keys.Order());
        Assert.All(Buyers.Abusers, a => Assert.Equal(a.Pattern == AbusePattern.LinkedAccounts, a.Ring is not null));

        await using var db = Database.CreateContext();
        var customers = await db.Customers.AsNoTracking().ToDictionaryAsync(c => c.Id);
        Assert.All(customers.Values, c => Assert.Equal(Customer.KeyOfAddress(c.Address), c.AddressKey));
        Assert.All(customers.Values, c => Assert.Null(c.PhoneKey));
        Assert.All(Buyers.Abusers, a => Assert.Equal(customers[a.CustomerId].Code, a.CustomerCode));
        foreach (var ring in byPattern[AbusePattern.LinkedAccounts].GroupBy(a => a.Ring))
        {
            Assert.InRange(ring.Count(), 3, 6);
            var members = ring.Select(a => customers[a.CustomerId]).ToList();
            Assert.Single(members.Select(m => m.AddressKey).Distinct());
            // Young accounts, opened within weeks of each other.
            Assert.True(members.Max(m => m.CreatedAt) - members.Min(m => m.CreatedAt) < TimeSpan.FromDays(41), $"ring {ring.Key}");
        }

        // Each ring's address belongs to its members only, unless an ordinary buyer shares it by chance (never here).
        var ringKeys = byPattern[AbusePattern.LinkedAccounts].Select(a => customers[a.CustomerId].AddressKey).ToHashSet();
        var labelled = Buyers.Abusers.Select(a => a.CustomerId).ToHashSet();
        Assert.DoesNotContain(customers.Values, c => ringKeys.Contains(c.AddressKey) && !labelled.Contains(c.Id));
    }

    [Fact]
    public async Task Generate_SerialAbusersClaimRefundOnlyInSprees_MostlyGranted()
    {
        var serial = Ids(AbusePattern.SerialRefundOnly);
        var cases = await CasesOfAsync(serial);
        var claims = cases.Where(c => c.Kind == CaseKind.RefundOnly && c.DaysAfterDelivery is >= 0.1 and <= 3.01).ToList();

        // Most of a serial abuser's cases are quick refund-only claims, most of the finished ones granted.
        Assert.True(claims.Count > cases.Count / 2, $"{claims.Count} claims of {cases.Count} cases");
        var finished = claims.Where(c => c.Status is CaseStatus.Resolved or CaseStatus.Closed or CaseStatus.CancelledByBuyer).ToList();
        Assert.InRange(finished.Count(c => c.WasRefunded) / (double)finished.Count, 0.55, 0.9);

        // In sprees: for most serial abusers, three refund-only claims within 19 days (a spree's 16 days and the delay).
        var inSprees = claims.GroupBy(c => c.CustomerId).Count(g =>
        {
            var times = g.Select(c => c.CreatedAt).Order().ToList();
            return times.Zip(times.Skip(2)).Any(pair => pair.Second - pair.First <= TimeSpan.FromDays(19));
        });
        Assert.True(inSprees >= serial.Count * 0.7, $"{inSprees} of {serial.Count} serial abusers claimed in sprees");
    }

    [Fact]
    public async Task Generate_NotReceivedAbusersClaimParcelsDeliveredDaysBefore_OrdinaryBuyersRarely()
    {
        var cases = await CasesOfAsync(Ids(AbusePattern.NotReceived));
        var onDelivered = cases.Where(c => c.Reason == "Not received" && c.DaysAfterDelivery >= 0).ToList();
        Assert.True(onDelivered.Count >= Ids(AbusePattern.NotReceived).Count * 2, $"{onDelivered.Count} claims");
        // Their claims come one to six days after the delivery (an honest claim of their ordinary shopping may come sooner).
        Assert.True(onDelivered.Count(c => c.DaysAfterDelivery is >= 1 and <= 6 && c.Kind == CaseKind.RefundOnly) >= onDelivered.Count * 0.9);

        // Ordinary buyers: "not received" mostly before delivery (in transit, or never shipped), on a delivered parcel rarely but sometimes.
        var ordinary = await CasesOfAsync(null);
        var afterDelivery = ordinary.Where(c => c.DaysAfterDelivery >= 0).ToList();
        var honestClaims = afterDelivery.Count(c => c.Reason == "Not received");
        Assert.InRange(honestClaims / (double)afterDelivery.Count, 0.004, 0.03);
        Assert.True(ordinary.Count(c => c.Reason == "Not received" && c.DaysAfterDelivery is null or < 0) > honestClaims * 5);
        Assert.Contains(ordinary, c => c.Stage == ProblemStage.InTransit && c.DaysAfterDelivery < 0);

        // "Damaged on arrival" is claimed within hours of delivery; quality problems later.
        Assert.All(afterDelivery.Where(c => c.Reason == "Damaged on arrival"), c => Assert.True(c.DaysAfterDelivery <= 1.5));
        Assert.True(afterDelivery.Where(c => c.Reason == "Quality problem").Average(c => c.DaysAfterDelivery!.Value) > 5);
    }

    [Fact]
    public async Task Generate_OrdinaryBuyersHaveTheirNoise_HeavyBuyers_SharedAddresses_NewAccounts()
    {
        var labelled = Buyers.Abusers.Select(a => a.CustomerId).ToHashSet();
        await using var db = Database.CreateContext();
        var customers = await db.Customers.AsNoTracking().Where(c => !labelled.Contains(c.Id)).ToListAsync();
        var orders = await db.Orders.AsNoTracking().GroupBy(o => o.CustomerId).Select(g => new { g.Key, Count = g.Count(), First = g.Min(o => o.CreatedAt) })
            .ToDictionaryAsync(g => g.Key);

        // Shared by chance: households, offices, pick-up points; still most addresses are one buyer's.
        var sharing = customers.GroupBy(c => c.AddressKey).Where(g => g.Count() > 1).ToList();
        Assert.Contains(sharing, g => g.Count() is >= 2 and <= 4);
        Assert.Contains(sharing, g => g.Count() >= 20);
        Assert.InRange(sharing.Sum(g => g.Count()) / (double)customers.Count, 0.05, 0.35);
        Assert.Contains(sharing, g => g.Select(c => c.Address).Distinct().Count() > 1);

        // Heavy but honest buyers: a few order many times the usual.
        var counts = customers.Select(c => orders.TryGetValue(c.Id, out var o) ? o.Count : 0).Order().ToList();
        var median = counts[counts.Count / 2];
        Assert.InRange(counts.Count(c => c >= median * 5), 1, customers.Count / 50);

        // Accounts opened during the window, and no order placed before its buyer's account existed.
        Assert.InRange(customers.Count(c => c.CreatedAt > Orders.Start) / (double)customers.Count, 0.1, 0.3);
        var all = await db.Customers.AsNoTracking().ToListAsync();
        Assert.All(all.Where(c => orders.ContainsKey(c.Id)), c => Assert.True(orders[c.Id].First >= c.CreatedAt, c.Code));
    }

    [Fact]
    public async Task Generate_TheMixedCasesAreStillCasesTheDomainCouldHaveMade()
    {
        Assert.Equal(Cases.Cases, await Database.ScalarAsync("SELECT COUNT(*) FROM AfterSalesCases"));
        Assert.Equal(Buyers.PlannedClaims, data.Cases.AbusiveClaims + data.DroppedClaims);
        Assert.True(data.Cases.AbusiveClaims > 200, data.Cases.ToString());

        await using var db = Database.CreateContext();
        var cases = await db.Cases.AsNoTracking().Include(c => c.Order).ToListAsync();
        Assert.All(cases, c =>
        {
            Assert.NotNull(CaseTransitions.ShortestPath(c.Kind, c.Status));
            Assert.True(c.CreatedAt > c.Order!.PaidAt && c.CreatedAt < Now && c.UpdatedAt >= c.CreatedAt && c.UpdatedAt < Now, c.CaseNo);
            Assert.Equal(c.Order.CustomerId, c.CustomerId);
        });

        // Paid refunds only where the case went through Refunded, between its opening and its last move.
        Assert.Equal(0, await Database.ScalarAsync("""
            SELECT COUNT(*) FROM Refunds r JOIN AfterSalesCases c ON c.Id = r.CaseId
            WHERE c.Status NOT IN ('AwaitingRefund', 'Refunded', 'Resolved')
               OR (r.Status = 'Succeeded' AND NOT (c.Status IN ('Refunded', 'Resolved') AND c.WasRefunded = 1
                   AND r.ProposedAt > c.CreatedAt AND r.ExecutedAt <= c.UpdatedAt))
            """));
        Assert.Equal(0, await Database.ScalarAsync("""
            SELECT COUNT(*) FROM Orders o JOIN (SELECT OrderId, SUM(AmountMinor) AS Paid FROM Refunds WHERE Status = 'Succeeded' GROUP BY OrderId) r ON r.OrderId = o.Id
            WHERE r.Paid > o.PaidMinor
            """));

        // A finished case made its last move within weeks, not months.
        Assert.True(cases.Where(c => c.FinishedAt is not null).All(c => c.FinishedAt!.Value - c.CreatedAt < TimeSpan.FromDays(22)));
    }

    [Fact]
    public async Task Generate_RecordsWhichCasesAreTheAbusiveClaims_EachTheOnlyCaseOfItsOrder()
    {
        var claims = Buyers.OpenedClaims;
        Assert.Equal(data.Cases.AbusiveClaims, claims.Count);
        Assert.Equal(claims.Count, claims.Select(c => c.CaseId).Distinct().Count());
        var labels = Buyers.Abusers.ToDictionary(a => a.CustomerId);
        await using var db = Database.CreateContext();
        var ids = claims.Select(c => c.CaseId).ToList();
        var cases = await db.Cases.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id);
        var orderIds = cases.Values.Select(c => c.OrderId).ToList();
        var casesPerOrder = await db.Cases.AsNoTracking().Where(c => orderIds.Contains(c.OrderId)).GroupBy(c => c.OrderId).Select(g => g.Count()).ToListAsync();
        Assert.All(casesPerOrder, n => Assert.Equal(1, n));
        Assert.All(claims, claim =>
        {
            var c = cases[claim.CaseId];
            Assert.Equal(claim.CustomerId, c.CustomerId);
            Assert.Equal(CaseKind.RefundOnly, c.Kind);
            var buyer = labels[claim.CustomerId];
            Assert.Equal(buyer.Pattern == AbusePattern.LinkedAccounts ? claim.Pattern : buyer.Pattern, claim.Pattern);
            Assert.Equal(claim.Pattern == AbusePattern.NotReceived, c.Reason == "Not received");
        });
        Assert.Contains(claims, c => labels[c.CustomerId].Pattern == AbusePattern.LinkedAccounts && c.Pattern == AbusePattern.SerialRefundOnly);
        Assert.Contains(claims, c => labels[c.CustomerId].Pattern == AbusePattern.LinkedAccounts && c.Pattern == AbusePattern.NotReceived);
    }

    [Fact]
    public async Task Generate_WithTheSameSeed_MakesTheSameBuyersAndCases_AndWithAnotherOtherOnes()
    {
        using var same = new TestDatabase();
        using var other = new TestDatabase();
        var sameReport = await GenerateAsync(same, 7);
        var otherReport = await GenerateAsync(other, 8);

        Assert.Equal(Buyers.Abusers, sameReport.Orders.Buyers!.Abusers);
        Assert.Equal(Buyers.OpenedClaims, sameReport.Orders.Buyers.OpenedClaims);
        Assert.Equal(data.Cases with { Elapsed = default }, sameReport.Cases with { Elapsed = default });
        foreach (var sql in Fingerprints)
        {
            Assert.Equal(await Database.ScalarAsync(sql), await same.ScalarAsync(sql));
        }

        Assert.NotEqual(Buyers.Abusers.Select(a => a.CustomerId), otherReport.Orders.Buyers!.Abusers.Select(a => a.CustomerId));
        Assert.NotEqual(await Database.ScalarAsync(Fingerprints[0]), await other.ScalarAsync(Fingerprints[0]));
    }

    [Fact]
    public async Task Generate_WithoutAMix_LabelsNoOne_AndKeepsTheOrdersOfTheSeed()
    {
        using var plain = new TestDatabase();
        var report = await OrderDataGenerator.GenerateAsync(DatabaseProvider.Sqlite, plain.ConnectionString, Orders with { Mix = null });

        Assert.Null(report.Buyers);
        // Every buyer still has an address; orders go to the buyers the seed always drew (the mix only changes who ordered).
        Assert.Equal(0, await plain.ScalarAsync("SELECT COUNT(*) FROM Customers WHERE Address IS NULL OR AddressKey IS NULL"));
        Assert.Equal(
            await plain.ScalarAsync("SELECT SUM(Id * 31 + MerchantId * 17 + ShippingFeeMinor + CreatedAt % 1000003 + length(Status)) FROM Orders"),
            await Database.ScalarAsync("SELECT SUM(Id * 31 + MerchantId * 17 + ShippingFeeMinor + CreatedAt % 1000003 + length(Status)) FROM Orders"));
        Assert.NotEqual(
            await plain.ScalarAsync("SELECT SUM(Id * CustomerId % 1000003) FROM Orders"),
            await Database.ScalarAsync("SELECT SUM(Id * CustomerId % 1000003) FROM Orders"));
    }

    private static readonly string[] Fingerprints =
    [
        "SELECT SUM(Id * 31 + CustomerId * 7 + OrderId * 5 + CreatedAt % 1000003 + UpdatedAt % 999983 + length(Status) * 3 + length(Kind) + length(Reason) * 11 + length(Stage)) FROM AfterSalesCases",
        "SELECT SUM(Id * CustomerId % 1000003 + CreatedAt % 999983) FROM Orders",
        "SELECT SUM(Id * 13 + CreatedAt % 1000003 + unicode(substr(AddressKey, 3, 1)) + length(Address)) FROM Customers",
        "SELECT SUM(Id * 31 + CaseId * 7 + AmountMinor + ProposedAt % 1000003) FROM Refunds",
    ];

    private List<long> Ids(AbusePattern pattern) => Buyers.Abusers.Where(a => a.Pattern == pattern).Select(a => a.CustomerId).ToList();

    private sealed record CaseRow(long CustomerId, CaseKind Kind, CaseStatus Status, string Reason, ProblemStage Stage, DateTimeOffset CreatedAt, bool WasRefunded, double? DaysAfterDelivery);

    /// <summary>The cases of these buyers (null: of every unlabelled buyer), with how long after the delivery each was opened (negative: before it).</summary>
    private async Task<List<CaseRow>> CasesOfAsync(IReadOnlyCollection<long>? buyers)
    {
        var labelled = Buyers.Abusers.Select(a => a.CustomerId).ToList();
        await using var db = Database.CreateContext();
        var rows = await db.Cases.AsNoTracking()
            .Where(c => buyers == null ? !labelled.Contains(c.CustomerId) : buyers.Contains(c.CustomerId))
            .Select(c => new { c.CustomerId, c.Kind, c.Status, c.Reason, c.Stage, c.CreatedAt, c.WasRefunded, c.Order!.DeliveredAt })
            .ToListAsync();
        return rows.Select(c => new CaseRow(c.CustomerId, c.Kind, c.Status, c.Reason, c.Stage, c.CreatedAt, c.WasRefunded,
            c.DeliveredAt is { } delivered ? (c.CreatedAt - delivered).TotalDays : null)).ToList();
    }

    private static async Task<(GeneratorReport Orders, CaseGeneratorReport Cases)> GenerateAsync(TestDatabase database, int seed)
    {
        var orders = await OrderDataGenerator.GenerateAsync(DatabaseProvider.Sqlite, database.ConnectionString, Orders with { Seed = seed });
        var cases = await CaseDataGenerator.GenerateAsync(DatabaseProvider.Sqlite, database.ConnectionString, Cases with { Seed = seed, Buyers = orders.Buyers });
        return (orders, cases);
    }

    /// <summary>One generated database for the class: 6,000 orders and 6,000 cases of 600 buyers, 60 of them abusive.</summary>
    public sealed class Generated : IAsyncLifetime
    {
        public TestDatabase Database { get; } = new();

        public GeneratorReport Orders { get; private set; } = null!;

        public CaseGeneratorReport Cases { get; private set; } = null!;

        /// <summary>Claims the case generator could not open: planned after its "now".</summary>
        public int DroppedClaims { get; private set; }

        public async Task InitializeAsync()
        {
            (Orders, Cases) = await GenerateAsync(Database, 7);
            DroppedClaims = Orders.Buyers!.Claims.Count(c => c.At >= Now.UtcTicks - TimeSpan.TicksPerMinute);
        }

        public Task DisposeAsync()
        {
            Database.Dispose();
            return Task.CompletedTask;
        }
    }
}
