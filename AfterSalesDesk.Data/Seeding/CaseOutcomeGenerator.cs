using System.Globalization;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Complaints;
using AfterSalesDesk.Data.Feedback;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Providers;
using AfterSalesDesk.Data.Refunds;

namespace AfterSalesDesk.Data.Seeding;

/// <summary>
/// A paid order that generated cases are opened on, with what its refunds need: the first line (the one
/// every generated case claims, one item of it) and the amounts that bound a refund.
/// </summary>
internal sealed record GeneratedOrder(
    long Id, int MerchantId, long CustomerId, long PaidAt, long? DeliveredAt, long LineId, int LineQuantity, long LinePaidMinor, long ShippingFeeMinor, long PaidMinor);

/// <summary>A generated case as its refunds, dispute and rating need it. <see cref="Updated"/> is its last move: when it finished, or entered its present state.</summary>
internal sealed record GeneratedCase(
    long Id, string CaseNo, GeneratedOrder Order, CaseKind Kind, CaseStatus Status, string Reason, long Created, long Updated, string? AssigneeId, string? AssigneeName, string By);

/// <summary>What <see cref="CaseOutcomeGenerator"/> wrote.</summary>
public sealed record OutcomeCounts(int PaidRefunds, int OtherRefunds, int Complaints, int Ratings, int FollowUps);

/// <summary>
/// What follows generated cases and orders, so that the dashboard's refund, complaint and rating figures and
/// the exports have data at scale: a paid refund for every case that went through Refunded (a few after a
/// rejected or a failed and cancelled one), failed, waiting or rejected refunds on cases awaiting one, a dispute
/// for every escalated case and for a few finished ones, complaints about a few percent of orders, and the
/// buyers' ratings of finished cases with the follow-ups of low ones. Every row is one the domain could have
/// written: its states, amounts (line shares, deductions, shipping once), approvals, the order's committed
/// balance, the complaint's moves and deadlines. It draws from a random stream of its own, so that the orders
/// and cases of a seed are the same as before it existed.
/// </summary>
internal sealed class CaseOutcomeGenerator
{
    private const string UnassignedId = "generated";
    private const long Minute = TimeSpan.TicksPerMinute;
    private const long Hour = TimeSpan.TicksPerHour;
    private const long Day = TimeSpan.TicksPerDay;

    private static readonly HashSet<string> MerchantFault = [.. RefundLimits.DefaultMerchantFaultReasons];
    private static readonly int[] DeductionSteps = [500, 1000, 1500, 2000, 3000];
    private static readonly int[] AwardSteps = [3000, 5000, 7000];

    private static readonly (int Stars, int Weight)[] ResolvedStars = [(5, 60), (4, 25), (3, 8), (2, 4), (1, 3)];
    private static readonly (int Stars, int Weight)[] ClosedStars = [(5, 45), (4, 28), (3, 12), (2, 7), (1, 8)];

    private static readonly (ComplaintCategory Category, int Weight)[] OrderCategories =
        [(ComplaintCategory.Logistics, 40), (ComplaintCategory.ServiceAttitude, 35), (ComplaintCategory.Counterfeit, 15), (ComplaintCategory.Fraud, 10)];

    private static readonly (ComplaintChannel Channel, int Weight)[] Channels =
        [(ComplaintChannel.Phone, 35), (ComplaintChannel.OnlineChat, 35), (ComplaintChannel.App, 20), (ComplaintChannel.Email, 10)];

    private static readonly (ArbitrationOutcome Outcome, int Weight)[] OrderOutcomes =
        [(ArbitrationOutcome.ForBuyer, 45), (ArbitrationOutcome.ForMerchant, 40), (ArbitrationOutcome.Partial, 15)];

    private readonly Random random;
    private readonly long now;
    private readonly IReadOnlyList<(string Id, string Name)> supervisors;
    private readonly IReadOnlyList<(string Id, string Name)> staff;
    private readonly RefundLimits limits = new();
    private readonly ComplaintRules rules = new();
    private readonly Dictionary<long, OrderBalance> balances = [];
    private long nextRefund;
    private long nextComplaint;
    private long nextRating;
    private Commands? commands;
    private int paidRefunds, otherRefunds, complaints, ratings, followUps;

    private CaseOutcomeGenerator(int seed, long now, IReadOnlyList<(string Id, string Name)> supervisors, IReadOnlyList<(string Id, string Name)> staff)
    {
        // A stream apart from the cases' (seed 42 gives the cases it always gave), still fixed by the seed.
        random = new Random(unchecked((seed * 1_000_003) ^ 0x2F6E_A7C1));
        this.now = now;
        this.supervisors = supervisors;
        this.staff = staff.Count > 0 ? staff : supervisors;
    }

    public OutcomeCounts Counts => new(paidRefunds, otherRefunds, complaints, ratings, followUps);

