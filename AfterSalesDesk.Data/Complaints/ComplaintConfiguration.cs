using AfterSalesDesk.Data.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AfterSalesDesk.Data.Complaints;

internal sealed class ComplaintConfiguration : IEntityTypeConfiguration<Complaint>
{
    public void Configure(EntityTypeBuilder<Complaint> builder)
    {
        builder.ToTable("Complaints", t =>
        {
            t.HasCheckConstraint("CK_Complaints_Category", $"\"Category\" IN ({CaseConfiguration.Names<ComplaintCategory>()})");
            t.HasCheckConstraint("CK_Complaints_Severity", $"\"Severity\" IN ({CaseConfiguration.Names<ComplaintSeverity>()})");
            t.HasCheckConstraint("CK_Complaints_Channel", $"\"Channel\" IN ({CaseConfiguration.Names<ComplaintChannel>()})");
            t.HasCheckConstraint("CK_Complaints_Status", $"\"Status\" IN ({CaseConfiguration.Names<ComplaintStatus>()})");
            t.HasCheckConstraint("CK_Complaints_Outcome", $"\"Outcome\" IS NULL OR \"Outcome\" IN ({CaseConfiguration.Names<ArbitrationOutcome>()})");
            t.HasCheckConstraint("CK_Complaints_Points", "\"PenaltyPoints\" BETWEEN 0 AND 100");
        });
        builder.Property(c => c.ComplaintNo).HasMaxLength(32).IsRequired();
        builder.HasIndex(c => c.ComplaintNo).IsUnique();
        builder.Property(c => c.Category).HasConversion<string>().HasMaxLength(24);
        builder.Property(c => c.Severity).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Channel).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(32);
        builder.Property(c => c.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Summary).HasMaxLength(2000).IsRequired();
        builder.Property(c => c.OpenedBy).HasMaxLength(256).IsRequired();
        builder.Property(c => c.Reasoning).HasMaxLength(4000);
        builder.Property(c => c.DecidedBy).HasMaxLength(256);
        builder.Property(c => c.UpdatedBy).HasMaxLength(256).IsRequired();
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Ignore(c => c.IsActive);
        builder.Ignore(c => c.AwaitedParty);

        builder.HasIndex(c => new { c.MerchantId, c.OpenedAt });
        builder.HasIndex(c => new { c.Status, c.OpenedAt });
        builder.HasIndex(c => c.EvidenceDueAt).HasFilter("\"EvidenceDueAt\" IS NOT NULL");
        builder.HasIndex(c => c.OrderId);
        builder.HasIndex(c => c.CustomerId);
        builder.HasIndex(c => c.OpenedAt);
        // A case's complaints (its page shows the latest); the unique index below holds only those in progress.
        builder.HasIndex(c => new { c.CaseId, c.Id });
        // One dispute at a time per case: an escalated case has at most one complaint in progress.
        builder.HasIndex(c => c.CaseId).IsUnique().HasDatabaseName(ConstraintNames.OneActiveDisputePerCase)
            .HasFilter("\"CaseId\" IS NOT NULL AND \"Status\" NOT IN ('Decided', 'Closed')");
        builder.HasOne<Orders.Order>().WithMany().HasForeignKey(c => c.OrderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<AfterSalesCase>().WithMany().HasForeignKey(c => c.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Merchants.Merchant>().WithMany().HasForeignKey(c => c.MerchantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Customers.Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.Statements).WithOne().HasForeignKey(s => s.ComplaintId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Evidence).WithOne().HasForeignKey(e => e.ComplaintId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.History).WithOne().HasForeignKey(e => e.ComplaintId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Statements).HasField("statements");
        builder.Navigation(c => c.Evidence).HasField("evidence");
        builder.Navigation(c => c.History).HasField("history");
    }
}

internal sealed class ComplaintStatementConfiguration : IEntityTypeConfiguration<ComplaintStatement>
{
    public void Configure(EntityTypeBuilder<ComplaintStatement> builder)
    {
        builder.ToTable("ComplaintStatements");
        builder.Property(s => s.Party).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Text).HasMaxLength(4000).IsRequired();
        builder.Property(s => s.AuthorName).HasMaxLength(256).IsRequired();
        builder.Property(s => s.AuthorRole).HasMaxLength(32).IsRequired();
    }
}

internal sealed class ComplaintEvidenceConfiguration : IEntityTypeConfiguration<ComplaintEvidence>
{
    public void Configure(EntityTypeBuilder<ComplaintEvidence> builder)
    {
        builder.ToTable("ComplaintEvidence", t => t.HasCheckConstraint("CK_ComplaintEvidence_Size", "\"Size\" > 0 AND \"Size\" <= 10485760"));
        builder.Property(e => e.Party).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.FileName).HasMaxLength(255).IsRequired();
        builder.Property(e => e.ContentType).HasMaxLength(64).IsRequired();
        builder.Property(e => e.Sha256).HasMaxLength(64).IsRequired();
        builder.Property(e => e.UploadedBy).HasMaxLength(256).IsRequired();
    }
}

internal sealed class ComplaintEventConfiguration : IEntityTypeConfiguration<ComplaintEvent>
{
    public void Configure(EntityTypeBuilder<ComplaintEvent> builder)
    {
        builder.ToTable("ComplaintEvents");
        builder.Property(e => e.From).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.To).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.ActorName).HasMaxLength(256).IsRequired();
        builder.Property(e => e.ActorRole).HasMaxLength(32).IsRequired();
        builder.Property(e => e.Note).HasMaxLength(1000).IsRequired();
    }
}
