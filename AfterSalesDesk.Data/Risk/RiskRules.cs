using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AfterSalesDesk.Data.Risk;

/// <summary>
/// The refund-risk rule set (configuration section "Risk"): thresholds and each factor's points. A score records
/// <see cref="Version"/>: the configured name and a fingerprint of every number, so two scores with one version
/// were computed by the same rules even if someone changed a weight and forgot to rename the set.
/// </summary>
public sealed class RiskRules
{
    public const string Section = "Risk";

    /// <summary>The rule set's name, e.g. "2026-12"; rename it when you change the rules on purpose.</summary>
    public string Name { get; set; } = "2026-12";

    /// <summary>From this score on (medium) every refund needs a supervisor, whatever its amount.</summary>
    public int ReviewThreshold { get; set; } = 40;

    /// <summary>From this score on (high) refund-only is refused unless a supervisor overrides with a reason.</summary>
    public int BlockThreshold { get; set; } = 70;

    /// <summary>Reasons that claim the parcel never arrived (checked against the carrier's delivery).</summary>
    public List<string>? NotReceivedReasons { get; set; }

    public static readonly IReadOnlyList<string> DefaultNotReceivedReasons = ["Not received"];

    public IReadOnlyList<string> EffectiveNotReceivedReasons => NotReceivedReasons ?? DefaultNotReceivedReasons;

    /// <summary>Refunds in the last 7 days: this many are free, each further one scores, up to the cap.</summary>
    public int Refunds7DaysFree { get; set; } = 1;
    public int Refunds7DaysPoints { get; set; } = 12;
    public int Refunds7DaysMax { get; set; } = 24;

    public int Refunds90DaysFree { get; set; } = 3;
    public int Refunds90DaysPoints { get; set; } = 12;
    public int Refunds90DaysMax { get; set; } = 16;

    /// <summary>Refunded orders ÷ orders over 90 days, from this many orders on: 0 points at the start rate, all points at 100 %.</summary>
    public int RefundRateMinOrders { get; set; } = 3;
    public int RefundRateFromPercent { get; set; } = 20;
    public int RefundRatePoints { get; set; } = 30;

    /// <summary>Refund-only requests ÷ all requests over 90 days (this one included), from this many requests on.</summary>
    public int RefundOnlyMinCases { get; set; } = 3;
    public int RefundOnlyFromPercent { get; set; } = 60;
    public int RefundOnlyPoints { get; set; } = 10;

    /// <summary>This order against the median of the buyer's earlier orders (at least this many): from the ratio on, the points; at twice the ratio, the maximum.</summary>
    public int AmountMinEarlierOrders { get; set; } = 2;
    public int AmountRatio { get; set; } = 3;
    public int AmountPoints { get; set; } = 5;
    public int AmountMax { get; set; } = 5;

    /// <summary>A claim within this many days of delivery.</summary>
    public int SoonAfterDeliveryDays { get; set; } = 3;
    public int SoonAfterDeliveryPoints { get; set; } = 5;

    /// <summary>
    /// Earlier refund-only requests made within <see cref="QuickClaimDeliveryDays"/> of delivery (other than "not received"),
    /// over the last <see cref="QuickClaimWindowDays"/> (at most 90): this many are free, each further one scores, up to
    /// the cap. Ordinary buyers make one now and then; a run of them in two weeks is the serial refund-only pattern.
    /// </summary>
    public int QuickClaimWindowDays { get; set; } = 14;
    public int QuickClaimDeliveryDays { get; set; } = 3;
    public int QuickClaimsFree { get; set; } = 1;
    public int QuickClaimPoints { get; set; } = 15;
    public int QuickClaimMax { get; set; } = 24;

    /// <summary>A "not received" claim on a parcel the carrier delivered; earlier such claims in 90 days score each, up to the cap.</summary>
    public int NotReceivedPoints { get; set; } = 30;
    public int EarlierNotReceivedPoints { get; set; } = 15;
    public int EarlierNotReceivedMax { get; set; } = 45;

    /// <summary>An account younger than this many days.</summary>
    public int NewAccountDays { get; set; } = 90;
    public int NewAccountPoints { get; set; } = 15;

    public int RejectedInspectionPoints { get; set; } = 10;
    public int RejectedInspectionMax { get; set; } = 20;

    /// <summary>
    /// Complaints decided for the merchant. 0 by default: on the generated data nothing ties a lost dispute to abuse, and
    /// any weight only cost precision (decision 0029); a platform whose lost disputes do mean abuse sets the points.
    /// </summary>
    public int ComplaintLostPoints { get; set; } = 0;
    public int ComplaintLostMax { get; set; } = 4;

    /// <summary>Other buyers with the same phone or address: points for the link, and for each of their refunds in 90 days.</summary>
    public int LinkedBuyerPoints { get; set; } = 3;
    public int LinkedRefundPoints { get; set; } = 6;
    public int LinkedMax { get; set; } = 24;

    /// <summary>Earlier cases of this buyer that staff labelled "abuse confirmed".</summary>
    public int ConfirmedAbusePoints { get; set; } = 25;
    public int ConfirmedAbuseMax { get; set; } = 50;

    /// <summary>Scores open cases that have no score yet (opened before risk control existed) once the app has started.</summary>
    [JsonIgnore]
    public bool Backfill { get; set; } = true;

    /// <summary>The name and a fingerprint of every number and reason, e.g. "2026-12·3f9a0c1d".</summary>
    [JsonIgnore]
    public string Version
    {
        get
        {
            var json = JsonSerializer.Serialize(this);
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(json));
            return $"{Name}·{Convert.ToHexStringLower(hash)[..8]}";
        }
    }

    public RiskLevel LevelOf(int score) => score >= BlockThreshold ? RiskLevel.High : score >= ReviewThreshold ? RiskLevel.Medium : RiskLevel.Low;

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 32)
        {
            problems.Add("Risk: Name is required, at most 32 characters.");
        }

        if (ReviewThreshold is < 1 or > 100 || BlockThreshold is < 1 or > 100 || BlockThreshold < ReviewThreshold)
        {
            problems.Add("Risk: ReviewThreshold and BlockThreshold are 1–100, and BlockThreshold is at least ReviewThreshold.");
        }

        var numbers = typeof(RiskRules).GetProperties().Where(p => p.PropertyType == typeof(int) && p.Name is not (nameof(ReviewThreshold) or nameof(BlockThreshold)));
        foreach (var property in numbers)
        {
            if ((int)property.GetValue(this)! is < 0 or > 1000)
            {
                problems.Add($"Risk: {property.Name} is 0–1000.");
            }
        }

        if (RefundRateFromPercent > 99 || RefundOnlyFromPercent > 99)
        {
            problems.Add("Risk: RefundRateFromPercent and RefundOnlyFromPercent are 0–99.");
        }

        if (QuickClaimWindowDays is < 1 or > 90)
        {
            problems.Add("Risk: QuickClaimWindowDays is 1–90 (the score reads 90 days of requests).");
        }

        if (AmountRatio < 2 || AmountMinEarlierOrders < 1)
        {
            problems.Add("Risk: AmountRatio is at least 2 and AmountMinEarlierOrders at least 1.");
        }

        return problems;
    }
}
