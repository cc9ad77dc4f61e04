using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Identity;

namespace AfterSalesDesk.Tests.Cases;

/// <summary>The per-kind transition table, tested exhaustively: every pair of states, every action, every role.</summary>
public class CaseTransitionTests
{
    private static readonly CaseStatus[] States = Enum.GetValues<CaseStatus>();

    /// <summary>The expected moves, written out per kind as the product defines them (not derived from the code).</summary>
    private static readonly Dictionary<CaseKind, string> Expected = new()
    {
        [CaseKind.RefundOnly] = """
            Submitted -> AwaitingMerchant CancelledByBuyer Closed
            AwaitingMerchant -> MerchantAgreed MerchantRejected MerchantCounterOffered CancelledByBuyer Escalated
            MerchantAgreed -> AwaitingRefund
            MerchantRejected -> AwaitingMerchant Escalated Closed
            MerchantCounterOffered -> MerchantAgreed Escalated CancelledByBuyer
            Escalated -> AwaitingRefund Closed
            AwaitingRefund -> Refunded
            Refunded -> Resolved
            Resolved -> Closed
            """,
        [CaseKind.ReturnAndRefund] = """
            Submitted -> AwaitingMerchant CancelledByBuyer Closed
            AwaitingMerchant -> MerchantAgreed MerchantRejected MerchantCounterOffered CancelledByBuyer Escalated
            MerchantAgreed -> AwaitingReturnShipment
            MerchantRejected -> AwaitingMerchant Escalated Closed
            MerchantCounterOffered -> MerchantAgreed AwaitingRefund Escalated CancelledByBuyer
            AwaitingReturnShipment -> ReturnInTransit CancelledByBuyer Closed
            ReturnInTransit -> ReturnReceived Escalated
            ReturnReceived -> Inspected
            Inspected -> AwaitingRefund Escalated
            Escalated -> AwaitingReturnShipment AwaitingRefund Closed
            AwaitingRefund -> Refunded
            Refunded -> Resolved
            Resolved -> Closed
            """,
        [CaseKind.Exchange] = """
            Submitted -> AwaitingMerchant CancelledByBuyer Closed
            AwaitingMerchant -> MerchantAgreed MerchantRejected MerchantCounterOffered CancelledByBuyer Escalated
            MerchantAgreed -> AwaitingReturnShipment
            MerchantRejected -> AwaitingMerchant Escalated Closed
            MerchantCounterOffered -> MerchantAgreed AwaitingRefund Escalated CancelledByBuyer
            AwaitingReturnShipment -> ReturnInTransit CancelledByBuyer Closed
            ReturnInTransit -> ReturnReceived Escalated
            ReturnReceived -> Inspected
            Inspected -> ReplacementShipped Escalated
            ReplacementShipped -> Resolved
            Escalated -> AwaitingReturnShipment AwaitingRefund Closed
            AwaitingRefund -> Refunded
            Refunded -> Resolved
            Resolved -> Closed
            """,
        [CaseKind.Repair] = """
            Submitted -> AwaitingMerchant CancelledByBuyer Closed
            AwaitingMerchant -> MerchantAgreed MerchantRejected MerchantCounterOffered CancelledByBuyer Escalated
            MerchantAgreed -> AwaitingReturnShipment
            MerchantRejected -> AwaitingMerchant Escalated Closed
            MerchantCounterOffered -> MerchantAgreed Escalated CancelledByBuyer
            AwaitingReturnShipment -> ReturnInTransit CancelledByBuyer Closed
            ReturnInTransit -> ReturnReceived Escalated
            ReturnReceived -> Inspected
            Inspected -> Repairing RepairedAndShippedBack Escalated
            Repairing -> RepairedAndShippedBack
            RepairedAndShippedBack -> Resolved
            Escalated -> AwaitingReturnShipment AwaitingRefund Closed
            AwaitingRefund -> Refunded
            Refunded -> Resolved
            Resolved -> Closed
            """,
    };

