using System.Text.Json;
using System.Text.Json.Serialization;

namespace AfterSalesDesk.Data.Risk;

/// <summary>
/// A score as it was given: for a case when it opened, for each refund proposal, and whenever staff asked again.
/// Never changed afterwards, so a supervisor can see what an agent saw when the money went.
/// </summary>
public class RiskAssessment
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    private RiskAssessment()
    {
    }

    public RiskAssessment(long caseId, long customerId, long? refundId, RiskTrigger trigger, RiskResult result, DateTimeOffset at)
    {
        CaseId = caseId;
        CustomerId = customerId;
        RefundId = refundId;
        Trigger = trigger;
        Score = result.Score;
        Level = result.Level;
        RuleSet = result.RuleSet;
        FactorsJson = JsonSerializer.Serialize(result.Factors.Select(f => new StoredFactor(f.Code, f.Points, [.. f.Values])), Json);
        AssessedAt = at;
    }

    public long Id { get; private set; }

    public long CaseId { get; private set; }

    public long CustomerId { get; private set; }

    /// <summary>The refund proposal this score was given for; null for a case's own scores.</summary>
    public long? RefundId { get; private set; }

    public RiskTrigger Trigger { get; private set; }

    public int Score { get; private set; }

    public RiskLevel Level { get; private set; }

    /// <summary>The rule set's version (<see cref="RiskRules.Version"/>).</summary>
    public string RuleSet { get; private set; } = "";

    public string FactorsJson { get; private set; } = "[]";

    /// <summary>The moment the facts are from: when it was scored, or for a backfilled score the case's opening.</summary>
    public DateTimeOffset AssessedAt { get; private set; }

    public IReadOnlyList<RiskFactor> Factors =>
        (JsonSerializer.Deserialize<List<StoredFactor>>(FactorsJson, Json) ?? []).Select(f => new RiskFactor(f.Code, f.Points, f.Values)).ToList();

    /// <summary>Ties a score given while proposing to the refund it was given for (its id is known once saved).</summary>
    public void ForRefund(long refundId) => RefundId = refundId;

    private sealed record StoredFactor(RiskFactorCode Code, int Points, long[] Values);
}
