using System.Globalization;
using System.Text;

namespace AfterSalesDesk.Data.Seeding;

/// <summary>The known patterns of the generated abusive buyers: labels for the risk benchmark, never written to a table the app reads.</summary>
public enum AbusePattern
{
    /// <summary>Sprees of refund-only requests (3–8 orders within days, a claim on most of them, most granted), repeated weeks apart.</summary>
    SerialRefundOnly,

    /// <summary>"Not received" claims on parcels the carrier delivered one to six days before, two to six of them months apart.</summary>
    NotReceived,

    /// <summary>A ring of 3–6 young accounts at one delivery address, each doing a little of the two patterns above.</summary>
    LinkedAccounts,
}

/// <summary>A generated buyer known to be abusive, and how (<see cref="Ring"/>: the ring's number for linked accounts).</summary>
public sealed record AbusiveBuyer(long CustomerId, string CustomerCode, AbusePattern Pattern, int? Ring);

/// <summary>A case the generator opened as an abusive claim (serial refund-only or "not received"; a ring member's claims are one of the two).</summary>
public sealed record AbusiveClaim(long CaseId, long CustomerId, AbusePattern Pattern);

/// <summary>
/// The buyers' behaviour for the risk benchmark (<see cref="GeneratorOptions.Mix"/>): a share of abusive buyers with
/// known patterns, and the noise of ordinary buyers that makes telling them apart a real problem (accounts opened during
/// the window, heavy honest buyers, and, in the case generator, claims shaped by their reason: in-transit "not received",
/// rare honest "not received" on delivered parcels, quick "damaged on arrival").
/// </summary>
public sealed record BuyerMixOptions
{
    /// <summary>Percent of the generated buyers who are abusive, 0–20; 0 gives ordinary buyers only, with their noise.</summary>
    public double AbusivePercent { get; init; } = 2.5;
}

/// <summary>
/// What the order generator decided about its buyers, for the case generator (<see cref="CaseGeneratorOptions.Buyers"/>)
/// and for the labels file: the abusive buyers and the claims planned on their orders. The labels never enter the
/// database; <see cref="WriteLabelsAsync"/> writes them to a file beside it.
/// </summary>
public sealed class GeneratedBuyers
{
    /// <summary>The labels file's name, in the folder of the database (SQLite) or the app's data folder.</summary>
    public const string LabelsFileName = "generated-abusers.csv";

    /// <summary>The abusive claims' file, beside the labels: which cases the generator opened as abuse.</summary>
    public const string ClaimsFileName = "generated-abusive-claims.csv";

    private const string Header = "customer_id,customer_code,pattern,ring";

    private const string ClaimsHeader = "case_id,customer_id,pattern";

    private readonly List<AbusiveClaim> opened = [];

    internal GeneratedBuyers(int seed, IReadOnlyList<AbusiveBuyer> abusers, IReadOnlyList<PlannedClaim> claims, SharedAddresses shared)
    {
        Seed = seed;
        Abusers = abusers;
        Claims = claims;
        Shared = shared;
    }

    public int Seed { get; }

    public IReadOnlyList<AbusiveBuyer> Abusers { get; }

    /// <summary>The abusive claims planned on the abusive buyers' orders; the case generator opens each that falls before its "now".</summary>
    internal IReadOnlyList<PlannedClaim> Claims { get; }

    public int PlannedClaims => Claims.Count;

    /// <summary>The claims the case generator opened, with their cases (those planned after its "now" are not).</summary>
    public IReadOnlyList<AbusiveClaim> OpenedClaims => opened;

    /// <summary>Ordinary buyers who share an address by chance (households, offices, pick-up points).</summary>
    public SharedAddresses Shared { get; }

    public override string ToString()
    {
        var by = Abusers.GroupBy(a => a.Pattern).ToDictionary(g => g.Key, g => g.Count());
        var rings = Abusers.Select(a => a.Ring).Where(r => r is not null).Distinct().Count();
        return string.Create(CultureInfo.InvariantCulture,
            $"{Abusers.Count:N0} abusive buyers ({by.GetValueOrDefault(AbusePattern.SerialRefundOnly):N0} serial refund-only, "
            + $"{by.GetValueOrDefault(AbusePattern.NotReceived):N0} 'not received', {by.GetValueOrDefault(AbusePattern.LinkedAccounts):N0} in {rings:N0} rings) "
            + $"with {PlannedClaims:N0} claims planned; {Shared}");
    }

