using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AfterSalesDesk.Data.Refunds;

internal sealed class RefundConfiguration : IEntityTypeConfiguration<Refund>
{
    public void Configure(EntityTypeBuilder<Refund> builder)
    {
        builder.ToTable("Refunds", t =>
        {
            t.HasCheckConstraint("CK_Refunds_Status", $"\"Status\" IN ({CaseConfiguration.Names<RefundStatus>()})");
            t.HasCheckConstraint("CK_Refunds_Amounts",
                "\"AmountMinor\" > 0 AND \"LinesMinor\" >= 0 AND \"DeductionMinor\" >= 0 AND \"DeductionMinor\" <= \"LinesMinor\" AND \"ShippingMinor\" >= 0 "
                + "AND \"AmountMinor\" = \"LinesMinor\" - \"DeductionMinor\" + \"ShippingMinor\"");
            t.HasCheckConstraint("CK_Refunds_Deduction", "\"DeductionBasisPoints\" BETWEEN 0 AND 10000");
            t.HasCheckConstraint("CK_Refunds_Approvals", "\"RequiredApprovals\" BETWEEN 0 AND 2");
            t.HasTrigger("TR_Refunds_Change");
            t.HasTrigger("TR_Refunds_Change_Update");
        });
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(24);
        builder.Property(r => r.Currency).HasMaxLength(3).IsRequired();
        builder.Property(r => r.DeductionReason).HasMaxLength(500);
        builder.Property(r => r.ProposedById).HasMaxLength(64).IsRequired();
        builder.Property(r => r.ProposedBy).HasMaxLength(256).IsRequired();
        builder.Property(r => r.RejectedBy).HasMaxLength(256);
        builder.Property(r => r.RejectionReason).HasMaxLength(1000);
        builder.Property(r => r.IdempotencyKey).HasMaxLength(64).IsRequired();
        builder.Property(r => r.LastError).HasMaxLength(500);
        builder.Property(r => r.GatewayReference).HasMaxLength(64);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.Ignore(r => r.Amount);
        builder.Ignore(r => r.HoldsBalance);
        builder.Property(r => r.RiskLevel).HasConversion<string>().HasMaxLength(8);
        builder.Property(r => r.ReviewedForRisk).HasDefaultValue(false);
        builder.HasIndex(r => r.IdempotencyKey).IsUnique();
        builder.HasIndex(r => r.OrderId);
        // A case's refunds, newest last: its page, a proposal's check of what is left to refund, a retry. The unique
        // index below holds only refunds in progress, so without this one each of those read every refund.
        builder.HasIndex(r => new { r.CaseId, r.Id });
        // Paid refunds by payment time (the dashboard's refresh, the list of paid refunds), of all stores and of one.
        // Every such query asks for Status = 'Succeeded'; without statistics SQLite takes an index that has that
        // equality, (Status, ProposedAt) otherwise, over a range of ExecutedAt alone, and for one store it preferred
        // (Status, ExecutedAt) to (MerchantId, Status, ExecutedAt). This pair gives every shape a range of one index
        // (PaidRefundServiceTests checks the plans).
        builder.HasIndex(r => new { r.Status, r.ExecutedAt }).HasFilter("\"ExecutedAt\" IS NOT NULL");
        builder.HasIndex(r => new { r.MerchantId, r.ExecutedAt }).HasFilter("\"Status\" = 'Succeeded'");

        // One refund in progress per case: a second proposal (a double click, a retry) cannot slip in.
        builder.HasIndex(r => r.CaseId).IsUnique().HasFilter("\"Status\" IN ('AwaitingApproval', 'Granted')")
            .HasDatabaseName(ConstraintNames.OneRefundInProgressPerCase);
        builder.HasIndex(r => new { r.Status, r.ProposedAt });
        builder.HasIndex(r => r.NextAttemptAt).HasFilter("\"NextAttemptAt\" IS NOT NULL");
        builder.HasOne<AfterSalesCase>().WithMany().HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Order>().WithMany().HasForeignKey(r => r.OrderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(r => r.Lines).WithOne().HasForeignKey(l => l.RefundId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Approvals).WithOne().HasForeignKey(a => a.RefundId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(r => r.Lines).HasField("lines");
        builder.Navigation(r => r.Approvals).HasField("approvals");
    }
}

internal sealed class RefundLineConfiguration : IEntityTypeConfiguration<RefundLine>
{
    public void Configure(EntityTypeBuilder<RefundLine> builder)
    {
        builder.ToTable("RefundLines", t => t.HasCheckConstraint("CK_RefundLines_Amounts", "\"Quantity\" > 0 AND \"AmountMinor\" >= 0"));
        builder.HasIndex(l => l.OrderLineId);
        builder.HasOne<OrderLine>().WithMany().HasForeignKey(l => l.OrderLineId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RefundApprovalConfiguration : IEntityTypeConfiguration<RefundApproval>
{
    public void Configure(EntityTypeBuilder<RefundApproval> builder)
    {
        builder.ToTable("RefundApprovals");
        builder.Property(a => a.ApproverId).HasMaxLength(64).IsRequired();
        builder.Property(a => a.ApproverName).HasMaxLength(256).IsRequired();

        // Four eyes in the database too: one approval per supervisor per refund.
        builder.HasIndex(a => new { a.RefundId, a.ApproverId }).IsUnique().HasDatabaseName(ConstraintNames.OneApprovalPerApprover);
    }
}