    /// <param name="supervisors">Who approves, rejects, cancels and arbitrates: at least three, so that a refund an arbiter proposes can still get two other approvers.</param>
    /// <param name="staff">Agents who record complaints and work follow-ups (the supervisors when empty).</param>
    public static async Task<CaseOutcomeGenerator> CreateAsync(
        IBulkWriter writer, int seed, long now, IReadOnlyList<(string Id, string Name)> supervisors, IReadOnlyList<(string Id, string Name)> staff,
        CancellationToken cancellationToken)
    {
        if (supervisors.Select(s => s.Id).Distinct().Count() < 3)
        {
            throw new ArgumentException("Refunds need at least three different supervisors.", nameof(supervisors));
        }

        return new CaseOutcomeGenerator(seed, now, supervisors, staff)
        {
            nextRefund = await writer.ScalarAsync("""SELECT COALESCE(MAX("Id"), 0) FROM "Refunds" """, cancellationToken) + 1,
            nextComplaint = await writer.ScalarAsync("""SELECT COALESCE(MAX("Id"), 0) FROM "Complaints" """, cancellationToken) + 1,
            nextRating = await writer.ScalarAsync("""SELECT COALESCE(MAX("Id"), 0) FROM "CaseRatings" """, cancellationToken) + 1,
        };
    }

    /// <summary>Opens this generator's tables in one batch, after the cases' tables (its rows refer to cases).</summary>
    public void Prepare(IBulkBatch batch) => commands = new Commands(batch);

    /// <summary>
    /// Decides everything that follows a case (drawing from this generator's stream only), before the case is
    /// written: the case's <c>WasRefunded</c> depends on it. Call <see cref="WriteAsync"/> after the case's row.
    /// </summary>
    public CasePlan Plan(GeneratedCase c)
    {
        var plan = new CasePlan();
        switch (c.Status)
        {
            case CaseStatus.Refunded:
            case CaseStatus.Resolved when c.Kind is CaseKind.RefundOnly or CaseKind.ReturnAndRefund || random.Next(100) < 15:
                // Refund only and return and refund reach Resolved only through Refunded; exchanges and repairs
                // sometimes, through a counter-offer or an escalation. Refunded is the moment the money went back.
                if (random.Next(100) < 5)
                {
                    DisputeForBuyer(plan, c);
                }
                else
                {
                    PaidRefund(plan, c, c.Created, c.Updated, c.Status == CaseStatus.Refunded, Proposer(c), null);
                }

                break;
            case CaseStatus.AwaitingRefund:
                WaitingRefund(plan, c);
                break;
            case CaseStatus.Escalated:
                plan.Complaints.Add(ActiveDispute(c));
                break;
            case CaseStatus.Closed when random.Next(100) < 2:
                plan.Complaints.Add(DecidedDispute(c, ArbitrationOutcome.ForMerchant, Between(c.Created, c.Updated, 0.1, 0.4), c.Updated, null));
                break;
        }

        if (CaseRating.CanRate(c.Status) && random.Next(100) < (c.Status == CaseStatus.Resolved ? 45 : 30))
        {
            plan.Rating = Rating(c);
        }

        return plan;
    }

    public async Task WriteAsync(CasePlan plan)
    {
        foreach (var refund in plan.Refunds)
        {
            await WriteRefundAsync(refund);
        }

        foreach (var complaint in plan.Complaints)
        {
            await WriteComplaintAsync(complaint);
        }

        if (plan.Rating is { } rating)
        {
            await WriteRatingAsync(rating);
        }
    }

    /// <summary>Complaints about orders that no case escalated (service, logistics, counterfeit, fraud): about 2 % of paid orders.</summary>
    public async Task ComplaintsAboutOrdersAsync(IBulkWriter writer, IReadOnlyList<GeneratedOrder> orders, int batchSize, CancellationToken cancellationToken)
    {
        for (var start = 0; start < orders.Count; start += batchSize)
        {
            await using var batch = await writer.BeginAsync(cancellationToken);
            Prepare(batch);
            for (var i = start; i < Math.Min(orders.Count, start + batchSize); i++)
            {
                if (random.Next(100) < 2 && OrderComplaint(orders[i]) is { } complaint)
                {
                    await WriteComplaintAsync(complaint);
                }
            }

            await batch.CommitAsync();
        }
    }

    private (string Id, string Name) Proposer(GeneratedCase c) => (c.AssigneeId ?? UnassignedId, c.By);

    private OrderBalance Balance(GeneratedOrder order)
    {
        if (!balances.TryGetValue(order.Id, out var balance))
        {
            balances[order.Id] = balance = new OrderBalance();
        }

        return balance;
    }

    /// <summary>
    /// What one item of the case's line refunds now, as <see cref="Refund.Propose"/> computes it: the line's
    /// share for the next item, a deduction (an inspection's, or the arbiter's share), shipping once when the
    /// merchant was at fault. Null when the line has no item left (another case on the same line was refunded).
    /// </summary>
    private Price? PriceOf(GeneratedCase c, OrderBalance balance, int? awardBasisPoints, string? arbitrationNo)
    {
        if (balance.ItemsHeld + 1 > c.Order.LineQuantity)
        {
            return null;
        }

        var lines = RefundMath.LineShare(c.Order.LinePaidMinor, c.Order.LineQuantity, balance.ItemsHeld, 1);
        var (basisPoints, reason) = awardBasisPoints is { } award
            ? (10_000 - award, string.Create(CultureInfo.InvariantCulture, $"Arbitration {arbitrationNo}: the buyer gets {award / 100m:0.##} %"))
            : c.Kind == CaseKind.ReturnAndRefund && random.Next(100) < 15
                ? (DeductionSteps[random.Next(DeductionSteps.Length)], Catalog.DeductionReasons[random.Next(Catalog.DeductionReasons.Length)])
                : (0, null);
        var deduction = RefundMath.Deduction(lines, basisPoints);
        var shipping = arbitrationNo is null && MerchantFault.Contains(c.Reason) && !balance.ShippingRefunded ? c.Order.ShippingFeeMinor : 0;
        var price = new Price(lines, basisPoints, deduction, reason, shipping);
        return price.Amount > 0 && balance.CommittedMinor + price.Amount <= c.Order.PaidMinor ? price : null;
    }