    /// <summary>Writes the labels (one line per abusive buyer: id, account code, pattern, ring) as CSV.</summary>
    public async Task WriteLabelsAsync(string path, CancellationToken cancellationToken = default)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var buyer in Abusers.OrderBy(a => a.CustomerId))
        {
            text.Append(CultureInfo.InvariantCulture, $"{buyer.CustomerId},{buyer.CustomerCode},{buyer.Pattern},{buyer.Ring}\n");
        }

        await File.WriteAllTextAsync(path, text.ToString(), cancellationToken);
    }

    /// <summary>Writes the opened claims (one line per case: case id, buyer, pattern) as CSV.</summary>
    public async Task WriteClaimsAsync(string path, CancellationToken cancellationToken = default)
    {
        var text = new StringBuilder(ClaimsHeader).Append('\n');
        foreach (var claim in opened.OrderBy(c => c.CaseId))
        {
            text.Append(CultureInfo.InvariantCulture, $"{claim.CaseId},{claim.CustomerId},{claim.Pattern}\n");
        }

        await File.WriteAllTextAsync(path, text.ToString(), cancellationToken);
    }

    /// <summary>Reads a claims file written by <see cref="WriteClaimsAsync"/>: the abusive claims by case id.</summary>
    public static async Task<IReadOnlyDictionary<long, AbusiveClaim>> ReadClaimsAsync(string path, CancellationToken cancellationToken = default)
    {
        var lines = await File.ReadAllLinesAsync(path, cancellationToken);
        if (lines.Length == 0 || lines[0] != ClaimsHeader)
        {
            throw new InvalidDataException($"{path} is not a claims file of the generator (its first line must be \"{ClaimsHeader}\").");
        }

        return lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','))
            .Select(f => new AbusiveClaim(long.Parse(f[0], CultureInfo.InvariantCulture), long.Parse(f[1], CultureInfo.InvariantCulture), Enum.Parse<AbusePattern>(f[2])))
            .ToDictionary(c => c.CaseId);
    }

    /// <summary>The case generator starts its record of opened claims afresh, and adds to it.</summary>
    internal void ClearOpened() => opened.Clear();

    internal void Open(AbusiveClaim claim) => opened.Add(claim);

    /// <summary>Reads a labels file written by <see cref="WriteLabelsAsync"/>: the abusive buyers by customer id.</summary>
    public static async Task<IReadOnlyDictionary<long, AbusiveBuyer>> ReadLabelsAsync(string path, CancellationToken cancellationToken = default)
    {
        var lines = await File.ReadAllLinesAsync(path, cancellationToken);
        if (lines.Length == 0 || lines[0] != Header)
        {
            throw new InvalidDataException($"{path} is not a labels file of the generator (its first line must be \"{Header}\").");
        }

        var labels = new Dictionary<long, AbusiveBuyer>();
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var fields = line.Split(',');
            var buyer = new AbusiveBuyer(long.Parse(fields[0], CultureInfo.InvariantCulture), fields[1], Enum.Parse<AbusePattern>(fields[2]),
                fields[3].Length == 0 ? null : int.Parse(fields[3], CultureInfo.InvariantCulture));
            labels[buyer.CustomerId] = buyer;
        }

        return labels;
    }
}

/// <summary>How many ordinary buyers share an address by chance, in how many groups.</summary>
public sealed record SharedAddresses(int Households, int InHouseholds, int Offices, int InOffices, int PickupPoints, int AtPickupPoints)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"ordinary buyers sharing an address: {InHouseholds:N0} in {Households:N0} households, {InOffices:N0} in {Offices:N0} offices, "
        + $"{AtPickupPoints:N0} at {PickupPoints:N0} pick-up points");
}

/// <summary>An abusive claim planned on an order: the case generator opens it at <see cref="At"/> (ticks), refund-only, with this reason.</summary>
internal sealed record PlannedClaim(long OrderId, long CustomerId, AbusePattern Pattern, string Reason, long At);

