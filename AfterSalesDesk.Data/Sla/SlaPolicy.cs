using AfterSalesDesk.Data.Cases;

namespace AfterSalesDesk.Data.Sla;

/// <summary>
/// One line of the deadline configuration: for a clock, optionally narrowed to a kind and/or a
/// priority, how long it runs and what happens when it runs out. Unset fields fall through to a
/// less specific rule, and finally to the built-in defaults.
/// </summary>
public sealed class SlaRule
{
    public DeadlineKind Deadline { get; set; }

    public CaseKind? Kind { get; set; }

    public CasePriority? Priority { get; set; }

    public double? Hours { get; set; }

    /// <summary>The actions the system takes, in order, when the clock runs out; empty means "record the breach only".</summary>
    public List<CaseAction>? Outcome { get; set; }

    internal int Specificity => (Kind is null ? 0 : 2) + (Priority is null ? 0 : 1);

    internal bool Matches(DeadlineKind deadline, CaseKind kind, CasePriority priority) =>
        Deadline == deadline && (Kind is null || Kind == kind) && (Priority is null || Priority == priority);
}

/// <summary>
/// Deadlines per kind and priority (configuration section "Sla"). The defaults are WeChat Shop's:
/// the merchant answers a refund or return request within 48 h or is deemed to agree; the buyer ships
/// a return within 7 days or the case closes; the merchant confirms receipt within 10 days or receipt
/// is deemed confirmed. Agent first response and resolution targets depend on priority.
/// </summary>
public sealed class SlaPolicy
{
    public const string Section = "Sla";

    public static readonly SlaPolicy Default = new();

    /// <summary>The share of a clock's time after which a case counts as at risk.</summary>
    public double AtRiskFraction { get; set; } = 0.75;

    /// <summary>States in which the case waits on the buyer, so its resolution clock stops. Unset: the defaults.</summary>
    public List<CaseStatus>? ResolutionPausedWhile { get; set; }

    /// <summary>Rules that override the defaults; the most specific matching rule wins.</summary>
    public List<SlaRule> Rules { get; set; } = [];

    /// <summary>How often the scheduler looks for due clocks. Minute precision needs well under 60.</summary>
    public int SchedulerIntervalSeconds { get; set; } = 15;

    public static readonly IReadOnlyList<CaseStatus> DefaultResolutionPausedWhile =
        [CaseStatus.AwaitingReturnShipment, CaseStatus.MerchantCounterOffered];

    public static readonly IReadOnlyList<SlaRule> DefaultRules =
    [
        new() { Deadline = DeadlineKind.MerchantResponse, Hours = 48, Outcome = [CaseAction.MerchantAgree, CaseAction.RequestReturn] },
        new() { Deadline = DeadlineKind.MerchantResponse, Kind = CaseKind.RefundOnly, Outcome = [CaseAction.MerchantAgree, CaseAction.RequestRefund] },
        new() { Deadline = DeadlineKind.BuyerReturnShipment, Hours = 7 * 24, Outcome = [CaseAction.Close] },
        new() { Deadline = DeadlineKind.MerchantReceipt, Hours = 10 * 24, Outcome = [CaseAction.ConfirmReturnReceived] },
        new() { Deadline = DeadlineKind.AgentFirstResponse, Hours = 8, Outcome = [] },
        new() { Deadline = DeadlineKind.AgentFirstResponse, Priority = CasePriority.Urgent, Hours = 1 },
        new() { Deadline = DeadlineKind.AgentFirstResponse, Priority = CasePriority.High, Hours = 4 },
        new() { Deadline = DeadlineKind.AgentFirstResponse, Priority = CasePriority.Low, Hours = 24 },
        new() { Deadline = DeadlineKind.Resolution, Hours = 5 * 24, Outcome = [] },
        new() { Deadline = DeadlineKind.Resolution, Priority = CasePriority.Urgent, Hours = 24 },
        new() { Deadline = DeadlineKind.Resolution, Priority = CasePriority.High, Hours = 3 * 24 },
        new() { Deadline = DeadlineKind.Resolution, Priority = CasePriority.Low, Hours = 10 * 24 },
    ];