    /// <summary>
    /// A paid refund between <paramref name="start"/> and <paramref name="end"/> (executed at the end itself when
    /// the case's last move was into Refunded), sometimes after an earlier one that was rejected, or failed and
    /// was cancelled. False when nothing is left to refund on the line.
    /// </summary>
    private bool PaidRefund(CasePlan plan, GeneratedCase c, long start, long end, bool executedAtEnd, (string Id, string Name) proposer, Arbitration? arbitration)
    {
        var balance = Balance(c.Order);
        if (PriceOf(c, balance, arbitration?.AwardBasisPoints, arbitration?.Complaint.No) is not { } price)
        {
            return false;
        }

        var required = limits.ApprovalsFor(new Money(price.Amount, Money.DefaultCurrency));
        var from = arbitration?.DecidedAt ?? start;
        var roll = arbitration is null ? random.Next(100) : 100;
        if (roll < 3 && required > 0 || roll is >= 3 and < 5)
        {
            var split = Between(start, end, 0.3, 0.5);
            var proposed = Between(start, split, 0.1, 0.4);
            var refund = roll < 3
                ? Rejected(c, price, required, proposer, proposed, Between(proposed, split, 0.2, 0.8))
                : Cancelled(c, price, required, proposer, proposed, split);
            plan.Refunds.Add(refund);
            from = split;
        }

        var proposedAt = arbitration?.DecidedAt ?? Between(from, end, 0.2, 0.6);
        var approvals = Approvals(required, proposer.Id, proposedAt, end, out var grantedAt);
        var executedAt = executedAtEnd ? end : Between(grantedAt, end, 0.05, 0.5);
        var paid = NewRefund(c, price, required, proposer, proposedAt, RefundStatus.Succeeded) with
        {
            DecidedAt = grantedAt,
            Attempts = random.Next(100) < 6 ? 2 : 1,
            GatewayReference = string.Create(CultureInfo.InvariantCulture, $"SIM-{new DateTime(executedAt, DateTimeKind.Utc):yyyyMMdd}-{random.Next():X8}"),
            ExecutedAt = executedAt,
            Approvals = approvals,
        };
        plan.Refunds.Add(Hold(balance, paid));
        plan.Refunded = true;
        arbitration?.Complaint.Link(paid.Id);
        return true;
    }

    /// <summary>A case waiting for its refund: often nothing yet; else one that failed at the gateway, one waiting for approval, or one rejected.</summary>
    private void WaitingRefund(CasePlan plan, GeneratedCase c)
    {
        var roll = random.Next(100);
        var balance = Balance(c.Order);
        if (roll >= 28 || PriceOf(c, balance, null, null) is not { } price)
        {
            return;
        }

        var required = limits.ApprovalsFor(new Money(price.Amount, Money.DefaultCurrency));
        var proposer = Proposer(c);
        var proposedAt = Between(c.Updated, now, 0.2, 0.9);
        if (roll < 12)
        {
            var approvals = Approvals(required, proposer.Id, proposedAt, now, out var grantedAt);
            var failed = Failure(NewRefund(c, price, required, proposer, proposedAt, RefundStatus.Failed) with { DecidedAt = grantedAt, Approvals = approvals });
            plan.Refunds.Add(Hold(balance, failed));
        }
        else if (required > 0 && roll < 20)
        {
            // Two approvals needed: sometimes the first supervisor has approved already.
            var approvals = Approvals(required == 2 && random.Next(2) == 0 ? 1 : 0, proposer.Id, proposedAt, now, out _);
            var waiting = NewRefund(c, price, required, proposer, proposedAt, RefundStatus.AwaitingApproval) with { Approvals = approvals };
            plan.Refunds.Add(Hold(balance, waiting));
        }
        else if (required > 0)
        {
            plan.Refunds.Add(Rejected(c, price, required, proposer, proposedAt, Between(proposedAt, now, 0.1, 0.9)));
        }
    }

    private RefundRow Rejected(GeneratedCase c, Price price, int required, (string Id, string Name) proposer, long proposedAt, long rejectedAt)
    {
        var supervisor = OtherSupervisor(proposer.Id);
        return NewRefund(c, price, required, proposer, proposedAt, RefundStatus.Rejected) with
        {
            DecidedAt = rejectedAt,
            RejectedBy = supervisor.Name,
            RejectionReason = Catalog.RefundRejections[random.Next(Catalog.RefundRejections.Length)],
        };
    }

