using System.Globalization;

namespace AfterSalesDesk.Web.Features.Quality;

/// <summary>
/// When a product's return rate counts as far above its category's (configuration section "Quality", decision 0027).
/// All three must hold: enough orders to judge, a rate at least <see cref="MinRatio"/> times the category's, and a
/// difference chance cannot explain (a one-sided Fisher exact test at <see cref="MaxPValue"/>).
/// </summary>
public sealed class QualityOptions
{
    public const string Section = "Quality";

    /// <summary>Orders of the product in the period, and of the rest of its category, before either is judged.</summary>
    public int MinOrders { get; set; } = 20;

    /// <summary>The product's return rate must be at least this many times the rest of its category's.</summary>
    public double MinRatio { get; set; } = 2.0;

    /// <summary>The one-sided p-value of the test must be at most this.</summary>
    public double MaxPValue { get; set; } = 0.01;

    /// <summary>
    /// A merchant sees the category's rate beside its own product only when the rest of the category is its own store's
    /// products alone, or those of at least this many other stores: from one or two other stores a merchant could work
    /// out their figures by subtracting its own.
    /// </summary>
    public int MinOtherStores { get; set; } = 3;

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (MinOrders is < 1 or > 1_000_000)
        {
            problems.Add($"Quality:MinOrders must be from 1 to 1,000,000 (it is {MinOrders}).");
        }

        if (!double.IsFinite(MinRatio) || MinRatio is < 1 or > 100)
        {
            problems.Add($"Quality:MinRatio must be from 1 to 100 (it is {MinRatio.ToString(CultureInfo.InvariantCulture)}).");
        }

        if (!double.IsFinite(MaxPValue) || MaxPValue is <= 0 or > 0.5)
        {
            problems.Add($"Quality:MaxPValue must be more than 0 and at most 0.5 (it is {MaxPValue.ToString(CultureInfo.InvariantCulture)}).");
        }

        if (MinOtherStores is < 2 or > 1000)
        {
            problems.Add($"Quality:MinOtherStores must be from 2 to 1000 (it is {MinOtherStores}).");
        }

        return problems;
    }
}