/// <summary>
/// Decides, for the order generator, who the buyers are: each one's account date and delivery address, which of them are
/// abusive and what they do, and so which buyer places each order. Draws from random streams of its own (addresses; the
/// mix), so that without a mix the orders of a seed are those they always were; with a mix only the buyer of an order
/// changes, the order itself is drawn as before.
/// </summary>
internal sealed class BuyerMix
{
    private const long Hour = TimeSpan.TicksPerHour;
    private const long Day = TimeSpan.TicksPerDay;

    /// <summary>Of the ordinary buyers: this share orders heavily (resellers, large families), together this share of all orders.</summary>
    private const double HeavyBuyerShare = 0.006;
    private const double HeavyOrderShare = 0.07;

    /// <summary>Ordinary buyers whose account opened during the window (the rest opened up to five years before it).</summary>
    private const double OpenedInWindowShare = 0.2;

    /// <summary>Ordinary buyers sharing an address by chance: households of 2–4, offices of 5–25, pick-up points of 20–120.</summary>
    private const double InHouseholdShare = 0.05;
    private const double InOfficeShare = 0.01;
    private const double AtPickupShare = 0.015;

    /// <summary>How the abusive buyers divide between the patterns (the rest are ring accounts).</summary>
    private const double SerialShare = 0.4;
    private const double NotReceivedShare = 0.35;

    private static readonly (string Reason, int Weight)[] SerialReasons =
        [("Not as described", 30), ("Quality problem", 25), ("Missing parts", 15), ("Damaged on arrival", 15), ("Wrong item sent", 15)];

    private enum Role : byte
    {
        Ordinary,
        Heavy,
        Abusive,
    }

    private sealed record Demand(long At, int Customer, AbusePattern? Pattern, string? Reason, long MinDelay, long MaxDelay);

    private readonly long start;
    private readonly long end;
    private readonly long firstCustomer;
    private readonly Random mix;
    private readonly Random addresses;
    private readonly long[] createdAt;
    private readonly Role[] roles;
    private readonly int[] group;
    private readonly List<int> heavy = [];
    private readonly List<int> veterans = [];
    private readonly Dictionary<int, string> groupAddresses = [];
    private readonly Dictionary<int, AbusiveBuyer> abusers = [];
    private readonly List<Demand> demands = [];
    private readonly List<PlannedClaim> claims = [];
    private readonly int seed;
    private readonly bool active;
    private SharedAddresses shared = new(0, 0, 0, 0, 0, 0);
    private int nextGroup = 1;

    /// <summary>Place groups numbered from here on are pick-up points; below, offices.</summary>
    private int pickupsFrom;
    private int nextDemand;

    public BuyerMix(int seed, long firstCustomer, int count, int orders, GeneratorOptions options)
    {
        this.seed = seed;
        this.firstCustomer = firstCustomer;
        start = options.Start.UtcTicks;
        end = options.End.UtcTicks;
        addresses = new Random(unchecked((seed * 1_000_033) ^ 0x61D2_0B5F));
        mix = new Random(unchecked((seed * 1_000_037) ^ 0x1B87_3E29));
        createdAt = new long[count];
        roles = new Role[count];
        group = new int[count];
        Array.Fill(createdAt, start);
        ShareAddresses(count);
        if (options.Mix is { } mixOptions)
        {
            if (mixOptions.AbusivePercent is < 0 or > 20)
            {
                throw new ArgumentOutOfRangeException(nameof(options), "AbusivePercent is 0–20.");
            }

            active = true;
            PlanBuyers(count, orders, mixOptions);
        }
    }

    /// <summary>When the buyer's account was opened (ticks); the start of the window for every buyer without a mix.</summary>
    public long CreatedAt(int index) => createdAt[index];

    /// <summary>The buyer's delivery address; those who share one get it written their own way (spaces, punctuation), alike as a key.</summary>
    public string Address(int index, string city)
    {
        var cityName = city.Split(' ')[0];
        if (group[index] == 0)
        {
            return Home(cityName);
        }

        if (!groupAddresses.TryGetValue(group[index], out var address))
        {
            groupAddresses[group[index]] = address = group[index] < 0 ? Home(cityName) : SharedPlace(group[index], cityName);
        }

        return Variant(address);
    }

