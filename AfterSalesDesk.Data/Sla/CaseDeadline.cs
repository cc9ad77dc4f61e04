namespace AfterSalesDesk.Data.Sla;

/// <summary>
/// One clock on a case: started when its party's turn began, due at a time, paused while the case
/// waits on the buyer (the time left is kept), and ended by the party acting (met), by the scheduler
/// applying the automatic outcome (fired), or by the case moving on (cancelled). Changed only through
/// <see cref="Cases.AfterSalesCase"/>.
/// </summary>
public class CaseDeadline
{
    private CaseDeadline()
    {
    }

    internal CaseDeadline(DeadlineKind kind, DateTimeOffset startedAt, TimeSpan duration, TimeSpan atRiskLead)
    {
        Kind = kind;
        StartedAt = startedAt;
        DurationTicks = duration.Ticks;
        AtRiskLeadTicks = atRiskLead.Ticks;
        State = DeadlineState.Running;
        SetDue(startedAt + duration);
    }

    public long Id { get; private set; }

    public long CaseId { get; private set; }

    public DeadlineKind Kind { get; private set; }

    public DeadlineState State { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>The whole time allowed, as configured when the clock started.</summary>
    public long DurationTicks { get; private set; }

    public long AtRiskLeadTicks { get; private set; }

    /// <summary>Set while running.</summary>
    public DateTimeOffset? DueAt { get; private set; }

    /// <summary>From here on the case is at risk; set while running.</summary>
    public DateTimeOffset? AtRiskAt { get; private set; }

    /// <summary>
    /// When the scheduler must next look at this clock: the due time, until the firing is done.
    /// Cleared in the same transaction that applies the outcome, which makes a firing happen once.
    /// </summary>
    public DateTimeOffset? FireAt { get; private set; }

    /// <summary>Set while paused: the time that was left.</summary>
    public long? RemainingTicks { get; private set; }

    public DateTimeOffset? PausedAt { get; private set; }

    /// <summary>The due time that was missed, once the scheduler has recorded it.</summary>
    public DateTimeOffset? BreachedAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary>What the scheduler did when the time ran out, in words.</summary>
    public string? Outcome { get; private set; }

    public DeadlineParty Party => SlaPolicy.PartyOf(Kind);

    public bool IsActive => State is DeadlineState.Running or DeadlineState.Paused;

    public TimeSpan Duration => TimeSpan.FromTicks(DurationTicks);

    /// <summary>How the clock stands at a moment, for queues and the case page.</summary>
    public SlaStatus StatusAt(DateTimeOffset now) => State switch
    {
        DeadlineState.Running => StatusOf(DueAt, AtRiskAt, now),
        DeadlineState.Paused => SlaStatus.None,
        _ when BreachedAt is not null => SlaStatus.Breached,
        _ => SlaStatus.None,
    };

    /// <summary>How running clocks stand, from their (earliest) due and at-risk times; also used for a case's summary columns.</summary>
    public static SlaStatus StatusOf(DateTimeOffset? dueAt, DateTimeOffset? atRiskAt, DateTimeOffset now) =>
        dueAt is null ? SlaStatus.None
        : dueAt <= now ? SlaStatus.Breached
        : atRiskAt <= now ? SlaStatus.AtRisk
        : SlaStatus.OnTrack;

    internal void Pause(DateTimeOffset at)
    {
        if (State != DeadlineState.Running)
        {
            return;
        }

        RemainingTicks = (DueAt!.Value - at).Ticks;
        PausedAt = at;
        State = DeadlineState.Paused;
        DueAt = null;
        AtRiskAt = null;
        FireAt = null;
    }

    internal void Resume(DateTimeOffset at)
    {
        if (State != DeadlineState.Paused)
        {
            return;
        }

        State = DeadlineState.Running;
        SetDue(at + TimeSpan.FromTicks(RemainingTicks!.Value));
        RemainingTicks = null;
        PausedAt = null;
    }

    /// <summary>A new duration (the priority changed): the due time moves by the difference, running or paused.</summary>
    internal void Retarget(TimeSpan duration, TimeSpan atRiskLead)
    {
        var delta = duration.Ticks - DurationTicks;
        DurationTicks = duration.Ticks;
        AtRiskLeadTicks = atRiskLead.Ticks;
        if (State == DeadlineState.Paused)
        {
            RemainingTicks += delta;
        }
        else if (State == DeadlineState.Running)
        {
            SetDue(DueAt!.Value + TimeSpan.FromTicks(delta));
        }
    }

    internal void End(DeadlineState state, DateTimeOffset at, string? outcome = null)
    {
        if (!IsActive)
        {
            return;
        }

        if (state == DeadlineState.Met && DueAt is { } due && due < at)
        {
            BreachedAt ??= due;
        }

        State = state;
        EndedAt = at;
        Outcome = outcome;
        DueAt = null;
        AtRiskAt = null;
        FireAt = null;
        RemainingTicks = null;
        PausedAt = null;
    }

    /// <summary>The scheduler's part: the due time passed and is now on record; the caller applies the outcome.</summary>
    internal void RecordBreach()
    {
        BreachedAt ??= DueAt;
        FireAt = null;
    }

    /// <summary>A breach is recorded once per clock, so a clock that already fired is not fired again.</summary>
    private void SetDue(DateTimeOffset due)
    {
        DueAt = due;
        AtRiskAt = due - TimeSpan.FromTicks(AtRiskLeadTicks);
        FireAt = BreachedAt is null ? due : null;
    }
}
