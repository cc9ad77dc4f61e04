using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Orders;
using AfterSalesDesk.Data.Refunds;
using AfterSalesDesk.Tests.Cases;
using AfterSalesDesk.Tests.Orders;
using FsCheck;
using FsCheck.Fluent;

namespace AfterSalesDesk.Tests.Refunds;

/// <summary>The money rules of refunds, by example and as properties over random inputs (FsCheck).</summary>
public class RefundRulesTests
{
    private static readonly RefundLimits Limits = new() { AgentLimitMinor = 5_000, DualApprovalAboveMinor = 10_000 };
    private static readonly CaseActor Supervisor2 = new("sup2-id", "supervisor2@demo.local", AfterSalesDesk.Data.Identity.Roles.Supervisor);

    [Fact]
    public void LineShares_OfAWholeLine_AddUpToWhatWasPaid_HoweverItIsSplit()
    {
        var gen =
            from paid in Gen.Choose(0, 2_000_000)
            from quantity in Gen.Choose(1, 40)
            from cuts in Gen.ListOf(Gen.Choose(1, 40))
            select (paid, quantity, cuts);
        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (paid, quantity, cuts) = input;
            var refunded = 0;
            long total = 0;
            foreach (var cut in cuts.Append(quantity))
            {
                var step = Math.Min(cut, quantity - refunded);
                if (step == 0)
                {
                    break;
                }

                var share = RefundMath.LineShare(paid, quantity, refunded, step);
                if (share < 0 || share > ((long)paid * step + quantity - 1) / quantity + 1)
                {
                    return false;
                }

                total += share;
                refunded += step;
            }

            return refunded == quantity && total == paid;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Deduction_StaysBetweenNothingAndEverything()
    {
        var gen = from gross in Gen.Choose(0, int.MaxValue) from points in Gen.Choose(0, 10_000) select (gross, points);
        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var deduction = RefundMath.Deduction(input.gross, input.points);
            return deduction >= 0 && deduction <= input.gross
                && (input.points != 0 || deduction == 0) && (input.points != 10_000 || deduction == input.gross);
        }).QuickCheckThrowOnFailure();
        Assert.Throws<DomainException>(() => RefundMath.Deduction(100, 10_001));
    }

    [Fact]
    public void AnySequenceOfProposalsAndDecisions_NeverRefundsMoreThanWasPaid_AndTheBalanceMatchesTheRefunds()
    {
        var step = from line in Gen.Choose(0, 1) from quantity in Gen.Choose(1, 3) from points in Gen.Choose(0, 10_000)
                   from shipping in Gen.Elements(true, false) from decision in Gen.Choose(0, 2) select (line, quantity, points, shipping, decision);
        Prop.ForAll(Gen.ListOf(step).ToArbitrary(), steps =>
        {
            var (afterSalesCase, order) = AwaitingRefund();
            var refunds = new List<Refund>();
            foreach (var (line, quantity, points, shipping, decision) in steps)
            {
                Refund refund;
                try
                {
                    refund = Refund.Propose(afterSalesCase, order, [(order.Lines[line].Id, quantity)], shipping, points, "scratches", refunds, Limits,
                        CaseBuilder.Agent, CaseBuilder.At);
                }
                catch (DomainException)
                {
                    continue;
                }

                refunds.Add(refund);
                if (refund.Status == RefundStatus.AwaitingApproval)
                {
                    if (decision == 0)
                    {
                        refund.Reject(CaseBuilder.Supervisor, "not justified", order, CaseBuilder.At);
                    }
                    else
                    {
                        refund.Approve(CaseBuilder.Supervisor, Limits, CaseBuilder.At);
                        if (refund.Status == RefundStatus.AwaitingApproval)
                        {
                            refund.Approve(Supervisor2, Limits, CaseBuilder.At);
                        }
                    }
                }

                if (refund.Status == RefundStatus.Granted)
                {
                    refund.Succeed("G-1", CaseBuilder.At);
                }

                if (order.RefundCommittedMinor > order.PaidMinor || order.Refundable.IsNegative)
                {
                    return false;
                }
            }

            return order.RefundCommittedMinor == refunds.Where(r => r.HoldsBalance).Sum(r => r.AmountMinor);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void ACaseForOneOfTwoItems_RefundsOneItem_NeverTwo_AcrossAllItsRefunds()
    {
        // Line 0 has 2 × 19.90; the case concerns 1 of them.
        var (afterSalesCase, order) = AwaitingRefund(caseLines: [(0, 1)]);
        var line = order.Lines[0].Id;

        var both = Assert.Throws<DomainException>(() => Refund.Propose(afterSalesCase, order, [(line, 2)], false, 0, null, [], Limits, CaseBuilder.Agent, CaseBuilder.At));
        var other = Assert.Throws<DomainException>(() => Refund.Propose(afterSalesCase, order, [(order.Lines[1].Id, 1)], false, 0, null, [], Limits, CaseBuilder.Agent, CaseBuilder.At));
        var twice = Assert.Throws<DomainException>(() => Refund.Propose(afterSalesCase, order, [(line, 1), (line, 1)], false, 0, null, [], Limits, CaseBuilder.Agent, CaseBuilder.At));
        Assert.Equal(0, order.RefundCommittedMinor);
        Assert.Equal("Case AS-TEST-1 concerns 1 of Earbuds; 1 of them are left to refund, not 2.", both.Message);
        Assert.Contains("not part of case AS-TEST-1", other.Message);
        Assert.Contains("listed twice", twice.Message);
        Assert.Equal(1, Refund.UnitsLeftOnCase(afterSalesCase, [])[line]);

        var paid = Refund.Propose(afterSalesCase, order, [(line, 1)], false, 0, null, [], Limits, CaseBuilder.Agent, CaseBuilder.At);
        paid.Succeed("G-1", CaseBuilder.At);
        Assert.Equal(1990, paid.AmountMinor);
        Assert.Equal(0, Refund.UnitsLeftOnCase(afterSalesCase, [paid])[line]);
        var more = Assert.Throws<DomainException>(() => Refund.Propose(afterSalesCase, order, [(line, 1)], false, 0, null, [paid], Limits, CaseBuilder.Agent, CaseBuilder.At));
        Assert.Contains("0 of them are left to refund", more.Message);
        Assert.Equal(1990, order.RefundCommittedMinor);
    }

    [Fact]
    public void ARejectedOrCancelledRefund_GivesItsItemsBackToTheCase_AFailedOneKeepsThem()
    {
        var (afterSalesCase, order) = AwaitingRefund(unitPrice: 8_000, caseLines: [(0, 1)]);
        var line = order.Lines[0].Id;
        var rejected = Refund.Propose(afterSalesCase, order, [(line, 1)], false, 0, null, [], Limits, CaseBuilder.Agent, CaseBuilder.At);
        Assert.Equal(RefundStatus.AwaitingApproval, rejected.Status);
        Assert.Equal(0, Refund.UnitsLeftOnCase(afterSalesCase, [rejected])[line]);
        rejected.Reject(CaseBuilder.Supervisor, "photos unclear", order, CaseBuilder.At);
        Assert.Equal(1, Refund.UnitsLeftOnCase(afterSalesCase, [rejected])[line]);

        var failed = Refund.Propose(afterSalesCase, order, [(line, 1)], false, 0, null, [rejected], Limits, CaseBuilder.Agent, CaseBuilder.At);
        failed.Approve(CaseBuilder.Supervisor, Limits, CaseBuilder.At);
        failed.StartAttempt(CaseBuilder.At, TimeSpan.FromMinutes(2));
        failed.AttemptFailed("refused", final: true, Limits, CaseBuilder.At);
        Assert.Equal(RefundStatus.Failed, failed.Status);
        Assert.Equal(0, Refund.UnitsLeftOnCase(afterSalesCase, [rejected, failed])[line]);
        failed.Cancel(CaseBuilder.Supervisor, "gateway never paid", order, CaseBuilder.At);

        var again = Refund.Propose(afterSalesCase, order, [(line, 1)], false, 0, null, [rejected, failed], Limits, CaseBuilder.Agent, CaseBuilder.At);
        Assert.Equal(8_000, again.AmountMinor);
        Assert.Equal(8_000, order.RefundCommittedMinor);
    }

    [Fact]
    public void ItemsACancelledRefundGaveBack_AreRefundedAgain_WithoutPayingTheLineMoreThanItPaid()
    {
        // A line of 2 items that paid 0.03 in all: its items are worth 0.01 and 0.02 (the odd fen goes to the second).
        var (afterSalesCase, order) = AwaitingRefund(caseLines: [(0, 2), (1, 1)], builder: new OrderBuilder().WithLine(2, 2, discountMinor: 1).WithLine(1, 10_000));
        var line = order.Lines[0].Id;
        var first = Refund.Propose(afterSalesCase, order, [(line, 1)], false, 0, null, [], Limits, CaseBuilder.Agent, CaseBuilder.At);
        first.StartAttempt(CaseBuilder.At, TimeSpan.FromMinutes(2));
        first.AttemptFailed("refused", final: true, Limits, CaseBuilder.At);
        var second = Refund.Propose(afterSalesCase, order, [(line, 1)], false, 0, null, [first], Limits, CaseBuilder.Agent, CaseBuilder.At);
        second.Succeed("G-2", CaseBuilder.At);
        Assert.Equal((1, 2), (first.AmountMinor, second.AmountMinor));

        first.Cancel(CaseBuilder.Supervisor, "never paid", order, CaseBuilder.At);
        var third = Refund.Propose(afterSalesCase, order, [(line, 1), (order.Lines[1].Id, 1)], false, 0, null, [first, second], Limits,
            CaseBuilder.Agent, CaseBuilder.At);

        // The line paid 3: the second got 2, so the third gets 1 for its item (not 2 again), plus the other line.
        Assert.Equal(1, third.Lines.Single(l => l.OrderLineId == line).AmountMinor);
        Assert.Equal(3, second.AmountMinor + third.Lines.Single(l => l.OrderLineId == line).AmountMinor);
    }

    [Fact]
    public void NoSequenceOfProposalsOnACase_RefundsMoreItemsOrMoreMoneyThanTheCasesLines()
    {
        // Small prices too, where an item's share of a line rounds down and the fens left over must go to exactly one item.
        var orderLine = from quantity in Gen.Choose(1, 4) from price in Gen.OneOf(Gen.Choose(1, 3), Gen.Choose(1, 9), Gen.Choose(10, 300_000))
                        from discount in Gen.OneOf(Gen.Constant(0), Gen.Choose(0, 3), Gen.Choose(0, 100)) select (quantity, price, discount);
        var step = from quantities in Gen.ListOf(Gen.OneOf(Gen.Choose(0, 1), Gen.Choose(0, 5))) from points in Gen.Elements(0, 0, 1_500, 10_000)
                   from shipping in Gen.Elements(true, false) from decision in Gen.Choose(0, 3) from cancel in Gen.Choose(-1, 1)
                   select (quantities, points, shipping, decision, cancel);
        // decision 0: rejected; 1: approved (if needed) and paid; 2: failed and cancelled; 3: failed and left failed.
        // cancel: before proposing, a supervisor cancels the earlier failed refund with this index, if there is one.
        var gen = from lines in Gen.NonEmptyListOf(orderLine).Select(l => l.Take(3).ToList())
                  from caseShares in Gen.ListOf(Gen.Choose(0, 4))
                  from steps in Gen.ListOf(step)
                  select (lines, caseShares, steps);
        // 5,000 sequences: the over-payment after a cancellation needs a few steps in the right order.
        var property = Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (lines, caseShares, steps) = input;
            var builder = new OrderBuilder();
            foreach (var (quantity, price, discount) in lines)
            {
                builder.WithLine(quantity, price, Math.Min(discount, price));
            }

            // The case concerns some items of some lines (at least one item).
            var caseLines = lines.Select((l, i) => (Line: i, Quantity: Math.Min(l.quantity, caseShares.ElementAtOrDefault(i)))).Where(l => l.Quantity > 0).ToList();
            if (caseLines.Count == 0)
            {
                caseLines = [(0, 1)];
            }

            var (afterSalesCase, order) = AwaitingRefund(caseLines: caseLines, builder: builder);
            var refunds = new List<Refund>();
            foreach (var (quantities, points, shipping, decision, cancel) in steps)
            {
                if (refunds.Where(r => r.Status == RefundStatus.Failed).ElementAtOrDefault(cancel) is { } failed)
                {
                    failed.Cancel(CaseBuilder.Supervisor, "never paid", order, CaseBuilder.At);
                }

                var requested = quantities.Take(order.Lines.Count).Select((q, i) => (order.Lines[i].Id, q)).ToList();
                Refund refund;
                try
                {
                    refund = Refund.Propose(afterSalesCase, order, requested, shipping, points, "scratches", refunds, Limits, CaseBuilder.Agent, CaseBuilder.At);
                }
                catch (DomainException)
                {
                    continue;
                }

                refunds.Add(refund);
                if (refund.Status == RefundStatus.AwaitingApproval)
                {
                    if (decision == 0)
                    {
                        refund.Reject(CaseBuilder.Supervisor, "not justified", order, CaseBuilder.At);
                        continue;
                    }

                    refund.Approve(CaseBuilder.Supervisor, Limits, CaseBuilder.At);
                    if (refund.Status == RefundStatus.AwaitingApproval)
                    {
                        refund.Approve(Supervisor2, Limits, CaseBuilder.At);
                    }
                }

                // Paid, failed for good, or failed and then cancelled (the gateway never paid it).
                refund.StartAttempt(CaseBuilder.At, TimeSpan.FromMinutes(2));
                if (decision == 1)
                {
                    refund.Succeed("G-1", CaseBuilder.At);
                }
                else
                {
                    refund.AttemptFailed("refused", final: true, Limits, CaseBuilder.At);
                    if (decision == 2)
                    {
                        refund.Cancel(CaseBuilder.Supervisor, "never paid", order, CaseBuilder.At);
                    }
                }
            }

            var holding = refunds.Where(r => r.HoldsBalance).ToList();
            foreach (var line in order.Lines)
            {
                var caseQuantity = afterSalesCase.Lines.Where(l => l.OrderLineId == line.Id).Sum(l => l.Quantity);
                var items = holding.SelectMany(r => r.Lines).Where(l => l.OrderLineId == line.Id).Sum(l => l.Quantity);
                var money = holding.SelectMany(r => r.Lines).Where(l => l.OrderLineId == line.Id).Sum(l => l.AmountMinor);
                if (items > caseQuantity || money > line.PaidAmount(order.Currency).Minor * caseQuantity / line.Quantity)
                {
                    return false;
                }
            }

            var caseWorth = afterSalesCase.Lines.Sum(cl => order.Lines.Single(l => l.Id == cl.OrderLineId) is var l ? l.PaidAmount(order.Currency).Minor * cl.Quantity / l.Quantity : 0);
            return holding.Sum(r => r.AmountMinor) <= caseWorth + order.ShippingFeeMinor
                && order.RefundCommittedMinor == holding.Sum(r => r.AmountMinor);
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(5_000), property);
    }

    [Fact]
    public void RefundingEverything_WithShipping_GivesBackExactlyWhatWasPaid()
    {
        var (afterSalesCase, order) = AwaitingRefund();
        var refund = Refund.Propose(afterSalesCase, order, order.Lines.Select(l => (l.Id, l.Quantity)).ToList(), includeShipping: true, 0, null, [],
            Limits, CaseBuilder.Agent, CaseBuilder.At);

        Assert.Equal(order.PaidMinor, refund.AmountMinor);
        Assert.Equal(0, order.Refundable.Minor);
        var more = Assert.Throws<DomainException>(() => Refund.Propose(afterSalesCase, order, [(order.Lines[0].Id, 1)], false, 0, null, [refund],
            Limits, CaseBuilder.Agent, CaseBuilder.At));
        Assert.Contains("in progress", more.Message);
    }

    [Fact]
    public void Formula_PaidLinesTimesOneMinusTheDeduction_PlusShippingOnlyForMerchantFault()
    {
        var (afterSalesCase, order) = AwaitingRefund(reason: "No longer needed");
        var lines = new[] { (order.Lines[0].Id, 1) };

        var refund = Refund.Propose(afterSalesCase, order, lines, false, 1_500, "opened packaging", [], Limits, CaseBuilder.Agent, CaseBuilder.At);

        // Line 0: 2 × 19.90 paid 39.80; one item 19.90; 15 % off: 16.92 (2.985 rounds to 2.99 away from zero... of 1990 × 0.15 = 298.5 → 299).
        Assert.Equal(1990, refund.LinesMinor);
        Assert.Equal(299, refund.DeductionMinor);
        Assert.Equal(1691, refund.AmountMinor);
        Assert.Throws<DomainException>(() => Refund.Propose(afterSalesCase, order, lines, false, 100, null, [], Limits, CaseBuilder.Agent, CaseBuilder.At));
        var (faultCase, faultOrder) = AwaitingRefund();
        Assert.Throws<DomainException>(() => Refund.Propose(afterSalesCase, order, lines, true, 0, null, [refund], Limits, CaseBuilder.Agent, CaseBuilder.At));
        Assert.Equal(600, Refund.Propose(faultCase, faultOrder, lines, true, 0, null, [], Limits, CaseBuilder.Agent, CaseBuilder.At).ShippingMinor);
    }

    [Theory]
    [InlineData(5_000, 0, RefundStatus.Granted)]
    [InlineData(5_001, 1, RefundStatus.AwaitingApproval)]
    [InlineData(10_000, 1, RefundStatus.AwaitingApproval)]
    [InlineData(10_001, 2, RefundStatus.AwaitingApproval)]
    public void Limits_DecideHowManySupervisorsApprove(long amount, int approvals, RefundStatus status)
    {
        var (afterSalesCase, order) = AwaitingRefund(unitPrice: amount);

        var refund = Refund.Propose(afterSalesCase, order, [(order.Lines[0].Id, 1)], false, 0, null, [], Limits, CaseBuilder.Agent, CaseBuilder.At);

        Assert.Equal(approvals, refund.RequiredApprovals);
        Assert.Equal(status, refund.Status);
        Assert.Equal(status == RefundStatus.Granted, refund.NextAttemptAt is not null);
    }

    [Fact]
    public void FourEyes_TheProposerNeverApproves_NobodyApprovesTwice_TwoDifferentSupervisorsGrant()
    {
        var (afterSalesCase, order) = AwaitingRefund(unitPrice: 20_000);
        var refund = Refund.Propose(afterSalesCase, order, [(order.Lines[0].Id, 1)], false, 0, null, [], Limits, CaseBuilder.Supervisor, CaseBuilder.At);

        var own = Assert.Throws<DomainException>(() => refund.Approve(CaseBuilder.Supervisor, Limits, CaseBuilder.At));
        refund.Approve(Supervisor2, Limits, CaseBuilder.At);
        var twice = Assert.Throws<DomainException>(() => refund.Approve(Supervisor2, Limits, CaseBuilder.At));
        var agent = Assert.Throws<DomainException>(() => refund.Approve(CaseBuilder.Agent, Limits, CaseBuilder.At));

        Assert.Contains("proposed", own.Message);
        Assert.Contains("already approved", twice.Message);
        Assert.Contains("Only supervisors", agent.Message);
        Assert.Equal(RefundStatus.AwaitingApproval, refund.Status);
        refund.Approve(new CaseActor("sup3", "supervisor3", AfterSalesDesk.Data.Identity.Roles.Supervisor), Limits, CaseBuilder.At);
        Assert.Equal(RefundStatus.Granted, refund.Status);
    }

    [Fact]
    public void LimitsAreCheckedAgainAtApproval_ALoweredThresholdNeedsASecondSupervisor()
    {
        var (afterSalesCase, order) = AwaitingRefund(unitPrice: 8_000);
        var refund = Refund.Propose(afterSalesCase, order, [(order.Lines[0].Id, 1)], false, 0, null, [], Limits, CaseBuilder.Agent, CaseBuilder.At);
        Assert.Equal(1, refund.RequiredApprovals);

        refund.Approve(CaseBuilder.Supervisor, new RefundLimits { AgentLimitMinor = 1_000, DualApprovalAboveMinor = 5_000 }, CaseBuilder.At);

        Assert.Equal(2, refund.RequiredApprovals);
        Assert.Equal(RefundStatus.AwaitingApproval, refund.Status);
    }

    [Fact]
    public void Rejection_NeedsAReason_AndGivesTheBalanceBack()
    {
        var (afterSalesCase, order) = AwaitingRefund(unitPrice: 8_000);
        var refund = Refund.Propose(afterSalesCase, order, [(order.Lines[0].Id, 1)], false, 0, null, [], Limits, CaseBuilder.Agent, CaseBuilder.At);
        Assert.Equal(8_000, order.RefundCommittedMinor);

        Assert.Throws<DomainException>(() => refund.Reject(CaseBuilder.Supervisor, " ", order, CaseBuilder.At));
        refund.Reject(CaseBuilder.Supervisor, "Photos show no defect", order, CaseBuilder.At);

        Assert.Equal(RefundStatus.Rejected, refund.Status);
        Assert.Equal(0, order.RefundCommittedMinor);
    }

    [Fact]
    public void Execution_RetriesWithBackoff_ThenFailsForAPerson()
    {
        var (afterSalesCase, order) = AwaitingRefund();
        var refund = Refund.Propose(afterSalesCase, order, [(order.Lines[0].Id, 1)], false, 0, null, [], Limits, CaseBuilder.Agent, CaseBuilder.At);
        var limits = new RefundLimits { MaxAttempts = 3, RetryBaseSeconds = 10 };
        var at = CaseBuilder.At;

        refund.StartAttempt(at, TimeSpan.FromMinutes(2));
        Assert.Throws<DomainException>(() => refund.StartAttempt(at, TimeSpan.FromMinutes(2)));
        refund.AttemptFailed("timeout", false, limits, at);
        Assert.Equal(at.AddSeconds(10), refund.NextAttemptAt);
        refund.StartAttempt(at.AddSeconds(10), TimeSpan.FromMinutes(2));
        refund.AttemptFailed("timeout", false, limits, at.AddSeconds(10));
        Assert.Equal(at.AddSeconds(30), refund.NextAttemptAt);
        refund.StartAttempt(at.AddSeconds(30), TimeSpan.FromMinutes(2));
        refund.AttemptFailed("timeout", false, limits, at.AddSeconds(30));

        Assert.Equal(RefundStatus.Failed, refund.Status);
        Assert.Null(refund.NextAttemptAt);
        Assert.True(refund.HoldsBalance, "a failed refund may still have been paid: its balance stays reserved until a person decides");
    }

    [Fact]
    public void Retry_OfAFailedRefund_GrantsItAgainUnderTheSameKey_WithAFreshRoundOfAttempts()
    {
        var (afterSalesCase, order) = AwaitingRefund();
        var refund = FailedRefund(afterSalesCase, order);
        var key = refund.IdempotencyKey;
        var committed = order.RefundCommittedMinor;
        var later = CaseBuilder.At.AddHours(3);

        var agent = Assert.Throws<DomainException>(() => refund.Retry(CaseBuilder.Agent, [refund], later));
        refund.Retry(CaseBuilder.Supervisor, [refund], later);

        Assert.Contains("Only supervisors", agent.Message);
        Assert.Equal(RefundStatus.Granted, refund.Status);
        Assert.Equal(key, refund.IdempotencyKey);
        Assert.Equal(0, refund.Attempts);
        Assert.Equal(later, refund.NextAttemptAt);
        Assert.Null(refund.LastError);
        Assert.Equal(committed, order.RefundCommittedMinor);
        refund.StartAttempt(later, TimeSpan.FromMinutes(2));
        Assert.Equal(1, refund.Attempts);
    }

    [Fact]
    public void RetryAndCancel_OfARefundThatHasNotFailed_AreRefused()
    {
        var (afterSalesCase, order) = AwaitingRefund(unitPrice: 8_000);
        var waiting = Refund.Propose(afterSalesCase, order, [(order.Lines[0].Id, 1)], false, 0, null, [], Limits, CaseBuilder.Agent, CaseBuilder.At);
        var (retriedCase, retriedOrder) = AwaitingRefund();
        var retried = FailedRefund(retriedCase, retriedOrder);
        retried.Retry(CaseBuilder.Supervisor, [retried], CaseBuilder.At);
        var (paidCase, paidOrder) = AwaitingRefund();
        var paid = FailedRefund(paidCase, paidOrder);
        paid.Succeed("G-1", CaseBuilder.At);

        foreach (var (refund, itsOrder) in new[] { (waiting, order), (retried, retriedOrder), (paid, paidOrder) })
        {
            var status = refund.Status;
            var committed = itsOrder.RefundCommittedMinor;
            var retry = Assert.Throws<DomainException>(() => refund.Retry(CaseBuilder.Supervisor, [refund], CaseBuilder.At));
            var cancel = Assert.Throws<DomainException>(() => refund.Cancel(CaseBuilder.Supervisor, "gateway says unpaid", itsOrder, CaseBuilder.At));

            Assert.Equal($"This refund is {status}; only a failed refund can be retried.", retry.Message);
            Assert.Equal($"This refund is {status}; only a failed refund can be cancelled.", cancel.Message);
            Assert.Equal(status, refund.Status);
            Assert.Equal(committed, itsOrder.RefundCommittedMinor);
        }
    }

    [Fact]
    public void Retry_WhileAnotherRefundOfTheCaseIsInProgress_IsRefused()
    {
        var (afterSalesCase, order) = AwaitingRefund();
        var failed = FailedRefund(afterSalesCase, order);
        var second = Refund.Propose(afterSalesCase, order, [(order.Lines[0].Id, 1)], false, 0, null, [failed], Limits, CaseBuilder.Agent, CaseBuilder.At);
        Assert.Equal(RefundStatus.Granted, second.Status);

        var refused = Assert.Throws<DomainException>(() => failed.Retry(CaseBuilder.Supervisor, [failed, second], CaseBuilder.At));

        Assert.Contains("another refund in progress", refused.Message);
        Assert.Equal(RefundStatus.Failed, failed.Status);
    }

    [Fact]
    public void Cancel_OfAFailedRefund_NeedsASupervisorAndAReason_ReleasesTheBalance_AndTheItemsCanBeProposedAgain()
    {
        var (afterSalesCase, order) = AwaitingRefund();
        var refund = FailedRefund(afterSalesCase, order, quantity: 2);
        Assert.Equal(refund.AmountMinor, order.RefundCommittedMinor);
        var again = () => Refund.Propose(afterSalesCase, order, [(order.Lines[0].Id, 2)], false, 0, null, [refund], Limits, CaseBuilder.Agent, CaseBuilder.At);
        Assert.Throws<DomainException>(again);

        var agent = Assert.Throws<DomainException>(() => refund.Cancel(CaseBuilder.Agent, "gateway says unpaid", order, CaseBuilder.At));
        var noReason = Assert.Throws<DomainException>(() => refund.Cancel(CaseBuilder.Supervisor, "  ", order, CaseBuilder.At));
        var tooLong = Assert.Throws<DomainException>(() => refund.EnsureCancellable(CaseBuilder.Supervisor, new string('x', 1001)));
        Assert.Equal(RefundStatus.Failed, refund.Status);
        refund.Cancel(CaseBuilder.Supervisor, " Gateway confirmed it never paid; buyer gets a bank transfer ", order, CaseBuilder.At);

        Assert.Contains("Only supervisors", agent.Message);
        Assert.Contains("needs a reason", noReason.Message);
        Assert.Contains("needs a reason", tooLong.Message);
        Assert.Equal(RefundStatus.Cancelled, refund.Status);
        Assert.False(refund.HoldsBalance);
        Assert.Equal(0, order.RefundCommittedMinor);
        Assert.Equal(CaseBuilder.Supervisor.Name, refund.RejectedBy);
        Assert.Equal("Gateway confirmed it never paid; buyer gets a bank transfer", refund.RejectionReason);
        Assert.Equal(refund.AmountMinor, again().AmountMinor);
        Assert.Throws<DomainException>(() => refund.Cancel(CaseBuilder.Supervisor, "twice", order, CaseBuilder.At));
        Assert.Equal(refund.AmountMinor, order.RefundCommittedMinor);
    }

    [Fact]
    public void AFailedRefundTheGatewayDidPay_IsMarkedPaid_AndKeepsItsBalance()
    {
        var (afterSalesCase, order) = AwaitingRefund();
        var refund = FailedRefund(afterSalesCase, order);

        refund.Succeed("SIM-1", CaseBuilder.At);

        Assert.Equal(RefundStatus.Succeeded, refund.Status);
        Assert.Equal("SIM-1", refund.GatewayReference);
        Assert.Equal(refund.AmountMinor, order.RefundCommittedMinor);
        Assert.False(refund.AwaitsAPerson);
    }

    /// <summary>A refund of <paramref name="quantity"/> items of the first line that the gateway refused for good.</summary>
    private static Refund FailedRefund(AfterSalesCase afterSalesCase, Order order, int quantity = 1)
    {
        var refund = Refund.Propose(afterSalesCase, order, [(order.Lines[0].Id, quantity)], false, 0, null, [], Limits, CaseBuilder.Agent, CaseBuilder.At);
        refund.StartAttempt(CaseBuilder.At, TimeSpan.FromMinutes(2));
        refund.AttemptFailed("Refused by the gateway: account closed", final: true, Limits, CaseBuilder.At);
        Assert.Equal(RefundStatus.Failed, refund.Status);
        Assert.True(refund.AwaitsAPerson);
        return refund;
    }

    /// <summary>
    /// A case awaiting a refund on the builder's order; by default the case concerns every item of the order,
    /// else <paramref name="caseLines"/> (order line index, quantity).
    /// </summary>
    private static (AfterSalesCase Case, Order Order) AwaitingRefund(
        long? unitPrice = null, string reason = "Quality problem", IReadOnlyList<(int Line, int Quantity)>? caseLines = null, OrderBuilder? builder = null)
    {
        builder ??= new OrderBuilder();
        if (unitPrice is { } price)
        {
            builder.WithLine(1, price);
        }

        var order = builder.BuildIn(OrderStatus.Delivered);
        var id = 1L;
        foreach (var line in order.Lines)
        {
            typeof(OrderLine).GetProperty(nameof(OrderLine.Id))!.SetValue(line, id++);
        }

        var lines = caseLines?.Select(l => (order.Lines[l.Line].Id, l.Quantity)).ToList() ?? order.Lines.Select(l => (l.Id, l.Quantity)).ToList();
        var afterSalesCase = AfterSalesCase.Open("AS-TEST-1", order, CaseKind.RefundOnly, reason, ProblemStage.AfterDelivery, "", lines,
            CaseBuilder.Agent, CaseBuilder.At);
        foreach (var action in CaseTransitions.ShortestPath(CaseKind.RefundOnly, CaseStatus.AwaitingRefund)!)
        {
            afterSalesCase.Apply(action, CaseBuilder.ActorFor(action), "test", CaseBuilder.At);
        }

        return (afterSalesCase, order);
    }
}