    /// <summary>
    /// Who places the order created at <paramref name="created"/>: an abusive buyer whose planned order is due (for a claim,
    /// only an order the carrier delivered), else sometimes a heavy buyer, else the buyer the generator drew unless that one
    /// is abusive (their orders are all planned) or had no account yet. Records the claim planned on the order.
    /// </summary>
    public long CustomerFor(long orderId, long created, long? delivered, long drawn)
    {
        if (!active)
        {
            return drawn;
        }

        if (nextDemand < demands.Count && demands[nextDemand].At <= created && (demands[nextDemand].Pattern is null || delivered is not null))
        {
            var demand = demands[nextDemand++];
            var customer = firstCustomer + demand.Customer;
            if (demand.Pattern is { } pattern)
            {
                claims.Add(new PlannedClaim(orderId, customer, pattern, demand.Reason!, delivered!.Value + mix.NextInt64(demand.MinDelay, demand.MaxDelay)));
            }

            return customer;
        }

        if (heavy.Count > 0 && mix.NextDouble() < HeavyOrderShare)
        {
            return firstCustomer + heavy[mix.Next(heavy.Count)];
        }

        var index = (int)(drawn - firstCustomer);
        for (var attempt = 0; attempt < 20 && (roles[index] == Role.Abusive || createdAt[index] > created); attempt++)
        {
            index = mix.Next(roles.Length);
        }

        return firstCustomer + (roles[index] == Role.Abusive || createdAt[index] > created ? veterans[mix.Next(veterans.Count)] : index);
    }

    public GeneratedBuyers? Result(Func<long, string> code) => active
        ? new GeneratedBuyers(seed, abusers.Values.OrderBy(a => a.CustomerId).Select(a => a with { CustomerCode = code(a.CustomerId) }).ToList(), claims, shared)
        : null;

    /// <summary>Households, offices and pick-up points among the buyers (by the address stream, with or without a mix).</summary>
    private void ShareAddresses(int count)
    {
        var order = Shuffled(addresses, count);
        var next = 0;
        int households = 0, inHouseholds = 0, offices = 0, inOffices = 0, pickups = 0, atPickups = 0;

        void Groups(double share, int min, int max, bool place, ref int groups, ref int members)
        {
            var until = next + (int)(share * count);
            while (next < until)
            {
                var size = Math.Min(addresses.Next(min, max + 1), count - next);
                if (size < 2)
                {
                    break;
                }

                // Negative groups are homes (an address like anyone's), positive ones places (offices, pick-up points).
                var id = place ? nextGroup++ : -nextGroup++;
                for (var i = 0; i < size; i++)
                {
                    group[order[next++]] = id;
                }

                groups++;
                members += size;
            }
        }

        Groups(InHouseholdShare, 2, 4, false, ref households, ref inHouseholds);
        Groups(InOfficeShare, 5, 25, true, ref offices, ref inOffices);
        pickupsFrom = nextGroup;
        Groups(AtPickupShare, 20, 120, true, ref pickups, ref atPickups);
        shared = new SharedAddresses(households, inHouseholds, offices, inOffices, pickups, atPickups);
    }

    private void PlanBuyers(int count, int orders, BuyerMixOptions options)
    {
        var span = end - start;
        var perBuyerPerDay = orders / (double)count / (span / (double)Day);
        var order = Shuffled(mix, count);
        var abusive = (int)Math.Round(count * options.AbusivePercent / 100);
        var serial = (int)Math.Round(abusive * SerialShare);
        var notReceived = (int)Math.Round(abusive * NotReceivedShare);
        var inRings = abusive - serial - notReceived;
        var next = 0;

        for (var i = 0; i < serial; i++)
        {
            Serial(order[next++], perBuyerPerDay);
        }

        for (var i = 0; i < notReceived; i++)
        {
            NotReceived(order[next++], perBuyerPerDay);
        }

        var ring = 0;
        while (inRings >= 3)
        {
            // No ring of one or two left over: the last ring takes them, or leaves four or more.
            var size = Math.Min(mix.Next(3, 7), inRings);
            if (inRings - size is 1 or 2)
            {
                size = inRings <= 6 ? inRings : 3;
            }

            Ring(++ring, order.AsSpan(next, size));
            next += size;
            inRings -= size;
        }

        // Fewer than three ring accounts make no ring: they abuse alone.
        for (; inRings > 0; inRings--)
        {
            Serial(order[next++], perBuyerPerDay);
        }

        var heavyCount = (int)Math.Round(count * HeavyBuyerShare);
        for (var i = 0; i < heavyCount && next < count; i++)
        {
            var index = order[next++];
            roles[index] = Role.Heavy;
            createdAt[index] = start - mix.NextInt64(Day, 5 * 365 * Day);
            heavy.Add(index);
        }

        for (; next < count; next++)
        {
            var index = order[next];
            createdAt[index] = mix.NextDouble() < OpenedInWindowShare
                ? start + mix.NextInt64(0, span - 30 * Day)
                : start - mix.NextInt64(Day, 5 * 365 * Day);
            if (createdAt[index] <= start)
            {
                veterans.Add(index);
            }
        }

        if (veterans.Count == 0)
        {
            veterans.AddRange(heavy);
        }

        demands.Sort((a, b) => a.At.CompareTo(b.At));
    }