    /// <summary>The state a party's clock runs in; null for the platform's own targets.</summary>
    public static CaseStatus? RunsWhile(DeadlineKind deadline) => deadline switch
    {
        DeadlineKind.MerchantResponse => CaseStatus.AwaitingMerchant,
        DeadlineKind.BuyerReturnShipment => CaseStatus.AwaitingReturnShipment,
        DeadlineKind.MerchantReceipt => CaseStatus.ReturnInTransit,
        _ => null,
    };

    public static DeadlineParty PartyOf(DeadlineKind deadline) => deadline switch
    {
        DeadlineKind.MerchantResponse or DeadlineKind.MerchantReceipt => DeadlineParty.Merchant,
        DeadlineKind.BuyerReturnShipment => DeadlineParty.Buyer,
        _ => DeadlineParty.Platform,
    };

    public IReadOnlyList<CaseStatus> EffectiveResolutionPausedWhile => ResolutionPausedWhile ?? DefaultResolutionPausedWhile;

    public TimeSpan Duration(DeadlineKind deadline, CaseKind kind, CasePriority priority)
    {
        var hours = Pick(deadline, kind, priority, r => r.Hours is not null)?.Hours
            ?? throw new InvalidOperationException($"No duration is configured for {deadline}.");
        return TimeSpan.FromHours(hours);
    }

    public IReadOnlyList<CaseAction> Outcome(DeadlineKind deadline, CaseKind kind, CasePriority priority) =>
        Pick(deadline, kind, priority, r => r.Outcome is not null)?.Outcome ?? [];

    /// <summary>How long before the due time a clock counts as at risk.</summary>
    public TimeSpan AtRiskLead(TimeSpan duration) => duration * (1 - Math.Clamp(AtRiskFraction, 0, 1));

    /// <summary>
    /// Every problem with the configuration, in words: durations must be positive, and an outcome must
    /// be a legal sequence of moves from the state its clock runs in, for every kind that reaches it.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (AtRiskFraction is <= 0 or > 1)
        {
            problems.Add($"Sla:AtRiskFraction must be above 0 and at most 1 (it is {AtRiskFraction}).");
        }

        if (SchedulerIntervalSeconds is < 1 or > 60)
        {
            problems.Add($"Sla:SchedulerIntervalSeconds must be between 1 and 60 (it is {SchedulerIntervalSeconds}).");
        }

        foreach (var rule in Rules.Where(r => r.Hours is not null && (r.Hours <= 0 || r.Hours > 24 * 366)))
        {
            problems.Add($"Sla rule for {rule.Deadline}: hours must be above 0 and at most a year (it is {rule.Hours}).");
        }

        foreach (var deadline in Enum.GetValues<DeadlineKind>())
        {
            foreach (var kind in Enum.GetValues<CaseKind>())
            {
                foreach (var priority in Enum.GetValues<CasePriority>())
                {
                    var outcome = Outcome(deadline, kind, priority);
                    var start = RunsWhile(deadline);
                    if (outcome.Count == 0 || start is null || !CaseTransitions.Table[kind].ContainsKey(start.Value))
                    {
                        if (outcome.Count > 0 && start is null)
                        {
                            problems.Add($"Sla: {deadline} is a service target; it records a breach and cannot have an outcome.");
                        }

                        continue;
                    }

                    var status = start.Value;
                    foreach (var action in outcome)
                    {
                        var rule = CaseActions.Rules[action];
                        if ((rule.From is not null && !rule.From.Contains(status)) || !CaseTransitions.IsAllowed(kind, status, rule.Target))
                        {
                            problems.Add($"Sla: the outcome of {deadline} for {kind} ({priority}) cannot do {action} from {status}.");
                            break;
                        }

                        if (rule.Needs != StepNeeds.None)
                        {
                            problems.Add($"Sla: the outcome of {deadline} cannot do {action}: it needs facts only a person can give ({rule.Needs}).");
                            break;
                        }

                        status = rule.Target;
                    }
                }
            }
        }

        return problems.Distinct().ToList();
    }

    private SlaRule? Pick(DeadlineKind deadline, CaseKind kind, CasePriority priority, Func<SlaRule, bool> has) =>
        Rules.Where(r => r.Matches(deadline, kind, priority) && has(r)).MaxBy(r => r.Specificity)
        ?? DefaultRules.Where(r => r.Matches(deadline, kind, priority) && has(r)).MaxBy(r => r.Specificity);
}
