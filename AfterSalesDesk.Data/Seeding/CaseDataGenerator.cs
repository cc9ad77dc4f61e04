using System.Diagnostics;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Providers;
using AfterSalesDesk.Data.Sla;

namespace AfterSalesDesk.Data.Seeding;

public sealed record CaseGeneratorOptions
{
    public required int Cases { get; init; }

    public int Seed { get; init; } = 42;

    /// <summary>The moment "now": cases opened before it, clocks running relative to it.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>Agents and supervisors who hold cases (id, name).</summary>
    public IReadOnlyList<(string Id, string Name)> Assignees { get; init; } = [];

    /// <summary>Who approves, rejects and cancels refunds and arbitrates disputes: at least three (an arbiter's refund needs two others).</summary>
    public IReadOnlyList<(string Id, string Name)> Supervisors { get; init; } =
        [("bench-supervisor-01", "supervisor01@bench.local"), ("bench-supervisor-02", "supervisor02@bench.local"), ("bench-supervisor-03", "supervisor03@bench.local")];

    public int BatchSize { get; init; } = 20_000;

    /// <summary>
    /// The buyer mix the order generator made (<see cref="GeneratorReport.Buyers"/>): its abusive claims are opened among
    /// the cases, and ordinary cases are shaped by their reason (<see cref="CaseMix"/>). Null: the cases of before.
    /// </summary>
    public GeneratedBuyers? Buyers { get; init; }
}

public sealed record CaseGeneratorReport(int Cases, int Open, int Deadlines, OutcomeCounts Outcomes, TimeSpan Elapsed)
{
    /// <summary>Of <see cref="Cases"/>, the abusive claims opened (with a buyer mix).</summary>
    public int AbusiveClaims { get; init; }

    public override string ToString() =>
        $"{Cases:N0} cases ({Open:N0} open, {Deadlines:N0} clocks{(AbusiveClaims > 0 ? $", {AbusiveClaims:N0} abusive claims" : "")}), "
        + $"{Outcomes.PaidRefunds:N0} paid refunds and {Outcomes.OtherRefunds:N0} others, "
        + $"{Outcomes.Complaints:N0} complaints, {Outcomes.Ratings:N0} ratings ({Outcomes.FollowUps:N0} follow-ups) in {Elapsed.TotalSeconds:N1} s";
}

/// <summary>
/// Fills a database that has generated orders with after-sales cases for the queue benchmarks: a
/// realistic mix (most old cases finished, recent ones spread over the open states, every state only
/// for kinds that can reach it), priorities, assignees, and the clocks an open case carries in its
/// state, with the queue columns (IsOpen, SlaDueAt, SlaAttentionAt) that the domain would have set;
/// then what follows them (<see cref="CaseOutcomeGenerator"/>): refunds, disputes, complaints about
/// orders, ratings and follow-ups. Large transactions through the provider's bulk writer
/// (<see cref="IBulkWriter"/>), the same rows on every provider; the triggers keep the queue counters as usual.
/// </summary>
public static class CaseDataGenerator
{
    private static readonly (CaseKind Kind, int Weight)[] KindWeights =
        [(CaseKind.RefundOnly, 45), (CaseKind.ReturnAndRefund, 35), (CaseKind.Exchange, 12), (CaseKind.Repair, 8)];

    private static readonly (CasePriority Priority, int Weight)[] PriorityWeights =
        [(CasePriority.Normal, 70), (CasePriority.High, 15), (CasePriority.Low, 10), (CasePriority.Urgent, 5)];

    private static readonly CaseStatus[] OpenStates = Enum.GetValues<CaseStatus>().Where(s => !CaseTransitions.IsTerminal(s)).ToArray();

