using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Customers;
using AfterSalesDesk.Data.Risk;

namespace AfterSalesDesk.Tests.Risk;

/// <summary>
/// The score's arithmetic, factor by factor, against the configured rules (the tests read each factor's points from
/// the rules, so they keep proving the rule when the defaults are tuned).
/// </summary>
public sealed class RiskScorerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);

    private static readonly RiskRules Rules = new();

    /// <summary>An old account's ordinary return, two weeks after delivery: nothing to say.</summary>
    private static RiskFacts Quiet() => new()
    {
        At = Now,
        Kind = CaseKind.ReturnAndRefund,
        Reason = "Not as described",
        OrderedAt = Now.AddDays(-20),
        DeliveredAt = Now.AddDays(-14),
        OrderPaidMinor = 10_000,
        AccountCreatedAt = Now.AddYears(-2),
        OrdersLast90Days = 5,
        EarlierOrders = 5,
        UsualOrderMinor = 10_000,
    };

    private static RiskFactor? Factor(RiskResult result, RiskFactorCode code) => result.Factors.SingleOrDefault(f => f.Code == code);

    [Fact]
    public void AQuietBuyer_ScoresZero_WithNoFactors_AtLowLevel()
    {
        var result = RiskScorer.Score(Quiet(), Rules);

        Assert.Equal(0, result.Score);
        Assert.Empty(result.Factors);
        Assert.Equal(RiskLevel.Low, result.Level);
        Assert.False(result.NeedsReview);
        Assert.False(result.BlocksRefundOnly);
        Assert.Equal(Rules.Version, result.RuleSet);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(40)]
    public void RefundsInTheLast7Days_AboveTheFreeOnes_ScoreEach_UpToTheCap(int refunds)
    {
        var result = RiskScorer.Score(Quiet() with { RefundsLast7Days = refunds }, Rules);

        var expected = Math.Min(Rules.Refunds7DaysMax, Math.Max(0, refunds - Rules.Refunds7DaysFree) * Rules.Refunds7DaysPoints);
        Assert.Equal(expected == 0 ? null : expected, Factor(result, RiskFactorCode.RefundsLast7Days)?.Points);
        if (expected > 0)
        {
            Assert.Equal([refunds], Factor(result, RiskFactorCode.RefundsLast7Days)!.Values);
        }
    }

    [Fact]
    public void RefundsInTheLast90Days_ScoreBeyondTheFreeOnes()
    {
        var free = RiskScorer.Score(Quiet() with { RefundsLast90Days = Rules.Refunds90DaysFree }, Rules);
        var more = RiskScorer.Score(Quiet() with { RefundsLast90Days = Rules.Refunds90DaysFree + 2 }, Rules);

        Assert.Null(Factor(free, RiskFactorCode.RefundsLast90Days));
        Assert.Equal(Math.Min(Rules.Refunds90DaysMax, 2 * Rules.Refunds90DaysPoints), Factor(more, RiskFactorCode.RefundsLast90Days)!.Points);
    }

    [Fact]
    public void TheRefundRate_ScalesFromItsStartToAllPointsAtEveryOrder_AndNeedsEnoughOrders()
    {
        var all = RiskScorer.Score(Quiet() with { OrdersLast90Days = 4, RefundedOrdersLast90Days = 4 }, Rules);
        var atStart = RiskScorer.Score(Quiet() with { OrdersLast90Days = 10, RefundedOrdersLast90Days = Rules.RefundRateFromPercent / 10 }, Rules);
        var tooFew = RiskScorer.Score(Quiet() with { OrdersLast90Days = Rules.RefundRateMinOrders - 1, RefundedOrdersLast90Days = Rules.RefundRateMinOrders - 1 }, Rules);

        Assert.Equal(Rules.RefundRatePoints, Factor(all, RiskFactorCode.RefundRate90Days)!.Points);
        Assert.Equal([4, 4, 100], Factor(all, RiskFactorCode.RefundRate90Days)!.Values);
        Assert.Null(Factor(atStart, RiskFactorCode.RefundRate90Days));
        Assert.Null(Factor(tooFew, RiskFactorCode.RefundRate90Days));
    }

    [Fact]
    public void TheRefundOnlyShare_CountsThisRequest()
    {
        var facts = Quiet() with { Kind = CaseKind.RefundOnly, CasesLast90Days = Rules.RefundOnlyMinCases - 1, RefundOnlyCasesLast90Days = Rules.RefundOnlyMinCases - 1 };

        var result = RiskScorer.Score(facts, Rules);
        var asAReturn = RiskScorer.Score(facts with { Kind = CaseKind.ReturnAndRefund, RefundOnlyCasesLast90Days = 0 }, Rules);

        var factor = Factor(result, RiskFactorCode.RefundOnlyShare)!;
        Assert.Equal(Rules.RefundOnlyPoints, factor.Points);
        Assert.Equal([Rules.RefundOnlyMinCases, Rules.RefundOnlyMinCases], factor.Values);
        Assert.Null(Factor(asAReturn, RiskFactorCode.RefundOnlyShare));
    }

    [Fact]
    public void AnOrderFarAboveTheBuyersUsual_Scores_MoreAtTwiceTheRatio()
    {
        var usual = Quiet().UsualOrderMinor;
        var atRatio = RiskScorer.Score(Quiet() with { OrderPaidMinor = usual * Rules.AmountRatio }, Rules);
        var atTwice = RiskScorer.Score(Quiet() with { OrderPaidMinor = usual * Rules.AmountRatio * 2 }, Rules);
        var below = RiskScorer.Score(Quiet() with { OrderPaidMinor = usual * Rules.AmountRatio - 1 }, Rules);
        var noHistory = RiskScorer.Score(Quiet() with { OrderPaidMinor = usual * 100, EarlierOrders = Rules.AmountMinEarlierOrders - 1 }, Rules);

        Assert.Equal(Rules.AmountPoints, Factor(atRatio, RiskFactorCode.AmountAboveUsual)!.Points);
        Assert.Equal([usual * Rules.AmountRatio, usual, Rules.AmountRatio * 10], Factor(atRatio, RiskFactorCode.AmountAboveUsual)!.Values);
        Assert.Equal(Rules.AmountMax, Factor(atTwice, RiskFactorCode.AmountAboveUsual)!.Points);
        Assert.Null(Factor(below, RiskFactorCode.AmountAboveUsual));
        Assert.Null(Factor(noHistory, RiskFactorCode.AmountAboveUsual));
    }

    [Fact]
    public void NotReceived_OnAParcelTheCarrierDelivered_Scores_WithTheDaysSinceOrderAndDelivery()
    {
        var facts = Quiet() with { Kind = CaseKind.RefundOnly, Reason = "Not received", OrderedAt = Now.AddDays(-12), DeliveredAt = Now.AddDays(-10) };

        var result = RiskScorer.Score(facts, Rules);
        var inTransit = RiskScorer.Score(facts with { DeliveredAt = null }, Rules);

        var factor = Factor(result, RiskFactorCode.NotReceivedButDelivered)!;
        Assert.Equal(Rules.NotReceivedPoints, factor.Points);
        Assert.Equal([12, 10], factor.Values);
        Assert.Null(Factor(inTransit, RiskFactorCode.NotReceivedButDelivered));
    }

    [Fact]
    public void AClaimSoonAfterDelivery_Scores_ButNotAsNotReceived()
    {
        var soon = RiskScorer.Score(Quiet() with { DeliveredAt = Now.AddHours(-30) }, Rules);
        var later = RiskScorer.Score(Quiet() with { DeliveredAt = Now.AddDays(-Rules.SoonAfterDeliveryDays) }, Rules);

        Assert.Equal(Rules.SoonAfterDeliveryPoints, Factor(soon, RiskFactorCode.SoonAfterDelivery)!.Points);
        Assert.Equal([1], Factor(soon, RiskFactorCode.SoonAfterDelivery)!.Values);
        Assert.Null(Factor(later, RiskFactorCode.SoonAfterDelivery));
    }

    [Fact]
    public void EarlierNotReceivedClaims_RejectedInspections_LostDisputes_AndConfirmedAbuse_ScoreEach_UpToTheirCaps()
    {
        // Lost disputes weigh nothing by default (decision 0029): this test gives them points of its own.
        var rules = new RiskRules { ComplaintLostPoints = 4, ComplaintLostMax = 12 };
        var result = RiskScorer.Score(Quiet() with { EarlierNotReceivedOnDelivered = 1, RejectedInspections = 1, ComplaintsLost = 1, ConfirmedAbuse = 1 }, rules);
        var many = RiskScorer.Score(Quiet() with { EarlierNotReceivedOnDelivered = 50, RejectedInspections = 50, ComplaintsLost = 50, ConfirmedAbuse = 50 }, rules);
        var byDefault = RiskScorer.Score(Quiet() with { ComplaintsLost = 50 }, Rules);

        Assert.Equal(rules.EarlierNotReceivedPoints, Factor(result, RiskFactorCode.EarlierNotReceivedClaims)!.Points);
        Assert.Equal(rules.RejectedInspectionPoints, Factor(result, RiskFactorCode.RejectedInspections)!.Points);
        Assert.Equal(4, Factor(result, RiskFactorCode.ComplaintsLost)!.Points);
        Assert.Equal(rules.ConfirmedAbusePoints, Factor(result, RiskFactorCode.ConfirmedAbuse)!.Points);
        Assert.Equal(rules.EarlierNotReceivedMax, Factor(many, RiskFactorCode.EarlierNotReceivedClaims)!.Points);
        Assert.Equal(rules.RejectedInspectionMax, Factor(many, RiskFactorCode.RejectedInspections)!.Points);
        Assert.Equal(12, Factor(many, RiskFactorCode.ComplaintsLost)!.Points);
        Assert.Equal(rules.ConfirmedAbuseMax, Factor(many, RiskFactorCode.ConfirmedAbuse)!.Points);
        Assert.Equal(0, Rules.ComplaintLostPoints);
        Assert.Null(Factor(byDefault, RiskFactorCode.ComplaintsLost));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(30)]
    public void QuickRefundOnlyClaims_AboveTheFreeOnes_ScoreEach_UpToTheCap_WithTheWindowAndTheDaysInTheSentence(int claims)
    {
        var rules = new RiskRules { QuickClaimsFree = 1, QuickClaimPoints = 15, QuickClaimMax = 24, QuickClaimWindowDays = 14, QuickClaimDeliveryDays = 3 };

        var result = RiskScorer.Score(Quiet() with { QuickRefundOnlyClaims = claims }, rules);

        var expected = Math.Min(24, Math.Max(0, claims - 1) * 15);
        var factor = Factor(result, RiskFactorCode.QuickRefundOnlyClaims);
        Assert.Equal(expected == 0 ? null : expected, factor?.Points);
        Assert.Equal(expected, result.Score);
        if (factor is not null)
        {
            Assert.Equal([claims, 14, 3], factor.Values);
        }
    }

    [Fact]
    public void QuickClaimWindow_BeyondTheNinetyDaysTheScoreReads_IsInvalid()
    {
        Assert.Contains(new RiskRules { QuickClaimWindowDays = 91 }.Validate(), p => p.Contains("QuickClaimWindowDays", StringComparison.Ordinal));
        Assert.Contains(new RiskRules { QuickClaimWindowDays = 0 }.Validate(), p => p.Contains("QuickClaimWindowDays", StringComparison.Ordinal));
        Assert.Empty(new RiskRules().Validate());
    }

    [Fact]
    public void ANewAccount_Scores_WithItsAgeInDays()
    {
        var result = RiskScorer.Score(Quiet() with { AccountCreatedAt = Now.AddDays(-3).AddHours(-2) }, Rules);
        var old = RiskScorer.Score(Quiet() with { AccountCreatedAt = Now.AddDays(-Rules.NewAccountDays) }, Rules);

        Assert.Equal(Rules.NewAccountPoints, Factor(result, RiskFactorCode.NewAccount)!.Points);
        Assert.Equal([3], Factor(result, RiskFactorCode.NewAccount)!.Values);
        Assert.Null(Factor(old, RiskFactorCode.NewAccount));
    }

    [Fact]
    public void LinkedBuyers_ScoreForTheLink_AndForTheirRefunds_UpToTheCap()
    {
        var linked = RiskScorer.Score(Quiet() with { LinkedBuyers = 2, LinkedRefundsLast90Days = 1 }, Rules);
        var busy = RiskScorer.Score(Quiet() with { LinkedBuyers = 3, LinkedRefundsLast90Days = 100 }, Rules);

        Assert.Equal(Rules.LinkedBuyerPoints + Rules.LinkedRefundPoints, Factor(linked, RiskFactorCode.LinkedBuyers)!.Points);
        Assert.Equal([2, 1], Factor(linked, RiskFactorCode.LinkedBuyers)!.Values);
        Assert.Equal(Rules.LinkedMax, Factor(busy, RiskFactorCode.LinkedBuyers)!.Points);
    }

    [Fact]
    public void TheScore_IsTheSumOfItsFactors_LargestFirst_CappedAt100()
    {
        var some = RiskScorer.Score(Quiet() with { RefundsLast7Days = 2, AccountCreatedAt = Now.AddDays(-1) }, Rules);
        var everything = RiskScorer.Score(Quiet() with
        {
            Kind = CaseKind.RefundOnly, Reason = "Not received", RefundsLast7Days = 9, RefundsLast90Days = 30, EarlierNotReceivedOnDelivered = 5,
            LinkedBuyers = 4, LinkedRefundsLast90Days = 20, AccountCreatedAt = Now.AddDays(-1),
        }, Rules);

        Assert.Equal(some.Factors.Sum(f => f.Points), some.Score);
        Assert.Equal(some.Factors.OrderByDescending(f => f.Points).Select(f => f.Code), some.Factors.Select(f => f.Code));
        Assert.True(everything.Factors.Sum(f => f.Points) > 100);
        Assert.Equal(100, everything.Score);
        Assert.Equal(RiskLevel.High, everything.Level);
        Assert.True(everything.NeedsReview);
        Assert.True(everything.BlocksRefundOnly);
    }

    [Fact]
    public void TheLevels_AndActions_FollowTheThresholds()
    {
        var rules = new RiskRules { ReviewThreshold = 10, BlockThreshold = 20, NewAccountDays = 30, NewAccountPoints = 10, SoonAfterDeliveryDays = 2, SoonAfterDeliveryPoints = 10 };
        var belowReview = RiskScorer.Score(Quiet() with { AccountCreatedAt = Now.AddDays(-40) }, rules);
        var atReview = RiskScorer.Score(Quiet() with { AccountCreatedAt = Now.AddDays(-1) }, rules);
        var atBlock = RiskScorer.Score(Quiet() with { AccountCreatedAt = Now.AddDays(-1), DeliveredAt = Now.AddHours(-1) }, rules);

        Assert.Equal((0, RiskLevel.Low, false, false), (belowReview.Score, belowReview.Level, belowReview.NeedsReview, belowReview.BlocksRefundOnly));
        Assert.Equal((10, RiskLevel.Medium, true, false), (atReview.Score, atReview.Level, atReview.NeedsReview, atReview.BlocksRefundOnly));
        Assert.Equal((20, RiskLevel.High, true, true), (atBlock.Score, atBlock.Level, atBlock.NeedsReview, atBlock.BlocksRefundOnly));
    }

    [Fact]
    public void TheBlockList_Scores100_AndTheAllowList_Scores0_WithTheFactorsStillShown()
    {
        var facts = Quiet() with { RefundsLast7Days = 3, AccountCreatedAt = Now.AddDays(-1) };

        var blocked = RiskScorer.Score(facts with { Listing = BuyerListing.Blocked }, Rules);
        var allowed = RiskScorer.Score(facts with { Listing = BuyerListing.Allowed }, Rules);

        Assert.Equal(100, blocked.Score);
        Assert.Equal(RiskFactorCode.BlockListed, blocked.Factors[0].Code);
        Assert.Equal(100, blocked.Factors.Sum(f => f.Points));
        Assert.True(blocked.BlocksRefundOnly);
        Assert.Equal(0, allowed.Score);
        Assert.Equal(RiskFactorCode.AllowListed, allowed.Factors[0].Code);
        Assert.Contains(allowed.Factors, f => f.Code == RiskFactorCode.RefundsLast7Days);
        Assert.Equal(0, allowed.Factors.Sum(f => f.Points));
        Assert.False(allowed.NeedsReview);
    }

    [Fact]
    public void TheVersion_ChangesWithAnyNumber_NotJustTheName()
    {
        var changed = new RiskRules { NotReceivedPoints = Rules.NotReceivedPoints + 1 };
        var renamed = new RiskRules { Name = "2027-01" };

        Assert.StartsWith(Rules.Name + "·", Rules.Version);
        Assert.Equal(new RiskRules().Version, Rules.Version);
        Assert.NotEqual(Rules.Version, changed.Version);
        Assert.StartsWith(Rules.Name + "·", changed.Version);
        Assert.NotEqual(Rules.Version, renamed.Version);
    }

    [Fact]
    public void Validation_RefusesThresholdsOutOfOrder_AndNumbersOutOfRange()
    {
        Assert.Empty(new RiskRules().Validate());
        Assert.NotEmpty(new RiskRules { ReviewThreshold = 80, BlockThreshold = 60 }.Validate());
        Assert.NotEmpty(new RiskRules { ReviewThreshold = 0 }.Validate());
        Assert.NotEmpty(new RiskRules { NotReceivedPoints = -1 }.Validate());
        Assert.NotEmpty(new RiskRules { RefundRateFromPercent = 100 }.Validate());
        Assert.NotEmpty(new RiskRules { Name = "" }.Validate());
    }
}

