using AfterSalesDesk.Web.Features.Quality;

namespace AfterSalesDesk.Tests.Quality;

/// <summary>The flag's rule (decision 0027): the Fisher test against exact values, and each threshold on and off at its edge.</summary>
public class QualitySignalTests
{
    private static readonly QualityOptions Defaults = new() { MinOrders = 30, MinRatio = 2.0, MaxPValue = 0.01 };

    /// <summary>Expected values: the hypergeometric tail summed in exact rational arithmetic (Python's fractions and math.comb).</summary>
    [Theory]
    [InlineData(3, 27, 2, 218, 0.013301341904566763)]
    [InlineData(1, 29, 0, 1000, 0.02912621359223301)]
    [InlineData(8, 23, 2, 215, 9.38046665145378e-07)]
    [InlineData(5, 95, 20, 880, 0.09536859025108037)]
    [InlineData(12, 88, 300, 9700, 5.622713651575877e-05)]
    [InlineData(40, 960, 1000, 99000, 7.464714363167922e-13)]
    [InlineData(10, 90, 10, 90, 0.5928511035198103)]
    [InlineData(2, 8, 5, 5, 0.9713622291021672)]
    [InlineData(0, 10, 3, 7, 1.0)]
    public void FisherGreater_MatchesTheExactTail(long a, long b, long c, long d, double expected)
    {
        var p = QualitySignal.FisherGreater(a, b, c, d);

        Assert.True(Math.Abs(p - expected) <= expected * 1e-9, $"p = {p:R}, exact {expected:R}");
    }

    [Fact]
    public void LogFactorial_AcrossTheTableAndTheSeries_AgreesWithTheSumOfLogs()
    {
        var sum = 0.0;
        for (var n = 1; n <= 5000; n++)
        {
            sum += Math.Log(n);
            Assert.True(Math.Abs(QualitySignal.LogFactorial(n) - sum) <= 1e-9 * Math.Max(1, sum), $"ln({n}!)");
        }
    }

    [Fact]
    public void Evaluate_AProductFarAboveItsCategory_IsFlagged()
    {
        // 8 of 31 orders came back, against 2 of 217 in the rest of the category.
        var verdict = QualitySignal.Evaluate(31, 8, 217, 2, Defaults);

        Assert.True(verdict.Flagged);
        Assert.Equal(8.0 / 31 / (2.0 / 217), verdict.Ratio!.Value, 9);
        Assert.True(verdict.PValue < 1e-5);
    }

    [Fact]
    public void Evaluate_OneOrderShortOfTheMinimum_IsNotFlagged_AndAtTheMinimumIs()
    {
        // 10 of 29 against 10 of 1,000: far above and significant, but too few orders.
        Assert.False(QualitySignal.Evaluate(29, 10, 1000, 10, Defaults).Flagged);
        Assert.Null(QualitySignal.Evaluate(29, 10, 1000, 10, Defaults).PValue);
        Assert.True(QualitySignal.Evaluate(30, 10, 1000, 10, Defaults).Flagged);

        // The rest of the category needs as many orders to be a baseline.
        Assert.False(QualitySignal.Evaluate(1000, 500, 29, 0, Defaults).Flagged);
        Assert.True(QualitySignal.Evaluate(1000, 500, 30, 0, Defaults).Flagged);
    }

    [Fact]
    public void Evaluate_ExactlyTwiceTheCategorysRate_IsFlagged_AndJustBelowIsNot()
    {
        // 400 of 2,000 (20 %) against 1,000 of 10,000 (10 %): exactly twice, and overwhelming evidence.
        var twice = QualitySignal.Evaluate(2000, 400, 10_000, 1000, Defaults);
        var below = QualitySignal.Evaluate(2000, 399, 10_000, 1000, Defaults);

        Assert.True(twice.Flagged);
        Assert.Equal(2.0, twice.Ratio!.Value, 12);
        Assert.False(below.Flagged);
        Assert.True(below.Ratio < 2);
        // Not for want of evidence: 399 of 2,000 against 10 % is far beyond chance, the ratio alone says no.
        Assert.Null(below.PValue);
        Assert.True(QualitySignal.FisherGreater(399, 1601, 1000, 9000) < 1e-20);
    }

    [Fact]
    public void Evaluate_FarAboveButWithinChance_IsNotFlagged_UntilTheThresholdAllowsIt()
    {
        // 3 of 30 against 2 of 220: 11 times the rate, but p = 0.0133.
        var verdict = QualitySignal.Evaluate(30, 3, 220, 2, Defaults);
        Assert.False(verdict.Flagged);
        Assert.True(verdict.Ratio > 10);
        Assert.Equal(0.013301341904566763, verdict.PValue!.Value, 9);

        Assert.False(QualitySignal.Evaluate(30, 3, 220, 2, new QualityOptions { MaxPValue = 0.0133 }).Flagged);
        Assert.True(QualitySignal.Evaluate(30, 3, 220, 2, new QualityOptions { MaxPValue = 0.0134 }).Flagged);
        // One more return is beyond chance at the default threshold.
        Assert.True(QualitySignal.Evaluate(30, 4, 220, 2, Defaults).Flagged);
    }

    [Fact]
    public void Evaluate_NothingReturned_OrACategoryThatReturnedNothing_BehaveSensibly()
    {
        Assert.Equal(QualityVerdict.None, QualitySignal.Evaluate(500, 0, 500, 0, Defaults));

        // One return of 30 against none of 1,000 is no evidence (p = 30/1030); six are.
        var one = QualitySignal.Evaluate(30, 1, 1000, 0, Defaults);
        Assert.False(one.Flagged);
        Assert.Null(one.Ratio);
        Assert.Equal(30.0 / 1030, one.PValue!.Value, 12);
        Assert.True(QualitySignal.Evaluate(30, 6, 1000, 0, Defaults).Flagged);
    }

    [Fact]
    public void Options_OutsideTheirRanges_AreRefusedWithTheirNames()
    {
        Assert.Empty(new QualityOptions().Validate());
        var problems = new QualityOptions { MinOrders = 0, MinRatio = 0.5, MaxPValue = 0, MinOtherStores = 1 }.Validate();

        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Quality:MinOrders", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Quality:MinRatio", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Quality:MaxPValue", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Quality:MinOtherStores", StringComparison.Ordinal));
        Assert.Single(new QualityOptions { MinRatio = double.NaN }.Validate());
        Assert.Single(new QualityOptions { MaxPValue = 0.6 }.Validate());
    }
}