    /// <summary>Generates into <paramref name="connectionString"/>'s database on <paramref name="provider"/> (SQLite or PostgreSQL; the same seed gives the same rows on both).</summary>
    public static async Task<CaseGeneratorReport> GenerateAsync(
        DatabaseProvider provider, string connectionString, CaseGeneratorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Cases);
        var watch = Stopwatch.StartNew();
        var random = new Random(options.Seed);
        var sla = SlaPolicy.Default;
        await using var writer = await BulkWriter.OpenAsync(provider, connectionString, cancellationToken);
        if (await writer.ScalarAsync("""SELECT COUNT(*) FROM "AfterSalesCases" """, cancellationToken) > 0)
        {
            throw new InvalidOperationException("The database already has cases; the case generator fills only a case-free database.");
        }

        var orders = await EligibleOrdersAsync(writer, options.Now.UtcTicks, cancellationToken);
        if (orders.Count == 0)
        {
            throw new InvalidOperationException("Generate orders first: cases need paid orders.");
        }

        var now = options.Now.UtcTicks;
        var outcomes = await CaseOutcomeGenerator.CreateAsync(writer, options.Seed, now, options.Supervisors, options.Assignees, cancellationToken);
        var mix = options.Buyers is { } buyers ? new CaseMix(buyers, options.Seed, orders, now, options.Cases) : null;
        int open = 0, clocks = 0;
        for (var batchStart = 0; batchStart < options.Cases; batchStart += options.BatchSize)
        {
            await using var batch = await writer.BeginAsync(cancellationToken);
            var insertCase = batch.Insert("AfterSalesCases",
                "Id", "CaseNo", "OrderId", "MerchantId", "CustomerId", "Kind", "Status", "Reason", "Stage", "Description", "CreatedAt", "CreatedBy",
                "UpdatedAt", "UpdatedBy", "Version", "WasRefunded", "IsOpen", "Priority", "AssigneeId", "AssigneeName", "AssignedAt", "SlaDueAt",
                "SlaAttentionAt", "FinishedAt", "FinishedAs", "FirstResponseAt");
            var insertLine = batch.Insert("CaseLines", "CaseId", "OrderLineId", "Quantity");
            var insertEvent = batch.Insert("CaseEvents", "CaseId", "From", "To", "Action", "ActorName", "ActorRole", "Reason", "At");
            var insertClock = batch.Insert("CaseDeadlines",
                "CaseId", "Kind", "State", "StartedAt", "DurationTicks", "AtRiskLeadTicks", "DueAt", "AtRiskAt", "FireAt", "EndedAt", "BreachedAt");
            outcomes.Prepare(batch);

            var batchEnd = Math.Min(options.Cases, batchStart + options.BatchSize);
            for (var i = batchStart; i < batchEnd; i++)
            {
                var id = i + 1L;
                var order = orders[random.Next(orders.Count)];
                var claim = mix?.NextClaim(id);
                if (claim is { } abusive)
                {
                    order = abusive.Order;
                }
                else if (mix is not null)
                {
                    order = mix.OrdinaryOrder(order);
                }

                var kind = Pick(random, KindWeights);
                if (order.DeliveredAt is null)
                {
                    kind = CaseKind.RefundOnly;
                }

                var priority = Pick(random, PriorityWeights);
                var from = order.DeliveredAt ?? order.PaidAt;
                var created = Math.Min(now - TimeSpan.TicksPerMinute, from + random.NextInt64(TimeSpan.TicksPerHour, 10 * TimeSpan.TicksPerDay));
                string? mixReason = null;
                var stage = order.DeliveredAt is null ? ProblemStage.BeforeShipment : ProblemStage.AfterDelivery;
                if (claim is { } planned)
                {
                    (kind, mixReason, created, stage) = (CaseKind.RefundOnly, planned.Claim.Reason, planned.Claim.At, ProblemStage.AfterDelivery);
                }
                else if (mix is not null)
                {
                    (kind, mixReason, created, stage) = mix.Ordinary(order, kind, now);
                }

                var age = TimeSpan.FromTicks(now - created);
                var status = claim is not null ? mix!.ClaimStatus(age) : StatusFor(random, kind, age);
                var isOpen = !CaseTransitions.IsTerminal(status);
                var updated = Math.Min(now - 1, created + random.NextInt64(TimeSpan.TicksPerMinute, Math.Max(TimeSpan.TicksPerMinute + 1, (now - created) / 2 + 1)));
                var assignee = options.Assignees.Count > 0 && random.Next(10) < (isOpen ? 6 : 9) ? options.Assignees[random.Next(options.Assignees.Count)] : default;
                var by = assignee.Name ?? "agent1@demo.local";

                // Clocks: first response met, resolution running unless finished, and the party clock of the state.
                long? slaDue = null, slaAttention = null;
                var caseClocks = new List<(DeadlineKind Kind, DeadlineState State, long Started, TimeSpan Duration, long? Ended, long? Breached)>();
                var firstResponse = sla.Duration(DeadlineKind.AgentFirstResponse, kind, priority);
                var answeredAt = created + random.NextInt64(TimeSpan.TicksPerMinute, firstResponse.Ticks * 5 / 4);
                if (mix is not null && AfterSalesCase.IsFinish(status))
                {
                    updated = mix.Finished(created, updated, answeredAt, claim is not null);
                }

                caseClocks.Add((DeadlineKind.AgentFirstResponse, DeadlineState.Met, created, firstResponse, answeredAt,
                    answeredAt > created + firstResponse.Ticks ? created + firstResponse.Ticks : null));
                var resolution = sla.Duration(DeadlineKind.Resolution, kind, priority);
                caseClocks.Add(isOpen && status != CaseStatus.Resolved
                    ? (DeadlineKind.Resolution, DeadlineState.Running, created, resolution, null, null)
                    : (DeadlineKind.Resolution, DeadlineState.Met, created, resolution, updated, null));
                foreach (var party in new[] { DeadlineKind.MerchantResponse, DeadlineKind.BuyerReturnShipment, DeadlineKind.MerchantReceipt })
                {
                    if (SlaPolicy.RunsWhile(party) == status)
                    {
                        caseClocks.Add((party, DeadlineState.Running, updated, sla.Duration(party, kind, priority), null, null));
                    }
                }

                var caseNo = $"AS{new DateTime(created, DateTimeKind.Utc):yyyyMMdd}{id:D8}";
                var reason = CaseLimits.DefaultReasons[random.Next(CaseLimits.DefaultReasons.Length)];
                reason = mixReason ?? reason;
                var plan = outcomes.Plan(new GeneratedCase(id, caseNo, order, kind, status, reason, created, updated, assignee.Id, assignee.Name, by));
                foreach (var clock in caseClocks.Where(c => c.State == DeadlineState.Running))
                {
                    var due = clock.Started + clock.Duration.Ticks;
                    var risk = due - sla.AtRiskLead(clock.Duration).Ticks;
                    slaDue = Math.Min(slaDue ?? long.MaxValue, due);
                    slaAttention = Math.Min(slaAttention ?? long.MaxValue, risk);
                }

                // A generated case finished, if at all, with its last update and in its present state.
                var finished = AfterSalesCase.IsFinish(status);
                await insertCase.AddAsync(
                    id,
                    caseNo,
                    order.Id,
                    order.MerchantId,
                    order.CustomerId,
                    kind.ToString(),
                    status.ToString(),
                    reason,
                    stage.ToString(),
                    "",
                    created,
                    by,
                    updated,
                    by,
                    OrderDataGenerator.NextGuid(random),
                    status == CaseStatus.Refunded || plan.Refunded,
                    isOpen,
                    priority.ToString(),
                    assignee.Id,
                    assignee.Name,
                    assignee.Id is null ? null : created + TimeSpan.TicksPerMinute,
                    slaDue,
                    slaAttention,
                    finished ? updated : null,
                    finished ? status.ToString() : null,
                    answeredAt);

                await insertLine.AddAsync(id, order.LineId, 1);
                await insertEvent.AddAsync(id, null, nameof(CaseStatus.Submitted), null, by, "Agent", "Case opened.", created);
                foreach (var clock in caseClocks)
                {
                    var running = clock.State == DeadlineState.Running;
                    var due = clock.Started + clock.Duration.Ticks;
                    var lead = sla.AtRiskLead(clock.Duration).Ticks;
                    await insertClock.AddAsync(
                        id,
                        clock.Kind.ToString(),
                        clock.State.ToString(),
                        clock.Started,
                        clock.Duration.Ticks,
                        lead,
                        running ? due : null,
                        running ? due - lead : null,
                        running ? due : null,
                        clock.Ended,
                        clock.Breached);
                    clocks++;
                }

                await outcomes.WriteAsync(plan);

                open += isOpen ? 1 : 0;
            }

            await batch.CommitAsync();
        }