    /// <summary>Granted, failed at the gateway, then cancelled by a supervisor once the gateway confirmed it never paid (before <paramref name="before"/>).</summary>
    private RefundRow Cancelled(GeneratedCase c, Price price, int required, (string Id, string Name) proposer, long proposedAt, long before)
    {
        var approvals = Approvals(required, proposer.Id, proposedAt, before, out var grantedAt);
        var supervisor = OtherSupervisor(proposer.Id);
        return Failure(NewRefund(c, price, required, proposer, proposedAt, RefundStatus.Cancelled)) with
        {
            DecidedAt = Between(grantedAt, before, 0.3, 0.9),
            RejectedBy = supervisor.Name,
            RejectionReason = "The gateway confirmed it never paid this refund; a new one follows.",
            Approvals = approvals,
        };
    }

    /// <summary>The gateway's answer of a failed refund: every attempt unavailable, or refused at once.</summary>
    private RefundRow Failure(RefundRow refund) => random.Next(2) == 0
        ? refund with { Attempts = limits.MaxAttempts, LastError = "Attempt failed: the gateway is unavailable." }
        : refund with { Attempts = 1, LastError = "Refused by the gateway: the buyer's payment account is closed." };

    private RefundRow NewRefund(GeneratedCase c, Price price, int required, (string Id, string Name) proposer, long proposedAt, RefundStatus status) =>
        new(nextRefund++, c.Id, c.Order, status, price, required, proposer, proposedAt, $"RF-{NextGuid():N}", NextGuid());

    /// <summary>Approvals by <paramref name="count"/> different supervisors, never the proposer, one after another before <paramref name="before"/>; the last one grants.</summary>
    private List<ApprovalRow> Approvals(int count, string proposerId, long after, long before, out long grantedAt)
    {
        var others = supervisors.Where(s => s.Id != proposerId).ToList();
        var first = random.Next(others.Count);
        var approvals = new List<ApprovalRow>(count);
        grantedAt = after;
        for (var i = 0; i < count; i++)
        {
            grantedAt = Between(grantedAt, before, 0.1, 0.4);
            var (id, name) = others[(first + i) % others.Count];
            approvals.Add(new ApprovalRow(id, name, grantedAt));
        }

        return approvals;
    }

    private (string Id, string Name) OtherSupervisor(string notId)
    {
        var others = supervisors.Where(s => s.Id != notId).ToList();
        return others[random.Next(others.Count)];
    }

    /// <summary>The refund holds its item and amount of the order, as <c>Order.CommitRefund</c> does: the refund with the order's committed balance after it.</summary>
    private static RefundRow Hold(OrderBalance balance, RefundRow refund)
    {
        balance.ItemsHeld++;
        balance.CommittedMinor += refund.Price.Amount;
        balance.ShippingRefunded |= refund.Price.ShippingMinor > 0;
        return refund with { OrderCommittedMinor = balance.CommittedMinor };
    }

    /// <summary>An escalated case's dispute, as far as its deadlines have run by now: the merchant's turn, the buyer's, or arbitration.</summary>
    private ComplaintRow ActiveDispute(GeneratedCase c)
    {
        var complaint = Dispute(c, c.Updated);
        PassDeadlines(complaint, c.Updated, long.MaxValue);
        return complaint;
    }

    /// <summary>
    /// A dispute opened at <paramref name="openedAt"/> and decided at <paramref name="decidedAt"/>: the sides'
    /// turns passed while there was time, else a supervisor took it to arbitration early; sometimes closed since.
    /// </summary>
    private ComplaintRow DecidedDispute(GeneratedCase c, ArbitrationOutcome outcome, long openedAt, long decidedAt, int? award) =>
        DecidedDispute(c, outcome, openedAt, decidedAt, award, out _);

    private ComplaintRow DecidedDispute(GeneratedCase c, ArbitrationOutcome outcome, long openedAt, long decidedAt, int? award, out (string Id, string Name) arbiter)
    {
        var complaint = Dispute(c, openedAt);
        arbiter = Arbitrate(complaint, openedAt, decidedAt, outcome, award);
        return complaint;
    }

    /// <summary>The arbiter decided for the buyer (sometimes partly): the case went to awaiting refund and the arbiter proposed the refund, paid before the case's last move.</summary>
    private void DisputeForBuyer(CasePlan plan, GeneratedCase c)
    {
        var partial = random.Next(100) < 30;
        var award = partial ? AwardSteps[random.Next(AwardSteps.Length)] : (int?)null;
        var openedAt = Between(c.Created, c.Updated, 0.1, 0.3);
        var decidedAt = Between(openedAt, c.Updated, 0.3, 0.6);
        var complaint = DecidedDispute(c, partial ? ArbitrationOutcome.Partial : ArbitrationOutcome.ForBuyer, openedAt, decidedAt, award, out var arbiter);
        if (PaidRefund(plan, c, decidedAt, c.Updated, c.Status == CaseStatus.Refunded, arbiter, new Arbitration(complaint, decidedAt, award)))
        {
            plan.Complaints.Add(complaint);
        }
    }

    private ComplaintRow Dispute(GeneratedCase c, long openedAt)
    {
        var complaint = NewComplaint(c.Order, c.Id, ComplaintCategory.AfterSalesDispute, PickSeverity(ComplaintCategory.AfterSalesDispute), ComplaintChannel.Escalation,
            $"The buyer disputes the merchant's rejection of case {c.CaseNo}.", openedAt, (c.By, Roles.Agent));
        complaint.Move(ComplaintStatus.AwaitingMerchantEvidence, (c.By, Roles.Agent), $"Merchant's evidence due within {rules.MerchantEvidenceHours} h.", openedAt);
        complaint.EvidenceDueAt = openedAt + rules.MerchantEvidenceHours * Hour;
        return complaint;
    }

