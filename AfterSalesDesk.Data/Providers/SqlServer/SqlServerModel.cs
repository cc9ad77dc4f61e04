using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Complaints;
using AfterSalesDesk.Data.Customers;
using AfterSalesDesk.Data.Feedback;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Merchants;
using AfterSalesDesk.Data.Orders;
using AfterSalesDesk.Data.Refunds;
using AfterSalesDesk.Data.Sla;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Data.Providers.SqlServer;

/// <summary>
/// Where the one model differs on SQL Server, all in one place (decision 0020); applied after the feature
/// configurations, only when the context runs on SQL Server, so SQLite's and PostgreSQL's models are untouched.
/// </summary>
internal static class SqlServerModel
{
    /// <summary>
    /// Ordinal comparison, as SQLite's BINARY: the prefix searches compare with <c>text + "\uffff"</c>, which a
    /// linguistic collation does not sort last, and codes that differ only in case are different codes.
    /// </summary>
    public const string BinaryCollation = "Latin1_General_100_BIN2";

    /// <summary>
    /// T-SQL has no boolean values, so "(a) = (b)" does not parse. Each is "both or neither", which accepts the
    /// same rows: the status columns are NOT NULL and IS [NOT] NULL is never unknown, and where a status were
    /// NULL both texts would be unknown, which a CHECK lets through on every provider.
    /// </summary>
    public const string FollowUpsDone =
        "(\"Status\" = 'Done' AND \"DoneAt\" IS NOT NULL AND \"Outcome\" IS NOT NULL) OR (\"Status\" <> 'Done' AND (\"DoneAt\" IS NULL OR \"Outcome\" IS NULL))";

    public const string CaseDeadlinesRunning =
        "(\"State\" = 'Running' AND \"DueAt\" IS NOT NULL) OR (\"State\" <> 'Running' AND \"DueAt\" IS NULL)";

    public const string UserSessionsEnded =
        "(\"EndedAt\" IS NULL AND \"EndReason\" IS NULL) OR (\"EndedAt\" IS NOT NULL AND \"EndReason\" IS NOT NULL)";

    public static void Apply(ModelBuilder builder)
    {
        builder.Entity<FollowUp>().ToTable(t => t.HasCheckConstraint("CK_FollowUps_Done", FollowUpsDone));
        builder.Entity<CaseDeadline>().ToTable(t => t.HasCheckConstraint("CK_CaseDeadlines_Running", CaseDeadlinesRunning));
        builder.Entity<UserSession>().ToTable(t => t.HasCheckConstraint("CK_UserSessions_Ended", UserSessionsEnded));

        // A filtered index takes no NOT IN: name the statuses in which a complaint is still in progress.
        var active = Enum.GetValues<ComplaintStatus>().Where(s => s is not (ComplaintStatus.Decided or ComplaintStatus.Closed));
        builder.Entity<Complaint>().HasIndex(c => c.CaseId)
            .HasFilter($"\"CaseId\" IS NOT NULL AND \"Status\" IN ({string.Join(", ", active.Select(s => $"'{s}'"))})");

        // EF must know every table with a trigger: there it reads generated values without OUTPUT.
        foreach (var trigger in SqlServerSql.Triggers)
        {
            var entityType = builder.Model.GetEntityTypes().Single(e => e.GetTableName() == trigger.Table);
            builder.Entity(entityType.ClrType).ToTable(t => t.HasTrigger(trigger.Name));
        }

        // Numbers and keys that are searched by prefix range or must be unique as written.
        builder.Entity<AfterSalesCase>().Property(c => c.CaseNo).UseCollation(BinaryCollation);
        builder.Entity<Order>().Property(o => o.OrderNo).UseCollation(BinaryCollation);
        builder.Entity<Complaint>().Property(c => c.ComplaintNo).UseCollation(BinaryCollation);
        builder.Entity<Customer>().Property(c => c.Code).UseCollation(BinaryCollation);
        builder.Entity<Customer>().Property(c => c.Name).UseCollation(BinaryCollation);
        builder.Entity<Merchant>().Property(m => m.Code).UseCollation(BinaryCollation);
        builder.Entity<Payment>().Property(p => p.TransactionNo).UseCollation(BinaryCollation);
        builder.Entity<Refund>().Property(r => r.IdempotencyKey).UseCollation(BinaryCollation);
    }
}