    private long Between(long from, long to) => to <= from ? from : from + mix.NextInt64(to - from);

    private long Window(double fromShare, long endMargin) => Between(start + (long)((end - start) * fromShare), end - endMargin);

    /// <summary>An abusive buyer acting alone: half of them opened the account for it weeks before, half are older buyers; both also shop a little.</summary>
    private void Solo(int index, AbusePattern pattern, long firstAbuse, double perBuyerPerDay)
    {
        roles[index] = Role.Abusive;
        abusers[index] = new AbusiveBuyer(firstCustomer + index, "", pattern, null);
        createdAt[index] = mix.Next(2) == 0 ? firstAbuse - mix.NextInt64(Day, 60 * Day) : start - mix.NextInt64(Day, 5 * 365 * Day);

        // Ordinary orders besides the abuse, at up to the usual rate (an order of theirs gets cases as anyone's does).
        var from = Math.Max(createdAt[index], start);
        var expected = mix.NextDouble() * perBuyerPerDay * ((end - from) / (double)Day);
        var background = (int)expected + (mix.NextDouble() < expected - (int)expected ? 1 : 0);
        for (var i = 0; i < background; i++)
        {
            demands.Add(new Demand(Between(from, end), index, null, null, 0, 0));
        }
    }

    private void Serial(int index, double perBuyerPerDay)
    {
        var at = Window(0.05, 45 * Day);
        Solo(index, AbusePattern.SerialRefundOnly, at, perBuyerPerDay);
        Sprees(index, at, CaseDataGenerator.Pick(mix, [(1, 25), (2, 35), (3, 25), (4, 15)]), 3, 8, 4, 16, 14, 75);
    }

    /// <summary>Sprees of orders, each claimed refund-only a few hours to three days after delivery with a reason that needs no return, most of them.</summary>
    private void Sprees(int index, long at, int sprees, int minOrders, int maxOrders, int minDays, int maxDays, int minGapDays, int maxGapDays)
    {
        for (var s = 0; s < sprees && at < end - 10 * Day; s++)
        {
            var days = mix.Next(minDays, maxDays + 1) * Day;
            var count = mix.Next(minOrders, maxOrders + 1);
            for (var i = 0; i < count; i++)
            {
                var claimed = mix.Next(100) < 85;
                demands.Add(new Demand(at + mix.NextInt64(days), index, claimed ? AbusePattern.SerialRefundOnly : null,
                    claimed ? CaseDataGenerator.Pick(mix, SerialReasons) : null, 3 * Hour, 3 * Day));
            }

            at += days + mix.Next(minGapDays, maxGapDays + 1) * Day;
        }
    }

    private void NotReceived(int index, double perBuyerPerDay)
    {
        var at = Window(0.05, 60 * Day);
        Solo(index, AbusePattern.NotReceived, at, perBuyerPerDay);
        Claims(index, at, mix.Next(2, 7), 10, 60);
    }

    /// <summary>Orders claimed "not received" one to six days after the carrier delivered them, weeks apart.</summary>
    private void Claims(int index, long at, int count, int minGapDays, int maxGapDays)
    {
        for (var i = 0; i < count && at < end - 7 * Day; i++)
        {
            demands.Add(new Demand(at, index, AbusePattern.NotReceived, "Not received", Day, 6 * Day));
            at += mix.Next(minGapDays, maxGapDays + 1) * Day;
        }
    }