    /// <summary>
    /// The deadline worker's moves for sides that stayed silent (the merchant's turn passes to the buyer, the
    /// buyer's to arbitration), those whose deadline fell before <paramref name="until"/> and before now.
    /// </summary>
    private void PassDeadlines(ComplaintRow complaint, long requestedAt, long until)
    {
        var merchantDue = requestedAt + rules.MerchantEvidenceHours * Hour;
        if (merchantDue > now || merchantDue > until)
        {
            return;
        }

        var buyerDue = merchantDue + rules.BuyerEvidenceHours * Hour;
        complaint.Move(ComplaintStatus.AwaitingBuyerEvidence, CaseActor.System,
            string.Create(CultureInfo.InvariantCulture, $"Merchant gave no evidence by {new DateTime(merchantDue, DateTimeKind.Utc):yyyy-MM-dd HH:mm} UTC. Buyer's evidence due within {rules.BuyerEvidenceHours} h."),
            merchantDue);
        complaint.EvidenceDueAt = buyerDue;
        if (buyerDue > now || buyerDue > until)
        {
            return;
        }

        complaint.Move(ComplaintStatus.UnderArbitration, CaseActor.System,
            string.Create(CultureInfo.InvariantCulture, $"Buyer gave no evidence by {new DateTime(buyerDue, DateTimeKind.Utc):yyyy-MM-dd HH:mm} UTC."), buyerDue);
        complaint.EvidenceDueAt = null;
    }

    /// <summary>From the merchant's turn (asked at <paramref name="requestedAt"/>) to a decision at <paramref name="decidedAt"/>, then perhaps closed; returns the arbiter.</summary>
    private (string Id, string Name) Arbitrate(ComplaintRow complaint, long requestedAt, long decidedAt, ArbitrationOutcome outcome, int? award)
    {
        var arbiter = supervisors[random.Next(supervisors.Count)];
        PassDeadlines(complaint, requestedAt, decidedAt);
        if (complaint.Status != ComplaintStatus.UnderArbitration)
        {
            var last = complaint.Events[^1].At;
            complaint.Move(ComplaintStatus.UnderArbitration, (arbiter.Name, Roles.Supervisor), "Sent to arbitration.", Between(last, decidedAt, 0.2, 0.8));
            complaint.EvidenceDueAt = null;
        }

        var reasoning = Catalog.Reasonings[outcome][random.Next(Catalog.Reasonings[outcome].Length)];
        complaint.Move(ComplaintStatus.Decided, (arbiter.Name, Roles.Supervisor), $"Decided {outcome}: {reasoning}", decidedAt);
        var points = rules.PointsFor(complaint.Category);
        complaint.Outcome = outcome;
        complaint.Reasoning = reasoning;
        complaint.AwardBasisPoints = award;
        complaint.PenaltyPoints = outcome switch
        {
            ArbitrationOutcome.ForBuyer => points,
            ArbitrationOutcome.Partial => (points + 1) / 2,
            _ => 0,
        };
        complaint.DecidedBy = arbiter.Name;
        complaint.DecidedAt = decidedAt;
        var closedAt = decidedAt + random.NextInt64(Hour, 10 * Day);
        if (closedAt < now && random.Next(100) < 60)
        {
            complaint.Move(ComplaintStatus.Closed, (arbiter.Name, Roles.Supervisor), "Closed.", closedAt);
        }

        return arbiter;
    }

    /// <summary>A complaint about an order (not a case), as far as it got by now: dismissed, waiting on a side, in arbitration, decided or closed.</summary>
    private ComplaintRow? OrderComplaint(GeneratedOrder order)
    {
        var openedAt = (order.DeliveredAt ?? order.PaidAt) + random.NextInt64(Hour, 15 * Day);
        if (openedAt >= now - Minute)
        {
            return null;
        }

        var category = Pick(OrderCategories);
        var agent = staff[random.Next(staff.Count)];
        var summaries = Catalog.ComplaintSummaries[category];
        var complaint = NewComplaint(order, null, category, PickSeverity(category), Pick(Channels), summaries[random.Next(summaries.Length)], openedAt, (agent.Name, Roles.Agent));
        if (random.Next(100) < 15)
        {
            var dismissedAt = Math.Min(now - 1, openedAt + random.NextInt64(Minute, 2 * Day));
            complaint.Move(ComplaintStatus.Closed, (agent.Name, Roles.Agent), Catalog.Dismissals[random.Next(Catalog.Dismissals.Length)], dismissedAt);
            return complaint;
        }

        var requestedAt = openedAt + random.NextInt64(10 * Minute, 4 * Hour);
        if (requestedAt >= now)
        {
            return complaint;
        }

        complaint.Move(ComplaintStatus.AwaitingMerchantEvidence, (agent.Name, Roles.Agent), $"Merchant's evidence due within {rules.MerchantEvidenceHours} h.", requestedAt);
        complaint.EvidenceDueAt = requestedAt + rules.MerchantEvidenceHours * Hour;

        // The sides' turns run out (about five days), or a supervisor takes it to arbitration early; a decision follows within a week.
        var decidedAt = requestedAt + random.NextInt64(Day, 12 * Day);
        if (decidedAt < now)
        {
            var outcome = Pick(OrderOutcomes);
            Arbitrate(complaint, requestedAt, decidedAt, outcome, outcome == ArbitrationOutcome.Partial ? AwardSteps[random.Next(AwardSteps.Length)] : null);
        }
        else
        {
            PassDeadlines(complaint, requestedAt, now);
        }

        return complaint;
    }

