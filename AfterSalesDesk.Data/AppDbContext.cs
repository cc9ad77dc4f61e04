using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Customers;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Knowledge;
using AfterSalesDesk.Data.Merchants;
using AfterSalesDesk.Data.Orders;
using AfterSalesDesk.Data.Products;
using AfterSalesDesk.Data.Refunds;
using AfterSalesDesk.Data.Sla;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Data;

/// <summary>
/// The database. Every save that changes data is audited in the same transaction: the context must
/// have been given an <see cref="AuditScope"/> (who, which command), and each changed entity becomes an
/// entry in the tamper-evident audit trail, chained to the one before. Each provider has a derived context
/// (<c>SqliteAppDbContext</c>, <c>PostgreSqlAppDbContext</c>, <c>SqlServerAppDbContext</c>) only so that it has
/// its own migrations and model snapshot; the app's code asks for this type (decision 0020).
/// </summary>
public abstract class AppDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options)
{
    private AuditScope? auditScope;

    /// <summary>The database's refusal in <paramref name="exception"/>, the same on every provider (decision 0020); null for any other failure.</summary>
    public Providers.DbFailure? FailureOf(Exception exception) => Providers.DbFailure.Of(exception, Model);

    public DbSet<Merchant> Merchants => Set<Merchant>();

    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<Product> Products => Set<Product>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<AfterSalesCase> Cases => Set<AfterSalesCase>();

    public DbSet<CaseLine> CaseLines => Set<CaseLine>();

    public DbSet<Refund> Refunds => Set<Refund>();

    public DbSet<Complaints.Complaint> Complaints => Set<Complaints.Complaint>();

    public DbSet<Feedback.CaseRating> CaseRatings => Set<Feedback.CaseRating>();

    public DbSet<Feedback.FollowUp> FollowUps => Set<Feedback.FollowUp>();

    public DbSet<CaseDeadline> CaseDeadlines => Set<CaseDeadline>();

    public DbSet<CaseCount> CaseCounts => Set<CaseCount>();

    public DbSet<Dashboard.DailyCaseStats> DailyCaseStats => Set<Dashboard.DailyCaseStats>();

    public DbSet<Dashboard.DailyRefundStats> DailyRefundStats => Set<Dashboard.DailyRefundStats>();

    public DbSet<Dashboard.DailyDurationBucket> DailyDurationBuckets => Set<Dashboard.DailyDurationBucket>();

    public DbSet<Dashboard.DailyAgentStats> DailyAgentStats => Set<Dashboard.DailyAgentStats>();

    public DbSet<Dashboard.DailyProductStats> DailyProductStats => Set<Dashboard.DailyProductStats>();

    public DbSet<CaseChange> CaseChanges => Set<CaseChange>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<Identity.UserSession> UserSessions => Set<Identity.UserSession>();

    public DbSet<Macro> Macros => Set<Macro>();

    public DbSet<Article> Articles => Set<Article>();

    public DbSet<CaseArticleLink> CaseArticleLinks => Set<CaseArticleLink>();

    public DbSet<Integration.ApiClient> ApiClients => Set<Integration.ApiClient>();

    public DbSet<Integration.IdempotencyRecord> IdempotencyRecords => Set<Integration.IdempotencyRecord>();

    public DbSet<Integration.WebhookSubscription> WebhookSubscriptions => Set<Integration.WebhookSubscription>();

    public DbSet<Integration.WebhookDelivery> WebhookDeliveries => Set<Integration.WebhookDelivery>();

    public DbSet<Integration.WebhookAttempt> WebhookAttempts => Set<Integration.WebhookAttempt>();

    public DbSet<Risk.RiskAssessment> RiskAssessments => Set<Risk.RiskAssessment>();

    /// <summary>Declares who changes data with this context, as which command. Required before saving changes.</summary>
    public AppDbContext AuditAs(AuditScope scope)
    {
        auditScope = scope;
        return this;
    }

    public AppDbContext AuditAs(AuditActor actor, string action, TimeProvider clock, string? detail = null) =>
        AuditAs(new AuditScope(actor, action, clock, detail));

    /// <summary>
    /// Adds an entry that is not a data change (a login, a denied attempt, a bulk import summary);
    /// it is chained and written with the next save.
    /// </summary>
    public void RecordAudit(string entityType, string? entityId, AuditOutcome outcome, string? detail = null, string? action = null)
    {
        var scope = auditScope ?? throw new InvalidOperationException("Call AuditAs before recording an audit entry.");
        AuditEntries.Add(new AuditEntry(scope.Actor, scope.Clock.GetUtcNow(), action ?? scope.Action, entityType, entityId, outcome, null, detail ?? scope.Detail));
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Use SaveChangesAsync: saving appends to the audit trail, which is done asynchronously.");

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        ChangeTracker.DetectChanges();
        var changed = ChangeTracker.Entries()
            .Where(e => e.Entity is not (AuditEntry or Identity.UserSession or Integration.IdempotencyRecord or Integration.WebhookDelivery or Integration.WebhookAttempt or Risk.RiskAssessment) && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .ToList();
        var recorded = ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (changed.Count == 0 && recorded.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        var scope = auditScope ?? throw new InvalidOperationException(
            $"Data changed ({string.Join(", ", changed.Select(e => e.Metadata.ClrType.Name).Distinct())}) without an audit scope: call AuditAs before saving.");
        var pending = changed.Select(ChangeAuditor.Capture).ToList();
        var raised = Integration.WebhookOutbox.Raise(changed);

        // Our own transaction unless the caller has one: the data and its audit entries commit together.
        // SQLite transactions from EF begin IMMEDIATE, so reading the chain head below is serialized
        // with every other writer, in this process or another: the chain stays linear.
        var ownTransaction = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var head = await AuditEntries.AsNoTracking()
                .OrderByDescending(e => e.Sequence)
                .Select(e => new { e.Sequence, e.Hash })
                .FirstOrDefaultAsync(cancellationToken);
            var sequence = head?.Sequence ?? 0;
            var previousHash = head?.Hash ?? AuditChain.Genesis;
            foreach (var entry in recorded)
            {
                entry.Seal(++sequence, previousHash);
                previousHash = entry.Hash;
            }

            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (pending.Count > 0)
            {
                var now = scope.Clock.GetUtcNow();

                // The webhook messages these changes raise, in the same transaction (decision 0026); not audited themselves.
                await Integration.WebhookOutbox.WriteAsync(this, raised, now, cancellationToken);
                foreach (var change in pending)
                {
                    var entry = new AuditEntry(scope.Actor, now, scope.Action, change.EntityType, ChangeAuditor.KeyOf(change.Entry),
                        AuditOutcome.Succeeded, change.Changes, scope.Detail ?? change.Verb);
                    entry.Seal(++sequence, previousHash);
                    previousHash = entry.Hash;
                    AuditEntries.Add(entry);
                }

                saved += await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            }

            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }

            return saved;
        }
        finally
        {
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        if (Database.IsSqlServer())
        {
            Providers.SqlServer.SqlServerModel.Apply(builder);
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or order DateTimeOffset stored as text; UTC ticks keep order and precision.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();

        // Text compares and sorts by code point on every provider, as SQLite's BINARY does: the queues' prefix ranges
        // on case and order numbers, unique codes and the order of names mean the same everywhere (decision 0020).
        if (Database.IsNpgsql())
        {
            configurationBuilder.Properties<string>().UseCollation("C");
        }
    }
}
