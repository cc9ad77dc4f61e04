using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AfterSalesDesk.Data.Sla;

internal sealed class CaseDeadlineConfiguration : IEntityTypeConfiguration<CaseDeadline>
{
    public void Configure(EntityTypeBuilder<CaseDeadline> builder)
    {
        builder.ToTable("CaseDeadlines", t =>
        {
            t.HasCheckConstraint("CK_CaseDeadlines_Kind", $"\"Kind\" IN ({Cases.CaseConfiguration.Names<DeadlineKind>()})");
            t.HasCheckConstraint("CK_CaseDeadlines_State", $"\"State\" IN ({Cases.CaseConfiguration.Names<DeadlineState>()})");
            t.HasCheckConstraint("CK_CaseDeadlines_Running", "(\"State\" = 'Running') = (\"DueAt\" IS NOT NULL)");
        });
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(24);
        builder.Property(d => d.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Outcome).HasMaxLength(200);
        builder.Ignore(d => d.Party);
        builder.HasIndex(d => d.CaseId);

        // The scheduler's only question: which clocks are due and not yet fired.
        builder.HasIndex(d => d.FireAt).HasFilter("\"FireAt\" IS NOT NULL");
        builder.HasIndex(d => d.EndedAt).HasFilter("\"EndedAt\" IS NOT NULL");
    }
}

internal sealed class CaseCountConfiguration : IEntityTypeConfiguration<CaseCount>
{
    public void Configure(EntityTypeBuilder<CaseCount> builder)
    {
        builder.ToTable("CaseCounts");
        builder.HasKey(c => new { c.MerchantId, c.AssigneeId, c.Status });
        builder.Property(c => c.AssigneeId).HasMaxLength(64);
        builder.Property(c => c.Status).HasMaxLength(32);
        builder.HasIndex(c => new { c.AssigneeId, c.Status });
        builder.HasIndex(c => c.Status);
    }
}

internal sealed class CaseChangeConfiguration : IEntityTypeConfiguration<CaseChange>
{
    public void Configure(EntityTypeBuilder<CaseChange> builder)
    {
        builder.ToTable("CaseChanges");
        builder.HasIndex(c => c.At);
    }
}
