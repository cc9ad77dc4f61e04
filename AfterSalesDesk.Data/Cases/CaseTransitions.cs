namespace AfterSalesDesk.Data.Cases;

using static CaseStatus;

/// <summary>
/// The one table of allowed moves, per kind. Anything not listed is refused, whoever asks.
/// Terminal states (Closed, CancelledByBuyer) have no way out.
/// </summary>
public static class CaseTransitions
{
    private static readonly Dictionary<CaseStatus, CaseStatus[]> Common = new()
    {
        [Submitted] = [AwaitingMerchant, CancelledByBuyer, Closed],
        [AwaitingMerchant] = [MerchantAgreed, MerchantRejected, MerchantCounterOffered, CancelledByBuyer, Escalated],
        [MerchantRejected] = [AwaitingMerchant, Escalated, Closed],
        [AwaitingRefund] = [Refunded],
        [Refunded] = [Resolved],
        [Resolved] = [Closed],
        [Closed] = [],
        [CancelledByBuyer] = [],
    };

    /// <summary>The states a return of goods passes through, shared by returns, exchanges and repairs.</summary>
    private static readonly Dictionary<CaseStatus, CaseStatus[]> GoodsBack = new()
    {
        [MerchantAgreed] = [AwaitingReturnShipment],
        [AwaitingReturnShipment] = [ReturnInTransit, CancelledByBuyer, Closed],
        [ReturnInTransit] = [ReturnReceived, Escalated],
        [ReturnReceived] = [Inspected],
    };

    public static readonly IReadOnlyDictionary<CaseKind, IReadOnlyDictionary<CaseStatus, CaseStatus[]>> Table =
        new Dictionary<CaseKind, IReadOnlyDictionary<CaseStatus, CaseStatus[]>>
        {
            [CaseKind.RefundOnly] = Build(Common, new()
            {
                [MerchantAgreed] = [AwaitingRefund],
                [MerchantCounterOffered] = [MerchantAgreed, Escalated, CancelledByBuyer],
                [Escalated] = [AwaitingRefund, Closed],
            }),
            [CaseKind.ReturnAndRefund] = Build(Common, GoodsBack, new()
            {
                [MerchantCounterOffered] = [MerchantAgreed, AwaitingRefund, Escalated, CancelledByBuyer],
                [Inspected] = [AwaitingRefund, Escalated],
                [Escalated] = [AwaitingReturnShipment, AwaitingRefund, Closed],
            }),
            [CaseKind.Exchange] = Build(Common, GoodsBack, new()
            {
                [MerchantCounterOffered] = [MerchantAgreed, AwaitingRefund, Escalated, CancelledByBuyer],
                [Inspected] = [ReplacementShipped, Escalated],
                [ReplacementShipped] = [Resolved],
                [Escalated] = [AwaitingReturnShipment, AwaitingRefund, Closed],
            }),
            [CaseKind.Repair] = Build(Common, GoodsBack, new()
            {
                [MerchantCounterOffered] = [MerchantAgreed, Escalated, CancelledByBuyer],
                [Inspected] = [Repairing, RepairedAndShippedBack, Escalated],
                [Repairing] = [RepairedAndShippedBack],
                [RepairedAndShippedBack] = [Resolved],
                [Escalated] = [AwaitingReturnShipment, AwaitingRefund, Closed],
            }),
        };

    /// <summary>
    /// The kinds whose goods go back to the merchant (they pass through the return states above): returns, exchanges and
    /// repairs. The product quality's returns (decision 0027).
    /// </summary>
    public static readonly IReadOnlyList<CaseKind> GoodsGoBack = Table.Where(t => t.Value.ContainsKey(AwaitingReturnShipment)).Select(t => t.Key).ToList();

    public static bool IsTerminal(CaseStatus status) => status is Closed or CancelledByBuyer;

    public static bool IsAllowed(CaseKind kind, CaseStatus from, CaseStatus to) =>
        Table[kind].TryGetValue(from, out var next) && next.Contains(to);

    /// <summary>
    /// The shortest sequence of actions that takes a case of this kind from <paramref name="from"/> (a new case: Submitted)
    /// to the target state, or null when the kind never gets there. Used to build demo data that only ever moves legally.
    /// </summary>
    public static IReadOnlyList<CaseAction>? ShortestPath(CaseKind kind, CaseStatus target, CaseStatus from = Submitted)
    {
        var queue = new Queue<(CaseStatus Status, List<CaseAction> Path)>();
        var seen = new HashSet<CaseStatus> { from };
        queue.Enqueue((from, []));
        while (queue.Count > 0)
        {
            var (status, path) = queue.Dequeue();
            if (status == target)
            {
                return path;
            }

            foreach (var (action, rule) in CaseActions.Rules)
            {
                if ((rule.From is null || rule.From.Contains(status)) && IsAllowed(kind, status, rule.Target) && seen.Add(rule.Target))
                {
                    queue.Enqueue((rule.Target, [.. path, action]));
                }
            }
        }

        return null;
    }

    private static IReadOnlyDictionary<CaseStatus, CaseStatus[]> Build(params Dictionary<CaseStatus, CaseStatus[]>[] parts)
    {
        var table = new Dictionary<CaseStatus, CaseStatus[]>();
        foreach (var part in parts)
        {
            foreach (var (from, to) in part)
            {
                table[from] = to;
            }
        }

        return table;
    }
}