    public static TheoryData<CaseKind, CaseStatus, CaseStatus> EveryPairOfEveryKind()
    {
        var data = new TheoryData<CaseKind, CaseStatus, CaseStatus>();
        foreach (var kind in Enum.GetValues<CaseKind>())
        {
            foreach (var from in States)
            {
                foreach (var to in States)
                {
                    data.Add(kind, from, to);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPairOfEveryKind))]
    public void Table_ForEveryPairOfStates_AllowsExactlyTheExpectedMoves(CaseKind kind, CaseStatus from, CaseStatus to)
    {
        var expected = Parse(Expected[kind]).Contains((from, to));

        Assert.Equal(expected, CaseTransitions.IsAllowed(kind, from, to));
    }

    [Theory]
    [MemberData(nameof(EveryPairOfEveryKind))]
    public void Apply_ForEveryReachablePair_MovesOrRefusesAsTheTableSays(CaseKind kind, CaseStatus from, CaseStatus to)
    {
        if (CaseBuilder.PathTo(kind, from) is null)
        {
            return; // a state this kind never reaches (e.g. Repairing for a refund) has no case to test
        }

        foreach (var (action, rule) in CaseActions.Rules.Where(r => r.Value.Target == to))
        {
            var afterSalesCase = CaseBuilder.OpenIn(kind, from);
            var historyBefore = afterSalesCase.History.Count;
            var allowed = CaseTransitions.IsAllowed(kind, from, to) && (rule.From is null || rule.From.Contains(from));

            var error = Record.Exception(() => afterSalesCase.Apply(action, CaseBuilder.ActorFor(action), "reason given", CaseBuilder.At, step: CaseBuilder.Facts()));

            if (allowed)
            {
                Assert.Null(error);
                Assert.Equal(to, afterSalesCase.Status);
                var last = afterSalesCase.History[^1];
                Assert.Equal((from, to, action), (last.From!.Value, last.To, last.Action!.Value));
                Assert.EndsWith("reason given", last.Reason);
            }
            else
            {
                var refusal = Assert.IsType<DomainException>(error);
                Assert.Contains("is not possible now", refusal.Message);
                Assert.Equal(from, afterSalesCase.Status);
                Assert.Equal(historyBefore, afterSalesCase.History.Count);
            }
        }
    }

    [Theory]
    [InlineData(CaseKind.RefundOnly)]
    [InlineData(CaseKind.ReturnAndRefund)]
    [InlineData(CaseKind.Exchange)]
    [InlineData(CaseKind.Repair)]
    public void EveryState_OfItsKind_IsReachableAndTerminalStatesAreFinal(CaseKind kind)
    {
        var reachable = States.Where(s => CaseBuilder.PathTo(kind, s) is not null).ToHashSet();

        Assert.Contains(CaseStatus.Closed, reachable);
        Assert.Contains(CaseStatus.CancelledByBuyer, reachable);
        Assert.Contains(CaseStatus.Resolved, reachable);
        Assert.All(Parse(Expected[kind]).Select(p => p.To), to => Assert.Contains(to, reachable));
        Assert.Empty(CaseBuilder.OpenIn(kind, CaseStatus.Closed).AvailableActions(Roles.Supervisor));
        Assert.Empty(CaseBuilder.OpenIn(kind, CaseStatus.CancelledByBuyer).AvailableActions(Roles.Supervisor));
    }

    [Fact]
    public void Apply_WhenRoleNotAllowed_IsRefused()
    {
        var afterSalesCase = CaseBuilder.OpenIn(CaseKind.RefundOnly, CaseStatus.AwaitingMerchant);

        var error = Assert.Throws<DomainException>(() => afterSalesCase.Apply(CaseAction.MerchantAgree, CaseBuilder.Agent, null, CaseBuilder.At));

        Assert.Equal("A Agent cannot do \"MerchantAgree\" on a case.", error.Message);
        Assert.Equal(CaseStatus.AwaitingMerchant, afterSalesCase.Status);
        Assert.DoesNotContain(CaseAction.MerchantAgree, afterSalesCase.AvailableActions(Roles.Agent));
        Assert.Contains(CaseAction.MerchantAgree, afterSalesCase.AvailableActions(Roles.Merchant));
    }

    /// <summary>A buyer (through a storefront) decides what is theirs to decide, and asks the platform in only on the merchant's answer.</summary>
    [Fact]
    public void ABuyer_AnswersOffers_SendsGoodsBack_AndCancels_ButWorksNothingElse()
    {
        var buyer = new CaseActor("api:1", "B-1 (Storefront)", Roles.Buyer);

        Assert.Equal([CaseAction.CancelForBuyer], CaseBuilder.OpenIn(CaseKind.ReturnAndRefund, CaseStatus.AwaitingMerchant).AvailableActions(Roles.Buyer));
        Assert.Equal([CaseAction.AcceptCounterOffer, CaseAction.Escalate, CaseAction.CancelForBuyer],
            CaseBuilder.OpenIn(CaseKind.ReturnAndRefund, CaseStatus.MerchantCounterOffered).AvailableActions(Roles.Buyer));
        Assert.Equal([CaseAction.RecordReturnShipment, CaseAction.CancelForBuyer],
            CaseBuilder.OpenIn(CaseKind.ReturnAndRefund, CaseStatus.AwaitingReturnShipment).AvailableActions(Roles.Buyer));
        Assert.Empty(CaseBuilder.OpenIn(CaseKind.ReturnAndRefund, CaseStatus.ReturnReceived).AvailableActions(Roles.Buyer));

        var waiting = CaseBuilder.OpenIn(CaseKind.RefundOnly, CaseStatus.AwaitingMerchant);
        var escalate = Assert.Throws<DomainException>(() => waiting.Apply(CaseAction.Escalate, buyer, "Hurry up", CaseBuilder.At));
        Assert.Contains("a buyer asks the platform to step in", escalate.Message, StringComparison.Ordinal);
        Assert.Equal("A Buyer cannot do \"MerchantAgree\" on a case.",
            Assert.Throws<DomainException>(() => waiting.Apply(CaseAction.MerchantAgree, buyer, null, CaseBuilder.At)).Message);
        Assert.Equal(CaseStatus.AwaitingMerchant, waiting.Status);
    }

    [Theory]
    [InlineData(Roles.Manager)]
    [InlineData(Roles.Admin)]
    public void AvailableActions_ForRolesThatDoNotWorkCases_AreNone(string role)
    {
        Assert.Empty(CaseBuilder.OpenIn(CaseKind.ReturnAndRefund, CaseStatus.AwaitingMerchant).AvailableActions(role));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void Apply_WhenReasonRequiredButMissing_IsRefused(string? reason)
    {
        var afterSalesCase = CaseBuilder.OpenIn(CaseKind.ReturnAndRefund, CaseStatus.AwaitingMerchant);

        var error = Assert.Throws<DomainException>(() => afterSalesCase.Apply(CaseAction.MerchantReject, CaseBuilder.Merchant, reason, CaseBuilder.At));

        Assert.Equal("\"MerchantReject\" needs a written reason.", error.Message);
    }

    [Fact]
    public void Apply_WhenRefunded_MarksTheCaseRefundedForGood()
    {
        var afterSalesCase = CaseBuilder.OpenIn(CaseKind.RefundOnly, CaseStatus.Closed);
        var refunded = CaseBuilder.OpenIn(CaseKind.RefundOnly, CaseStatus.Refunded);
        refunded.Apply(CaseAction.Resolve, CaseBuilder.Agent, null, CaseBuilder.At);
        refunded.Apply(CaseAction.Close, CaseBuilder.Agent, "done", CaseBuilder.At);

        Assert.False(afterSalesCase.WasRefunded);
        Assert.True(refunded.WasRefunded);
        Assert.Equal(CaseStatus.Closed, refunded.Status);
    }

    [Fact]
    public void AddMessage_WhenMerchantWritesInternalNote_IsRefused()
    {
        var afterSalesCase = CaseBuilder.Open(CaseKind.Exchange);

        Assert.Throws<DomainException>(() => afterSalesCase.AddMessage(MessageVisibility.Internal, "psst", CaseBuilder.Merchant, CaseBuilder.At));
        Assert.Empty(afterSalesCase.Messages);
    }

    private static HashSet<(CaseStatus From, CaseStatus To)> Parse(string table) =>
        table.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SelectMany(line =>
            {
                var parts = line.Split("->", StringSplitOptions.TrimEntries);
                var from = Enum.Parse<CaseStatus>(parts[0]);
                return parts[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(to => (from, Enum.Parse<CaseStatus>(to)));
            })
            .ToHashSet();
}
