using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AfterSalesDesk.Data.Risk;

internal sealed class RiskAssessmentConfiguration : IEntityTypeConfiguration<RiskAssessment>
{
    public void Configure(EntityTypeBuilder<RiskAssessment> builder)
    {
        builder.ToTable("RiskAssessments", t => t.HasCheckConstraint("CK_RiskAssessments_Score", "\"Score\" BETWEEN 0 AND 100"));
        builder.Property(a => a.Trigger).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Level).HasConversion<string>().HasMaxLength(8);
        builder.Property(a => a.RuleSet).HasMaxLength(48).IsRequired();
        builder.Property(a => a.FactorsJson).HasMaxLength(4000).IsRequired();
        builder.Ignore(a => a.Factors);
        builder.HasIndex(a => new { a.CaseId, a.Id });
        builder.HasIndex(a => a.RefundId).HasFilter("\"RefundId\" IS NOT NULL");
        builder.HasOne<Cases.AfterSalesCase>().WithMany().HasForeignKey(a => a.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}
