using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Orders;
using AfterSalesDesk.Tests.Orders;

namespace AfterSalesDesk.Tests.Cases;

/// <summary>Builds cases for tests, and walks them to any reachable state through allowed actions only.</summary>
public static class CaseBuilder
{
    public static readonly CaseActor Agent = new("agent-id", "agent1@demo.local", Roles.Agent);
    public static readonly CaseActor Supervisor = new("sup-id", "supervisor1@demo.local", Roles.Supervisor);
    public static readonly CaseActor Merchant = new("m-id", "merchant1@demo.local", Roles.Merchant);
    public static readonly DateTimeOffset At = OrderBuilder.Placed.AddDays(5);

    public static AfterSalesCase Open(CaseKind kind, Order? order = null)
    {
        order ??= new OrderBuilder().BuildIn(OrderStatus.Delivered);
        var stage = kind == CaseKind.RefundOnly && order.Status == OrderStatus.Paid ? ProblemStage.BeforeShipment : ProblemStage.AfterDelivery;
        return AfterSalesCase.Open("AS-TEST-1", order, kind, "Quality problem", stage, "It broke.", [(0, 1)], Agent, At);
    }

    public static IReadOnlyList<CaseAction>? PathTo(CaseKind kind, CaseStatus target) => CaseTransitions.ShortestPath(kind, target);

    public static AfterSalesCase OpenIn(CaseKind kind, CaseStatus status)
    {
        var afterSalesCase = Open(kind);
        foreach (var action in PathTo(kind, status) ?? throw new InvalidOperationException($"{status} is unreachable for {kind}"))
        {
            afterSalesCase.Apply(action, ActorFor(action), "because the test says so", At, step: Facts());
        }

        return afterSalesCase;
    }

    /// <summary>Clocks get their ids from the database; in memory the test numbers them.</summary>
    public static AfterSalesCase WithClockIds(AfterSalesCase afterSalesCase)
    {
        var id = 1L;
        foreach (var deadline in afterSalesCase.Deadlines)
        {
            if (deadline.Id == 0)
            {
                typeof(AfterSalesDesk.Data.Sla.CaseDeadline).GetProperty(nameof(AfterSalesDesk.Data.Sla.CaseDeadline.Id))!
                    .SetValue(deadline, afterSalesCase.Deadlines.Max(d => d.Id) + id++);
            }
        }

        return afterSalesCase;
    }

    private static int waybills;

    /// <summary>
    /// Facts that let any move happen: a fresh waybill, goods accepted as described, a repair inside its
    /// warranty. Tests of the facts' own rules pass their own.
    /// </summary>
    public static CaseStep Facts() => new()
    {
        Waybill = new Waybill("SF Express", $"SF{Interlocked.Increment(ref waybills):D10}"),
        Inspection = new InspectionInput(InspectionResult.Accepted, 0, null, null),
        Offer = new OfferInput(OfferKind.Other, null),
        Warranty = new WarrantyCheck(true, At.AddMonths(12), "Inside warranty (test)."),
    };

    public static CaseActor ActorFor(CaseAction action)
    {
        var roles = CaseActions.Rules[action].Roles;
        return roles.Contains(Roles.Agent) ? Agent : roles.Contains(Roles.Merchant) ? Merchant : Supervisor;
    }
}
