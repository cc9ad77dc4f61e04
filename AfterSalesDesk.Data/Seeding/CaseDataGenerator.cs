using System.Diagnostics;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Sla;
using Microsoft.Data.Sqlite;

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
}

public sealed record CaseGeneratorReport(int Cases, int Open, int Deadlines, OutcomeCounts Outcomes, TimeSpan Elapsed)
{
    public override string ToString() =>
        $"{Cases:N0} cases ({Open:N0} open, {Deadlines:N0} clocks), {Outcomes.PaidRefunds:N0} paid refunds and {Outcomes.OtherRefunds:N0} others, "
        + $"{Outcomes.Complaints:N0} complaints, {Outcomes.Ratings:N0} ratings ({Outcomes.FollowUps:N0} follow-ups) in {Elapsed.TotalSeconds:N1} s";
}

/// <summary>
/// Fills a database that has generated orders with after-sales cases for the queue benchmarks: a
/// realistic mix (most old cases finished, recent ones spread over the open states, every state only
/// for kinds that can reach it), priorities, assignees, and the clocks an open case carries in its
/// state, with the queue columns (IsOpen, SlaDueAt, SlaAttentionAt) that the domain would have set;
/// then what follows them (<see cref="CaseOutcomeGenerator"/>): refunds, disputes, complaints about
/// orders, ratings and follow-ups. Prepared statements in large transactions; the triggers keep the
/// queue counters as usual.
/// </summary>
public static class CaseDataGenerator
{
    private static readonly (CaseKind Kind, int Weight)[] KindWeights =
        [(CaseKind.RefundOnly, 45), (CaseKind.ReturnAndRefund, 35), (CaseKind.Exchange, 12), (CaseKind.Repair, 8)];

    private static readonly (CasePriority Priority, int Weight)[] PriorityWeights =
        [(CasePriority.Normal, 70), (CasePriority.High, 15), (CasePriority.Low, 10), (CasePriority.Urgent, 5)];

    private static readonly CaseStatus[] OpenStates = Enum.GetValues<CaseStatus>().Where(s => !CaseTransitions.IsTerminal(s)).ToArray();

    public static async Task<CaseGeneratorReport> GenerateAsync(string connectionString, CaseGeneratorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Cases);
        var watch = Stopwatch.StartNew();
        var random = new Random(options.Seed);
        var sla = SlaPolicy.Default;
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        if (await OrderDataGenerator.ScalarAsync(connection, "SELECT COUNT(*) FROM AfterSalesCases") > 0)
        {
            throw new InvalidOperationException("The database already has cases; the case generator fills only a case-free database.");
        }

        var orders = await EligibleOrdersAsync(connection, options.Now.UtcTicks, cancellationToken);
        if (orders.Count == 0)
        {
            throw new InvalidOperationException("Generate orders first: cases need paid orders.");
        }