        await outcomes.ComplaintsAboutOrdersAsync(writer, orders, options.BatchSize, cancellationToken);

        // The change feed is for live pages; a bulk import is not news to anyone.
        await writer.ExecuteAsync("""DELETE FROM "CaseChanges"; ANALYZE;""", cancellationToken);

        return new CaseGeneratorReport(options.Cases, open, clocks, outcomes.Counts, watch.Elapsed) { AbusiveClaims = mix?.Opened ?? 0 };
    }

    /// <summary>Most cases older than three weeks are finished; newer ones spread over the open states their kind can reach.</summary>
    private static CaseStatus StatusFor(Random random, CaseKind kind, TimeSpan age)
    {
        var roll = random.Next(100);
        var finishedShare = age > TimeSpan.FromDays(21) ? 97 : age > TimeSpan.FromDays(7) ? 60 : 15;
        if (roll < finishedShare)
        {
            return random.Next(10) switch
            {
                < 7 => CaseStatus.Closed,
                < 9 => CaseStatus.CancelledByBuyer,
                _ => CaseStatus.Resolved,
            };
        }

        for (var attempt = 0; attempt < 10; attempt++)
        {
            var status = OpenStates[random.Next(OpenStates.Length)];
            if (CaseTransitions.ShortestPath(kind, status) is not null)
            {
                return status;
            }
        }

        return CaseStatus.Submitted;
    }

    /// <summary>One value, each drawn with its weight's share of the total.</summary>
    internal static T Pick<T>(Random random, (T Value, int Weight)[] weights)
    {
        var roll = random.Next(weights.Sum(w => w.Weight));
        foreach (var (value, weight) in weights)
        {
            if (roll < weight)
            {
                return value;
            }

            roll -= weight;
        }

        return weights[^1].Value;
    }

    /// <summary>
    /// Paid orders, each with its first line: the one a generated case claims. The first lines come from one grouped
    /// scan: PostgreSQL ran a correlated MIN in the join condition once per pair of order and line (minutes at 100,000).
    /// </summary>
    private static Task<List<GeneratedOrder>> EligibleOrdersAsync(IBulkWriter writer, long now, CancellationToken cancellationToken) => writer.ReadAsync(
        """
        SELECT o."Id", o."MerchantId", o."CustomerId", o."PaidAt", o."DeliveredAt", l."Id", l."Quantity", l."UnitPriceMinor" * l."Quantity" - l."DiscountMinor",
            o."ShippingFeeMinor", o."PaidMinor"
        FROM "Orders" o
        JOIN (SELECT "OrderId", MIN("Id") AS "LineId" FROM "OrderLines" GROUP BY "OrderId") f ON f."OrderId" = o."Id"
        JOIN "OrderLines" l ON l."Id" = f."LineId"
        WHERE o."PaidAt" IS NOT NULL AND o."PaidAt" < @now ORDER BY o."Id"
        """,
        [("now", now)],
        reader => new GeneratedOrder(reader.GetInt64(0), reader.GetInt32(1), reader.GetInt64(2), reader.GetInt64(3),
            reader.IsDBNull(4) ? null : reader.GetInt64(4), reader.GetInt64(5), reader.GetInt32(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9)),
        cancellationToken);
}