    private ComplaintRow NewComplaint(
        GeneratedOrder order, long? caseId, ComplaintCategory category, ComplaintSeverity severity, ComplaintChannel channel, string summary, long openedAt, (string Name, string Role) by)
    {
        var id = nextComplaint++;
        var complaint = new ComplaintRow(id, $"CP{new DateTime(openedAt, DateTimeKind.Utc):yyyyMMdd}{id:D8}", order, caseId, category, severity, channel, summary, openedAt, by.Name);
        complaint.Events.Add(new ComplaintEventRow(null, ComplaintStatus.Open, by.Name, by.Role, "Complaint opened.", openedAt));
        return complaint;
    }

    private ComplaintSeverity PickSeverity(ComplaintCategory category) => category is ComplaintCategory.Counterfeit or ComplaintCategory.Fraud
        ? random.Next(100) < 60 ? ComplaintSeverity.High : ComplaintSeverity.Critical
        : random.Next(100) switch
        {
            < 30 => ComplaintSeverity.Low,
            < 80 => ComplaintSeverity.Medium,
            < 95 => ComplaintSeverity.High,
            _ => ComplaintSeverity.Critical,
        };

    /// <summary>
    /// The buyer's rating, entered by the case's agent some minutes to days after the case finished (not yet,
    /// if that is still ahead): mostly 4 or 5 stars, fewer when the case was closed without a resolution. Below 3
    /// stars with the buyer's comment and a follow-up, most of them done by now.
    /// </summary>
    private RatingRow? Rating(GeneratedCase c)
    {
        var ratedAt = c.Updated + random.NextInt64(5 * Minute, 3 * Day);
        if (ratedAt >= now)
        {
            return null;
        }

        var stars = Pick(c.Status == CaseStatus.Resolved ? ResolvedStars : ClosedStars);
        var comments = stars switch
        {
            < CaseRating.SatisfiedFrom => Catalog.LowRatingComments,
            CaseRating.SatisfiedFrom => Catalog.NeutralRatingComments,
            _ => Catalog.GoodRatingComments,
        };
        var comment = stars < CaseRating.SatisfiedFrom || random.Next(100) < 35 ? comments[random.Next(comments.Length)] : "";
        var rating = new RatingRow(nextRating++, c.Id, c.Order.MerchantId, c.Kind, c.AssigneeId, c.AssigneeName, stars, comment, ratedAt, c.By);
        if (stars < CaseRating.SatisfiedFrom)
        {
            var doneAt = ratedAt + random.NextInt64(30 * Minute, 36 * Hour);
            var worker = staff[random.Next(staff.Count)];
            var done = doneAt < now && random.Next(100) < 90;
            rating.FollowUp = new FollowUpRow(
                stars == 1 ? CasePriority.Urgent : CasePriority.Normal,
                ratedAt + 24 * Hour, // Feedback:FollowUpHours' default
                done || random.Next(2) == 0 ? worker : null,
                done ? doneAt : null,
                done ? Catalog.FollowUpOutcomes[random.Next(Catalog.FollowUpOutcomes.Length)] : null,
                NextGuid());
        }

        return rating;
    }

    private async Task WriteRefundAsync(RefundRow refund)
    {
        var c = commands!;
        await c.Refund.AddAsync(
            refund.Id,
            refund.CaseId,
            refund.Order.Id,
            refund.Order.MerchantId,
            refund.Status.ToString(),
            Money.DefaultCurrency,
            refund.Price.LinesMinor,
            refund.Price.DeductionBasisPoints,
            refund.Price.DeductionMinor,
            refund.Price.DeductionReason,
            refund.Price.ShippingMinor,
            refund.Price.Amount,
            refund.RequiredApprovals,
            refund.Proposer.Id,
            refund.Proposer.Name,
            refund.ProposedAt,
            refund.DecidedAt,
            refund.RejectedBy,
            refund.RejectionReason,
            refund.IdempotencyKey,
            refund.Attempts,
            refund.LastError,
            refund.GatewayReference,
            refund.ExecutedAt,
            refund.Version);

        await c.RefundLine.AddAsync(refund.Id, refund.Order.LineId, 1, refund.Price.LinesMinor);
        foreach (var approval in refund.Approvals)
        {
            await c.Approval.AddAsync(refund.Id, approval.ApproverId, approval.ApproverName, approval.At);
        }

        // The order's refundable balance, as Order.CommitRefund keeps it (the CHECK refuses more than was paid). The
        // generator fills only a case-free database, so no order had committed anything before its refunds here.
        if (refund.OrderCommittedMinor is { } committed)
        {
            await c.Commit.AddAsync(refund.Order.Id, committed, refund.Version);
        }

        if (refund.Status == RefundStatus.Succeeded)
        {
            paidRefunds++;
        }
        else
        {
            otherRefunds++;
        }
    }