    /// <summary>
    /// A ring: young accounts opened within weeks of each other, one delivery address (each writes it a little
    /// differently), no ordinary shopping; each member does small sprees, "not received" claims, or both.
    /// </summary>
    private void Ring(int ring, ReadOnlySpan<int> members)
    {
        var opened = Window(0.05, 60 * Day);
        var address = -nextGroup++;
        foreach (var index in members)
        {
            roles[index] = Role.Abusive;
            group[index] = address;
            abusers[index] = new AbusiveBuyer(firstCustomer + index, "", AbusePattern.LinkedAccounts, ring);
            createdAt[index] = opened + mix.NextInt64(40 * Day);
            var roll = mix.Next(100);
            var first = createdAt[index] + mix.NextInt64(Day, 10 * Day);
            if (roll < 70)
            {
                Sprees(index, first, mix.Next(1, 3), 2, 5, 3, 10, 14, 45);
            }

            if (roll >= 50)
            {
                Claims(index, first + (roll < 70 ? 0 : mix.NextInt64(5 * Day, 30 * Day)), mix.Next(1, 4), 10, 40);
            }
        }
    }

    private static int[] Shuffled(Random random, int count)
    {
        var order = Enumerable.Range(0, count).ToArray();
        random.Shuffle(order);
        return order;
    }

    // Addresses: mostly unique (about 10¹¹ combinations), written as Chinese delivery addresses are.

    private static readonly string[] Districts = ["朝阳", "海淀", "西湖", "滨江", "天河", "南山", "武侯", "江汉", "鼓楼", "雁塔", "渝中", "姑苏", "岳麓", "浦东", "徐汇", "余杭"];

    private static readonly string[] Streets =
    [
        "文三", "中山", "人民", "解放", "建设", "和平", "学院", "长江", "黄河", "新华", "光明", "胜利", "东风", "青年", "振兴", "友谊", "复兴", "延安",
        "淮海", "长安", "科技", "创业", "湖滨", "滨河", "幸福", "花园", "春风", "金沙", "锦绣", "银河", "翠苑", "丰收", "迎宾", "环城", "世纪", "东方",
    ];

    private static readonly string[] Compounds =
    [
        "阳光花园", "翠苑小区", "金色家园", "锦绣华庭", "华润城", "万科城", "绿城桂花园", "碧桂园", "保利香槟", "龙湖春江", "中海寰宇", "融创府", "招商雍景",
        "世茂滨江", "新城悦府", "东方名苑", "学府家园", "枫林晚", "湖畔居", "和府",
    ];

    private static readonly string[] Companies = ["星辰科技", "远航物流", "华信咨询", "晨光文化", "启明软件", "恒泰贸易", "蓝海传媒", "云帆网络", "中和设计", "博雅教育"];

    private static readonly string[] Campuses = ["理工大学", "师范大学", "财经大学", "医科大学", "外国语学院", "职业技术学院"];

    private string Home(string city) => string.Create(CultureInfo.InvariantCulture,
        $"{city}市{Pick(Districts)}区{Pick(Streets)}路{addresses.Next(1, 1000)}号 {Pick(Compounds)} {addresses.Next(1, 41)}栋{addresses.Next(1, 7)}单元{addresses.Next(1, 34)}{addresses.Next(1, 5):D2}室");

    private string SharedPlace(int id, string city) => id < pickupsFrom
        ? string.Create(CultureInfo.InvariantCulture,
            $"{city}市{Pick(Districts)}区{Pick(Streets)}路{addresses.Next(1, 1000)}号 {Pick(Streets)}科技园{addresses.Next(1, 20)}号楼 {Pick(Companies)}有限公司")
        : addresses.Next(2) == 0
            ? $"{city}市{Pick(Districts)}区{Pick(Streets)}路{addresses.Next(1, 1000)}号 {Pick(Campuses)} 菜鸟驿站"
            : $"{city}市{Pick(Districts)}区{Pick(Compounds)} 东门 丰巢快递柜";

    /// <summary>The same address as another person types it: spaces and separators differ, the letters and digits do not.</summary>
    private string Variant(string address) => addresses.Next(4) switch
    {
        0 => address,
        1 => address.Replace(" ", "", StringComparison.Ordinal),
        2 => address.Replace(" ", ", ", StringComparison.Ordinal),
        _ => address.Replace("栋", "栋-", StringComparison.Ordinal).Replace("单元", "单元-", StringComparison.Ordinal),
    };

    private string Pick(string[] items) => items[addresses.Next(items.Length)];
}