        var now = options.Now.UtcTicks;
        var outcomes = await CaseOutcomeGenerator.CreateAsync(connection, options.Seed, now, options.Supervisors, options.Assignees);
        int open = 0, clocks = 0;
        for (var batchStart = 0; batchStart < options.Cases; batchStart += options.BatchSize)
        {
            await using var transaction = connection.BeginTransaction();
            await using var insertCase = OrderDataGenerator.Command(connection, transaction,
                "INSERT INTO AfterSalesCases (Id, CaseNo, OrderId, MerchantId, CustomerId, Kind, Status, Reason, Stage, Description, CreatedAt, CreatedBy, "
                + "UpdatedAt, UpdatedBy, Version, WasRefunded, IsOpen, Priority, AssigneeId, AssigneeName, AssignedAt, SlaDueAt, SlaAttentionAt, FinishedAt, FinishedAs, FirstResponseAt) "
                + "VALUES ($id, $no, $order, $merchant, $customer, $kind, $status, $reason, $stage, '', $created, $by, $updated, $by, $version, $refunded, "
                + "$open, $priority, $assignee, $assigneeName, $assigned, $due, $attention, $finished, $finishedAs, $firstResponse)",
                "$id", "$no", "$order", "$merchant", "$customer", "$kind", "$status", "$reason", "$stage", "$created", "$by", "$updated", "$version",
                "$refunded", "$open", "$priority", "$assignee", "$assigneeName", "$assigned", "$due", "$attention", "$finished", "$finishedAs", "$firstResponse");
            await using var insertLine = OrderDataGenerator.Command(connection, transaction,
                "INSERT INTO CaseLines (CaseId, OrderLineId, Quantity) VALUES ($case, $line, 1)", "$case", "$line");
            await using var insertEvent = OrderDataGenerator.Command(connection, transaction,
                "INSERT INTO CaseEvents (CaseId, \"From\", \"To\", Action, ActorName, ActorRole, Reason, At) VALUES ($case, NULL, 'Submitted', NULL, $by, 'Agent', 'Case opened.', $at)",
                "$case", "$by", "$at");
            await using var insertClock = OrderDataGenerator.Command(connection, transaction,
                "INSERT INTO CaseDeadlines (CaseId, Kind, State, StartedAt, DurationTicks, AtRiskLeadTicks, DueAt, AtRiskAt, FireAt, EndedAt, BreachedAt) "
                + "VALUES ($case, $kind, $state, $started, $duration, $lead, $due, $risk, $fire, $ended, $breached)",
                "$case", "$kind", "$state", "$started", "$duration", "$lead", "$due", "$risk", "$fire", "$ended", "$breached");
            await using var outcomeCommands = outcomes.Prepare(connection, transaction);

            var batchEnd = Math.Min(options.Cases, batchStart + options.BatchSize);
            for (var i = batchStart; i < batchEnd; i++)
            {
                var id = i + 1L;
                var order = orders[random.Next(orders.Count)];
                var kind = Pick(random, KindWeights);
                if (order.DeliveredAt is null)
                {
                    kind = CaseKind.RefundOnly;
                }

                var priority = Pick(random, PriorityWeights);
                var from = order.DeliveredAt ?? order.PaidAt;
                var created = Math.Min(now - TimeSpan.TicksPerMinute, from + random.NextInt64(TimeSpan.TicksPerHour, 10 * TimeSpan.TicksPerDay));
                var age = TimeSpan.FromTicks(now - created);
                var status = StatusFor(random, kind, age);
                var isOpen = !CaseTransitions.IsTerminal(status);
                var updated = Math.Min(now - 1, created + random.NextInt64(TimeSpan.TicksPerMinute, Math.Max(TimeSpan.TicksPerMinute + 1, (now - created) / 2 + 1)));
                var assignee = options.Assignees.Count > 0 && random.Next(10) < (isOpen ? 6 : 9) ? options.Assignees[random.Next(options.Assignees.Count)] : default;
                var by = assignee.Name ?? "agent1@demo.local";

                // Clocks: first response met, resolution running unless finished, and the party clock of the state.
                long? slaDue = null, slaAttention = null;
                var caseClocks = new List<(DeadlineKind Kind, DeadlineState State, long Started, TimeSpan Duration, long? Ended, long? Breached)>();
                var firstResponse = sla.Duration(DeadlineKind.AgentFirstResponse, kind, priority);
                var answeredAt = created + random.NextInt64(TimeSpan.TicksPerMinute, firstResponse.Ticks * 5 / 4);
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
                var plan = outcomes.Plan(new GeneratedCase(id, caseNo, order, kind, status, reason, created, updated, assignee.Id, assignee.Name, by));
                insertCase.Parameters["$id"].Value = id;
                insertCase.Parameters["$no"].Value = caseNo;
                insertCase.Parameters["$order"].Value = order.Id;
                insertCase.Parameters["$merchant"].Value = order.MerchantId;
                insertCase.Parameters["$customer"].Value = order.CustomerId;
                insertCase.Parameters["$kind"].Value = kind.ToString();
                insertCase.Parameters["$status"].Value = status.ToString();
                insertCase.Parameters["$reason"].Value = reason;
                insertCase.Parameters["$stage"].Value = order.DeliveredAt is null ? nameof(ProblemStage.BeforeShipment) : nameof(ProblemStage.AfterDelivery);
                insertCase.Parameters["$created"].Value = created;
                insertCase.Parameters["$by"].Value = by;
                insertCase.Parameters["$updated"].Value = updated;
                insertCase.Parameters["$version"].Value = OrderDataGenerator.NextGuid(random).ToString().ToUpperInvariant();
                insertCase.Parameters["$refunded"].Value = status == CaseStatus.Refunded || plan.Refunded ? 1 : 0;
                insertCase.Parameters["$open"].Value = isOpen ? 1 : 0;
                insertCase.Parameters["$priority"].Value = priority.ToString();
                insertCase.Parameters["$assignee"].Value = (object?)assignee.Id ?? DBNull.Value;
                insertCase.Parameters["$assigneeName"].Value = (object?)assignee.Name ?? DBNull.Value;
                insertCase.Parameters["$assigned"].Value = assignee.Id is null ? DBNull.Value : created + TimeSpan.TicksPerMinute;
                foreach (var clock in caseClocks.Where(c => c.State == DeadlineState.Running))
                {
                    var due = clock.Started + clock.Duration.Ticks;
                    var risk = due - sla.AtRiskLead(clock.Duration).Ticks;
                    slaDue = Math.Min(slaDue ?? long.MaxValue, due);
                    slaAttention = Math.Min(slaAttention ?? long.MaxValue, risk);
                }

                insertCase.Parameters["$due"].Value = (object?)slaDue ?? DBNull.Value;
                insertCase.Parameters["$attention"].Value = (object?)slaAttention ?? DBNull.Value;
                // A generated case finished, if at all, with its last update and in its present state.
                var finished = AfterSalesCase.IsFinish(status);
                insertCase.Parameters["$finished"].Value = finished ? updated : DBNull.Value;
                insertCase.Parameters["$finishedAs"].Value = finished ? status.ToString() : DBNull.Value;
                insertCase.Parameters["$firstResponse"].Value = answeredAt;
                await insertCase.ExecuteNonQueryAsync(cancellationToken);

                insertLine.Parameters["$case"].Value = id;
                insertLine.Parameters["$line"].Value = order.LineId;
                await insertLine.ExecuteNonQueryAsync(cancellationToken);
                insertEvent.Parameters["$case"].Value = id;
                insertEvent.Parameters["$by"].Value = by;
                insertEvent.Parameters["$at"].Value = created;
                await insertEvent.ExecuteNonQueryAsync(cancellationToken);
                foreach (var clock in caseClocks)
                {
                    var running = clock.State == DeadlineState.Running;
                    var due = clock.Started + clock.Duration.Ticks;
                    var lead = sla.AtRiskLead(clock.Duration).Ticks;
                    insertClock.Parameters["$case"].Value = id;
                    insertClock.Parameters["$kind"].Value = clock.Kind.ToString();
                    insertClock.Parameters["$state"].Value = clock.State.ToString();
                    insertClock.Parameters["$started"].Value = clock.Started;
                    insertClock.Parameters["$duration"].Value = clock.Duration.Ticks;
                    insertClock.Parameters["$lead"].Value = lead;
                    insertClock.Parameters["$due"].Value = running ? due : DBNull.Value;
                    insertClock.Parameters["$risk"].Value = running ? due - lead : DBNull.Value;
                    insertClock.Parameters["$fire"].Value = running ? due : DBNull.Value;
                    insertClock.Parameters["$ended"].Value = (object?)clock.Ended ?? DBNull.Value;
                    insertClock.Parameters["$breached"].Value = (object?)clock.Breached ?? DBNull.Value;
                    await insertClock.ExecuteNonQueryAsync(cancellationToken);
                    clocks++;
                }

                await outcomes.WriteAsync(plan, cancellationToken);

                open += isOpen ? 1 : 0;
            }

            await transaction.CommitAsync(cancellationToken);
        }

