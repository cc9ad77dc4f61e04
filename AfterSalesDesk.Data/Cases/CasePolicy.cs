using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Orders;

namespace AfterSalesDesk.Data.Cases;

/// <summary>Limits on opening cases, from configuration (section "Cases").</summary>
public sealed class CaseLimits
{
    public const string Section = "Cases";

    public int MaxCasesPerOrderLine { get; set; } = 5;

    /// <summary>
    /// A case an agent or supervisor opens is theirs from the start (as helpdesks do), recorded as a take: history
    /// line and audit entry. Off: new cases wait in the unassigned queue.
    /// </summary>
    public bool AssignToOpener { get; set; } = true;

    /// <summary>Days after delivery within which each kind may be requested.</summary>
    public int RefundOnlyWindowDays { get; set; } = 15;

    public int ReturnWindowDays { get; set; } = 7;

    public int ExchangeWindowDays { get; set; } = 15;

    public int RepairWindowDays { get; set; } = 365;

    /// <summary>The reasons a buyer can give (shown translated where a translation exists).</summary>
    public List<string> Reasons { get; set; } = [];

    public static readonly string[] DefaultReasons =
    [
        "Not as described", "Damaged on arrival", "Wrong item sent", "Missing parts", "Quality problem",
        "Stopped working", "Not received", "Late delivery", "No longer needed",
    ];

    public IReadOnlyList<string> EffectiveReasons => Reasons.Count > 0 ? Reasons : DefaultReasons;

    /// <summary>The carriers a waybill can name (shown translated where a translation exists).</summary>
    public List<string> Carriers { get; set; } = [];

    public static readonly string[] DefaultCarriers =
    [
        "SF Express", "JD Logistics", "ZTO Express", "YTO Express", "STO Express", "Yunda Express", "EMS", "Other carrier",
    ];

    public IReadOnlyList<string> EffectiveCarriers => Carriers.Count > 0 ? Carriers : DefaultCarriers;

    public int WindowDays(CaseKind kind) => kind switch
    {
        CaseKind.RefundOnly => RefundOnlyWindowDays,
        CaseKind.ReturnAndRefund => ReturnWindowDays,
        CaseKind.Exchange => ExchangeWindowDays,
        _ => RepairWindowDays,
    };
}

/// <summary>A line of an earlier case on the same order.</summary>
public sealed record EarlierCaseLine(long CaseId, long OrderLineId, int Quantity, CaseKind Kind, CaseStatus Status, bool WasRefunded)
{
    /// <summary>
    /// Items stay "taken" while a case is open, and for good once refunded. Exchanged and repaired
    /// items are the buyer's again; rejected, closed and cancelled requests give them back.
    /// </summary>
    public bool TakesQuantity => !CaseTransitions.IsTerminal(Status) || WasRefunded;
}

/// <summary>
/// The rules for opening a case on an order, in one place, each refusal saying what is wrong:
/// the order must be paid, the stage must match the order, goods must have arrived for returns,
/// the request must be inside its window, quantities within what is left, and at most a fixed
/// number of cases per order line.
/// </summary>
public static class CasePolicy
{
    public static void Check(
        Order order, CaseKind kind, string reason, ProblemStage stage, IReadOnlyList<(long OrderLineId, int Quantity)> requested,
        IReadOnlyList<EarlierCaseLine> earlier, CaseLimits limits, DateTimeOffset now)
    {
        if (order.Status == OrderStatus.Created)
        {
            throw new DomainException($"Order {order.OrderNo} is not paid yet; there is nothing to refund or return.");
        }

        if (!limits.EffectiveReasons.Contains(reason))
        {
            throw new DomainException("Choose one of the listed reasons.");
        }

        var expectedStage = order.Status switch
        {
            OrderStatus.Paid => ProblemStage.BeforeShipment,
            OrderStatus.Shipped => ProblemStage.InTransit,
            _ => ProblemStage.AfterDelivery,
        };
        if (stage != expectedStage)
        {
            throw new DomainException($"Order {order.OrderNo} is {order.Status}, so the problem arose {Describe(expectedStage)}, not {Describe(stage)}.");
        }

        if (kind != CaseKind.RefundOnly && stage != ProblemStage.AfterDelivery)
        {
            throw new DomainException($"A {Describe(kind)} needs the goods to have arrived; before delivery the buyer can ask for a refund only.");
        }

        if (order.DeliveredAt is { } delivered && stage == ProblemStage.AfterDelivery)
        {
            var window = limits.WindowDays(kind);
            if (now > delivered.AddDays(window))
            {
                throw new DomainException($"A {Describe(kind)} can be requested up to {window} days after delivery; order {order.OrderNo} was delivered on {delivered:yyyy-MM-dd}.");
            }
        }

        if (requested.Count == 0 || requested.All(r => r.Quantity <= 0))
        {
            throw new DomainException("Choose at least one order line and a quantity.");
        }

        foreach (var (orderLineId, quantity) in requested)
        {
            var line = order.Lines.SingleOrDefault(l => l.Id == orderLineId)
                ?? throw new DomainException("That line is not on this order.");
            if (quantity < 0)
            {
                throw new DomainException($"The quantity of {line.ProductName} cannot be negative.");
            }

            if (quantity == 0)
            {
                continue;
            }

            var onLine = earlier.Where(e => e.OrderLineId == orderLineId).ToList();
            var casesOnLine = onLine.Select(e => e.CaseId).Distinct().Count();
            if (casesOnLine >= limits.MaxCasesPerOrderLine)
            {
                throw new DomainException($"{line.ProductName} already has {casesOnLine} after-sales cases; at most {limits.MaxCasesPerOrderLine} are allowed per order line.");
            }

            var taken = onLine.Where(e => e.TakesQuantity).Sum(e => e.Quantity);
            var left = line.Quantity - taken;
            if (quantity > left)
            {
                throw new DomainException(left == 0
                    ? $"All {line.Quantity} of {line.ProductName} are already covered by earlier cases."
                    : $"Only {left} of {line.Quantity} {line.ProductName} are left for a new case; earlier cases cover {taken}.");
            }
        }
    }

    private static string Describe(ProblemStage stage) => stage switch
    {
        ProblemStage.BeforeShipment => "before shipment",
        ProblemStage.InTransit => "in transit",
        _ => "after delivery",
    };

    private static string Describe(CaseKind kind) => kind switch
    {
        CaseKind.RefundOnly => "refund only",
        CaseKind.ReturnAndRefund => "return and refund",
        CaseKind.Exchange => "exchange",
        _ => "repair",
    };
}