/// <summary>How buyers are linked: the same phone however it is written (masked phones link no one), the same address however it is spaced.</summary>
public sealed class BuyerKeyTests
{
    [Theory]
    [InlineData("+86 139-0000-1111", "13900001111")]
    [InlineData("0086 13900001111", "13900001111")]
    [InlineData("139 0000 1111", "13900001111")]
    [InlineData("138****1234", null)]
    [InlineData("", null)]
    [InlineData("12-34", null)]
    public void ThePhoneKey_IsItsDigits_WithoutChinasCountryCode(string phone, string? key) =>
        Assert.Equal(key, Customer.KeyOfPhone(phone));

    [Fact]
    public void TheAddressKey_IgnoresSpacesPunctuationAndCase()
    {
        Assert.Equal(Customer.KeyOfAddress("上海市 浦东新区, 世纪大道100号 8楼"), Customer.KeyOfAddress("上海市浦东新区世纪大道 100 号 8 楼"));
        Assert.Equal(Customer.KeyOfAddress("12 Baker St., Flat B"), Customer.KeyOfAddress("12 baker st flat b"));
        Assert.NotEqual(Customer.KeyOfAddress("12 Baker St"), Customer.KeyOfAddress("13 Baker St"));
        Assert.Null(Customer.KeyOfAddress("  "));
    }
}