    private async Task WriteComplaintAsync(ComplaintRow complaint)
    {
        var c = commands!;
        var last = complaint.Events[^1];
        await c.Complaint.AddAsync(
            complaint.Id,
            complaint.No,
            complaint.Order.MerchantId,
            complaint.Order.CustomerId,
            complaint.Order.Id,
            complaint.CaseId,
            complaint.Category.ToString(),
            complaint.Severity.ToString(),
            complaint.Channel.ToString(),
            complaint.Status.ToString(),
            complaint.Summary,
            complaint.OpenedAt,
            complaint.OpenedBy,
            complaint.EvidenceDueAt,
            complaint.Outcome?.ToString(),
            complaint.Reasoning,
            complaint.AwardBasisPoints,
            complaint.RefundId,
            complaint.PenaltyPoints,
            complaint.DecidedBy,
            complaint.DecidedAt,
            false,
            last.At,
            last.ActorName,
            NextGuid());
        foreach (var move in complaint.Events)
        {
            await c.ComplaintEvent.AddAsync(
                complaint.Id, move.From?.ToString(), move.To.ToString(), move.ActorName, move.ActorRole, move.Note.Length > 1000 ? move.Note[..1000] : move.Note, move.At);
        }

        complaints++;
    }

    private async Task WriteRatingAsync(RatingRow rating)
    {
        var c = commands!;
        await c.Rating.AddAsync(
            rating.Id, rating.CaseId, rating.MerchantId, rating.Kind.ToString(), rating.AgentId, rating.AgentName, rating.Stars, rating.Comment, rating.RatedAt, rating.RecordedBy);
        ratings++;
        if (rating.FollowUp is not { } followUp)
        {
            return;
        }

        await c.FollowUp.AddAsync(
            rating.Id,
            rating.CaseId,
            rating.MerchantId,
            (followUp.DoneAt is null ? FollowUpStatus.Open : FollowUpStatus.Done).ToString(),
            followUp.Priority.ToString(),
            rating.RatedAt,
            followUp.DueAt,
            followUp.Assignee?.Id,
            followUp.Assignee?.Name,
            followUp.DoneAt,
            followUp.DoneAt is null ? null : followUp.Assignee!.Value.Name,
            followUp.Outcome,
            followUp.Version);
        followUps++;
    }

    /// <summary>A moment between two others: the given fractions of the way from <paramref name="from"/> to <paramref name="to"/>.</summary>
    private long Between(long from, long to, double low, double high) =>
        from + (long)((to - from) * (low + (high - low) * random.NextDouble()));

    private T Pick<T>((T Value, int Weight)[] weights) => CaseDataGenerator.Pick(random, weights);

    private Guid NextGuid() => OrderDataGenerator.NextGuid(random);

    /// <summary>What a case leads to, decided before the case's row is written.</summary>
    internal sealed class CasePlan
    {
        /// <summary>A refund of the case was paid: the case's <c>WasRefunded</c>.</summary>
        public bool Refunded { get; set; }

        public List<RefundRow> Refunds { get; } = [];

        public List<ComplaintRow> Complaints { get; } = [];

        public RatingRow? Rating { get; set; }
    }

    /// <summary>Per order, what its refunds hold so far: items of the claimed line, money, and whether shipping went back.</summary>
    private sealed class OrderBalance
    {
        public int ItemsHeld { get; set; }

        public long CommittedMinor { get; set; }

        public bool ShippingRefunded { get; set; }
    }

    internal sealed record Price(long LinesMinor, int DeductionBasisPoints, long DeductionMinor, string? DeductionReason, long ShippingMinor)
    {
        public long Amount => LinesMinor - DeductionMinor + ShippingMinor;
    }

    private sealed record Arbitration(ComplaintRow Complaint, long DecidedAt, int? AwardBasisPoints);

    internal sealed record ApprovalRow(string ApproverId, string ApproverName, long At);

    internal sealed record RefundRow(
        long Id, long CaseId, GeneratedOrder Order, RefundStatus Status, Price Price, int RequiredApprovals, (string Id, string Name) Proposer, long ProposedAt,
        string IdempotencyKey, Guid Version)
    {
        public long? DecidedAt { get; init; }

        public string? RejectedBy { get; init; }

        public string? RejectionReason { get; init; }

        public int Attempts { get; init; }

        public string? LastError { get; init; }

        public string? GatewayReference { get; init; }

        public long? ExecutedAt { get; init; }

        public IReadOnlyList<ApprovalRow> Approvals { get; init; } = [];

        /// <summary>What the order has committed to refunds once this refund holds its amount; null when it holds none (rejected, cancelled).</summary>
        public long? OrderCommittedMinor { get; init; }
    }

    internal sealed record ComplaintEventRow(ComplaintStatus? From, ComplaintStatus To, string ActorName, string ActorRole, string Note, long At);

