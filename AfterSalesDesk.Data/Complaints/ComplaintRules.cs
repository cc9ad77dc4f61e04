namespace AfterSalesDesk.Data.Complaints;

/// <summary>Deadlines, windows and penalty points of complaints, from configuration (section "Complaints").</summary>
public sealed class ComplaintRules
{
    public const string Section = "Complaints";

    /// <summary>A buyer may escalate a case this many days after the merchant's rejection.</summary>
    public int EscalationDays { get; set; } = 7;

    public int MerchantEvidenceHours { get; set; } = 48;

    public int BuyerEvidenceHours { get; set; } = 72;

    /// <summary>A decision can be reopened this many days after it, at most <see cref="MaxReopens"/> times.</summary>
    public int ReopenDays { get; set; } = 15;

    public int MaxReopens { get; set; } = 1;

    public int DeadlineIntervalSeconds { get; set; } = 30;

    /// <summary>Points per category for a decision against the merchant; half (rounded up) for a partial one.</summary>
    public Dictionary<ComplaintCategory, int> PenaltyPoints { get; set; } = [];

    public static readonly IReadOnlyDictionary<ComplaintCategory, int> DefaultPenaltyPoints = new Dictionary<ComplaintCategory, int>
    {
        [ComplaintCategory.AfterSalesDispute] = 2,
        [ComplaintCategory.ServiceAttitude] = 1,
        [ComplaintCategory.Logistics] = 1,
        [ComplaintCategory.Counterfeit] = 12,
        [ComplaintCategory.Fraud] = 12,
    };

    public int PointsFor(ComplaintCategory category) =>
        PenaltyPoints.TryGetValue(category, out var points) ? points : DefaultPenaltyPoints[category];

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (EscalationDays is < 1 or > 90)
        {
            problems.Add($"Complaints:EscalationDays must be between 1 and 90 (it is {EscalationDays}).");
        }

        if (MerchantEvidenceHours is < 1 or > 24 * 30 || BuyerEvidenceHours is < 1 or > 24 * 30)
        {
            problems.Add("Complaints:MerchantEvidenceHours and BuyerEvidenceHours must be between 1 and 720.");
        }

        if (ReopenDays is < 0 or > 365 || MaxReopens is < 0 or > 5)
        {
            problems.Add("Complaints:ReopenDays must be 0 to 365 and MaxReopens 0 to 5.");
        }

        if (DeadlineIntervalSeconds is < 1 or > 3600)
        {
            problems.Add("Complaints:DeadlineIntervalSeconds must be between 1 and 3600.");
        }

        problems.AddRange(PenaltyPoints.Where(p => p.Value is < 0 or > 100).Select(p => $"Complaints:PenaltyPoints:{p.Key} must be 0 to 100."));
        return problems;
    }
}
