using AfterSalesDesk.Data.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AfterSalesDesk.Data.Feedback;

internal sealed class CaseRatingConfiguration : IEntityTypeConfiguration<CaseRating>
{
    public void Configure(EntityTypeBuilder<CaseRating> builder)
    {
        builder.ToTable("CaseRatings", t =>
        {
            t.HasCheckConstraint("CK_CaseRatings_Stars", "\"Stars\" BETWEEN 1 AND 5");
            t.HasCheckConstraint("CK_CaseRatings_Kind", $"\"Kind\" IN ({CaseConfiguration.Names<CaseKind>()})");
            // Writes CaseChanges for live pages (migration 0010); EF must not use RETURNING here.
            t.HasTrigger("TR_CaseRatings_Insert");
        });
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(24);
        builder.Property(r => r.AgentId).HasMaxLength(450);
        builder.Property(r => r.AgentName).HasMaxLength(256);
        builder.Property(r => r.Comment).HasMaxLength(CaseRating.MaxCommentLength).IsRequired();
        builder.Property(r => r.RecordedBy).HasMaxLength(256).IsRequired();

        // Once per case, whoever clicks twice or races.
        builder.HasIndex(r => r.CaseId).IsUnique().HasDatabaseName(ConstraintNames.OneRatingPerCase);
        // Averages over a period, overall and per merchant, read Stars from the index alone.
        builder.HasIndex(r => new { r.RatedAt, r.Stars });
        builder.HasIndex(r => new { r.MerchantId, r.RatedAt, r.Stars });
        builder.HasOne<AfterSalesCase>().WithMany().HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Merchants.Merchant>().WithMany().HasForeignKey(r => r.MerchantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(r => r.FollowUp).WithOne().HasForeignKey<FollowUp>(f => f.RatingId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class FollowUpConfiguration : IEntityTypeConfiguration<FollowUp>
{
    public void Configure(EntityTypeBuilder<FollowUp> builder)
    {
        builder.ToTable("FollowUps", t =>
        {
            t.HasCheckConstraint("CK_FollowUps_Status", $"\"Status\" IN ({CaseConfiguration.Names<FollowUpStatus>()})");
            t.HasCheckConstraint("CK_FollowUps_Priority", $"\"Priority\" IN ({CaseConfiguration.Names<CasePriority>()})");
            t.HasCheckConstraint("CK_FollowUps_Done", "(\"Status\" = 'Done') = (\"DoneAt\" IS NOT NULL AND \"Outcome\" IS NOT NULL)");
            t.HasTrigger("TR_FollowUps_Update");
        });
        builder.Property(f => f.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(f => f.Priority).HasConversion<string>().HasMaxLength(16);
        builder.Property(f => f.AssigneeId).HasMaxLength(450);
        builder.Property(f => f.AssigneeName).HasMaxLength(256);
        builder.Property(f => f.DoneBy).HasMaxLength(256);
        builder.Property(f => f.Outcome).HasMaxLength(FollowUp.MaxOutcomeLength);
        builder.Property(f => f.Version).IsConcurrencyToken();
        builder.HasIndex(f => f.RatingId).IsUnique();
        builder.HasIndex(f => new { f.Status, f.DueAt });
        builder.HasIndex(f => f.CaseId);
        builder.HasOne<AfterSalesCase>().WithMany().HasForeignKey(f => f.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Merchants.Merchant>().WithMany().HasForeignKey(f => f.MerchantId).OnDelete(DeleteBehavior.Restrict);
    }
}