        await outcomes.ComplaintsAboutOrdersAsync(connection, orders, options.BatchSize, cancellationToken);

        // The change feed is for live pages; a bulk import is not news to anyone.
        await using (var clear = connection.CreateCommand())
        {
            clear.CommandText = "DELETE FROM CaseChanges; ANALYZE;";
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }

        return new CaseGeneratorReport(options.Cases, open, clocks, outcomes.Counts, watch.Elapsed);
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

    /// <summary>Paid orders, each with its first line: the one a generated case claims.</summary>
    private static async Task<List<GeneratedOrder>> EligibleOrdersAsync(SqliteConnection connection, long now, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT o.Id, o.MerchantId, o.CustomerId, o.PaidAt, o.DeliveredAt, l.Id, l.Quantity, l.UnitPriceMinor * l.Quantity - l.DiscountMinor, "
            + "o.ShippingFeeMinor, o.PaidMinor FROM Orders o JOIN OrderLines l ON l.Id = (SELECT MIN(f.Id) FROM OrderLines f WHERE f.OrderId = o.Id) "
            + "WHERE o.PaidAt IS NOT NULL AND o.PaidAt < $now ORDER BY o.Id";
        command.Parameters.AddWithValue("$now", now);
        var orders = new List<GeneratedOrder>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            orders.Add(new GeneratedOrder(reader.GetInt64(0), reader.GetInt32(1), reader.GetInt64(2), reader.GetInt64(3),
                reader.IsDBNull(4) ? null : reader.GetInt64(4), reader.GetInt64(5), reader.GetInt32(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9)));
        }

        return orders;
    }
}