    /// <summary>A complaint being built move by move, each move only where <see cref="Complaint"/> allows it.</summary>
    internal sealed class ComplaintRow(
        long id, string no, GeneratedOrder order, long? caseId, ComplaintCategory category, ComplaintSeverity severity, ComplaintChannel channel, string summary,
        long openedAt, string openedBy)
    {
        private static readonly Dictionary<ComplaintStatus, ComplaintStatus[]> Moves = new()
        {
            [ComplaintStatus.Open] = [ComplaintStatus.AwaitingMerchantEvidence, ComplaintStatus.UnderArbitration, ComplaintStatus.Closed],
            [ComplaintStatus.AwaitingMerchantEvidence] = [ComplaintStatus.AwaitingBuyerEvidence, ComplaintStatus.UnderArbitration],
            [ComplaintStatus.AwaitingBuyerEvidence] = [ComplaintStatus.UnderArbitration],
            [ComplaintStatus.UnderArbitration] = [ComplaintStatus.Decided],
            [ComplaintStatus.Decided] = [ComplaintStatus.Closed],
        };

        public long Id { get; } = id;

        public string No { get; } = no;

        public GeneratedOrder Order { get; } = order;

        public long? CaseId { get; } = caseId;

        public ComplaintCategory Category { get; } = category;

        public ComplaintSeverity Severity { get; } = severity;

        public ComplaintChannel Channel { get; } = channel;

        public string Summary { get; } = summary;

        public long OpenedAt { get; } = openedAt;

        public string OpenedBy { get; } = openedBy;

        public ComplaintStatus Status { get; private set; } = ComplaintStatus.Open;

        public long? EvidenceDueAt { get; set; }

        public ArbitrationOutcome? Outcome { get; set; }

        public string? Reasoning { get; set; }

        public int? AwardBasisPoints { get; set; }

        public long? RefundId { get; private set; }

        public int PenaltyPoints { get; set; }

        public string? DecidedBy { get; set; }

        public long? DecidedAt { get; set; }

        public List<ComplaintEventRow> Events { get; } = [];

        public void Move(ComplaintStatus to, CaseActor actor, string note, long at) => Move(to, (actor.Name, actor.Role), note, at);

        public void Move(ComplaintStatus to, (string Name, string Role) actor, string note, long at)
        {
            if (!Moves.TryGetValue(Status, out var allowed) || !allowed.Contains(to) || at < Events[^1].At)
            {
                throw new InvalidOperationException($"Generator bug: complaint {No} cannot move from {Status} to {to} at {at}.");
            }

            Events.Add(new ComplaintEventRow(Status, to, actor.Name, actor.Role, note, at));
            Status = to;
        }

        public void Link(long refundId) => RefundId = refundId;
    }

    internal sealed record FollowUpRow(CasePriority Priority, long DueAt, (string Id, string Name)? Assignee, long? DoneAt, string? Outcome, Guid Version);

    internal sealed record RatingRow(long Id, long CaseId, int MerchantId, CaseKind Kind, string? AgentId, string? AgentName, int Stars, string Comment, long RatedAt, string RecordedBy)
    {
        public FollowUpRow? FollowUp { get; set; }
    }

    /// <summary>This generator's tables in one batch, each opened after those its rows refer to.</summary>
    private sealed class Commands(IBulkBatch batch)
    {
        public IBulkRows Refund { get; } = batch.Insert("Refunds",
            "Id", "CaseId", "OrderId", "MerchantId", "Status", "Currency", "LinesMinor", "DeductionBasisPoints", "DeductionMinor", "DeductionReason",
            "ShippingMinor", "AmountMinor", "RequiredApprovals", "ProposedById", "ProposedBy", "ProposedAt", "DecidedAt", "RejectedBy", "RejectionReason",
            "IdempotencyKey", "Attempts", "LastError", "GatewayReference", "ExecutedAt", "Version");

        public IBulkRows RefundLine { get; } = batch.Insert("RefundLines", "RefundId", "OrderLineId", "Quantity", "AmountMinor");

        public IBulkRows Approval { get; } = batch.Insert("RefundApprovals", "RefundId", "ApproverId", "ApproverName", "At");

        public IBulkRows Commit { get; } = batch.Update("Orders", "Id", "RefundCommittedMinor", "Version");

        public IBulkRows Complaint { get; } = batch.Insert("Complaints",
            "Id", "ComplaintNo", "MerchantId", "CustomerId", "OrderId", "CaseId", "Category", "Severity", "Channel", "Status", "Summary", "OpenedAt",
            "OpenedBy", "EvidenceDueAt", "Outcome", "Reasoning", "AwardBasisPoints", "RefundId", "PenaltyPoints", "DecidedBy", "DecidedAt", "Reopened",
            "UpdatedAt", "UpdatedBy", "Version");

        public IBulkRows ComplaintEvent { get; } = batch.Insert("ComplaintEvents", "ComplaintId", "From", "To", "ActorName", "ActorRole", "Note", "At");

        public IBulkRows Rating { get; } = batch.Insert("CaseRatings",
            "Id", "CaseId", "MerchantId", "Kind", "AgentId", "AgentName", "Stars", "Comment", "RatedAt", "RecordedBy");

        public IBulkRows FollowUp { get; } = batch.Insert("FollowUps",
            "RatingId", "CaseId", "MerchantId", "Status", "Priority", "CreatedAt", "DueAt", "AssigneeId", "AssigneeName", "DoneAt", "DoneBy", "Outcome", "Version");
    }
}
