using AfterSalesDesk.Data.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AfterSalesDesk.Data.Cases;

internal sealed class CaseConfiguration : IEntityTypeConfiguration<AfterSalesCase>
{
    public void Configure(EntityTypeBuilder<AfterSalesCase> builder)
    {
        builder.ToTable("AfterSalesCases", t =>
        {
            t.HasCheckConstraint("CK_AfterSalesCases_Kind", $"\"Kind\" IN ({Names<CaseKind>()})");
            t.HasCheckConstraint("CK_AfterSalesCases_Status", $"\"Status\" IN ({Names<CaseStatus>()})");
            t.HasCheckConstraint("CK_AfterSalesCases_Priority", $"\"Priority\" IN ({Names<CasePriority>()})");

            // Triggers keep CaseCounts and CaseChanges (see migration 0004); EF must not use RETURNING here.
            t.HasTrigger("TR_AfterSalesCases_Insert");
            t.HasTrigger("TR_AfterSalesCases_Update");
            t.HasTrigger("TR_AfterSalesCases_Count");
            t.HasTrigger("TR_AfterSalesCases_Delete");
        });
        builder.Property(c => c.CaseNo).HasMaxLength(32).IsRequired();
        builder.HasIndex(c => c.CaseNo).IsUnique();
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(24);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(32);
        builder.Property(c => c.Stage).HasConversion<string>().HasMaxLength(24);
        builder.Property(c => c.Reason).HasMaxLength(100).IsRequired();
        builder.Property(c => c.Description).HasMaxLength(2000).IsRequired();
        builder.Property(c => c.CreatedBy).HasMaxLength(256).IsRequired();
        builder.Property(c => c.UpdatedBy).HasMaxLength(256).IsRequired();
        // Added to a table with rows (migration 0004), so these columns carry defaults; the sentinels make
        // EF always write the entity's own value rather than leave it to the default.
        builder.Property(c => c.Priority).HasConversion<string>().HasMaxLength(16)
            .HasDefaultValue(CasePriority.Normal).HasSentinel((CasePriority)(-1));
        builder.Property(c => c.IsOpen).HasDefaultValue(false);
        builder.Property(c => c.AssigneeId).HasMaxLength(64);
        builder.Property(c => c.AssigneeName).HasMaxLength(256);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Property(c => c.FinishedAs).HasConversion<string>().HasMaxLength(32);

        // One index per queue and sort, so that a page is a short walk down an index (keyset paging).
        // Trailing columns are the common filters: SQLite tests them inside the index, without
        // fetching the row, so a filtered queue stays a fast walk too (see docs/benchmarks.md).
        builder.HasIndex(c => new { c.MerchantId, c.CreatedAt });
        builder.HasIndex(c => new { c.MerchantId, c.UpdatedAt });
        builder.HasIndex(c => new { c.Status, c.UpdatedAt });
        builder.HasIndex(c => new { c.AssigneeId, c.IsOpen, c.UpdatedAt, c.Status, c.Kind, c.Priority });
        builder.HasIndex(c => new { c.UpdatedAt, c.CreatedAt, c.Status, c.Kind, c.Priority });
        // Creation time, and a period of creation (the queues' "created from / to" filter) sorted by last change: the
        // page's sort keys come from the index, so only the rows of the page are read from the table, not every case of
        // the period (45 ms for a week at 1,000,000 cases). It replaced an index on CreatedAt alone, which SQLite
        // preferred for that page once both had statistics.
        builder.HasIndex(c => new { c.CreatedAt, c.UpdatedAt });
        // Kind and priority filtered together (and kind alone): a short range, where the index above made a count read
        // tens of thousands of entries, and PostgreSQL the table (docs/benchmarks.md).
        builder.HasIndex(c => new { c.Kind, c.Priority, c.UpdatedAt });
        // The dashboard's refresh reads the cases finished today and yesterday (decision 0017).
        builder.HasIndex(c => c.FinishedAt).HasFilter("\"FinishedAt\" IS NOT NULL");
        // The dashboard's first response links to the cases whose first-response clock was met in a period.
        builder.HasIndex(c => c.FirstResponseAt).HasFilter("\"FirstResponseAt\" IS NOT NULL");

        // Only cases with a running clock: the at-risk count and page walk these ~10 % of the rows. The page's whole order
        // (due time, then id) is in the index, so a page is a walk that stops after its rows on every provider; with the
        // id missing PostgreSQL sorted the rows it expected, and when it expected few it read all of them.
        builder.HasIndex(c => new { c.SlaDueAt, c.Id, c.SlaAttentionAt, c.MerchantId }).HasFilter("\"SlaAttentionAt\" IS NOT NULL");
        builder.HasIndex(c => c.OrderId);

        // The buyer's history: the risk score reads a buyer's cases of the last 90 days on every opening and proposal.
        builder.HasIndex(c => new { c.CustomerId, c.CreatedAt });

        // The buyer's cases labelled "abuse confirmed" (few): counted on every score without visiting each of the buyer's cases.
        builder.HasIndex(c => new { c.CustomerId, c.CreatedAt }, "IX_AfterSalesCases_CustomerId_AbuseConfirmed").HasFilter("\"AbuseLabel\" = 'AbuseConfirmed'");
        builder.Property(c => c.RiskLevel).HasConversion<string>().HasMaxLength(8);
        builder.Property(c => c.RiskOverrideBy).HasMaxLength(100);
        builder.Property(c => c.RiskOverrideReason).HasMaxLength(AfterSalesCase.ReasonMaxLength);
        builder.Property(c => c.AbuseLabel).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.AbuseLabelBy).HasMaxLength(100);
        builder.HasOne(c => c.Order).WithMany().HasForeignKey(c => c.OrderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Merchants.Merchant>().WithMany().HasForeignKey(c => c.MerchantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Customers.Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.Lines).WithOne().HasForeignKey(l => l.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.History).WithOne().HasForeignKey(e => e.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Messages).WithOne().HasForeignKey(m => m.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Attachments).WithOne().HasForeignKey(a => a.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Lines).HasField("lines");
        builder.Navigation(c => c.History).HasField("history");
        builder.Navigation(c => c.Messages).HasField("messages");
        builder.Navigation(c => c.Attachments).HasField("attachments");
        builder.HasMany(c => c.Deadlines).WithOne().HasForeignKey(d => d.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Deadlines).HasField("deadlines");
        builder.HasMany(c => c.Shipments).WithOne().HasForeignKey(s => s.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Shipments).HasField("shipments");
        builder.HasMany(c => c.Inspections).WithOne().HasForeignKey(i => i.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Inspections).HasField("inspections");
        builder.HasOne(c => c.Repair).WithOne().HasForeignKey<CaseRepair>(r => r.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(c => c.LatestInspection);
        builder.Ignore(c => c.AcceptedRefundShare);
        builder.Ignore(c => c.LatestOffer);
        builder.HasMany(c => c.Offers).WithOne().HasForeignKey(o => o.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Offers).HasField("offers");
    }

    internal static string Names<TEnum>()
        where TEnum : struct, Enum => string.Join(", ", Enum.GetNames<TEnum>().Select(n => $"'{n}'"));
}

internal sealed class CaseLineConfiguration : IEntityTypeConfiguration<CaseLine>
{
    public void Configure(EntityTypeBuilder<CaseLine> builder)
    {
        builder.ToTable("CaseLines", t => t.HasCheckConstraint("CK_CaseLines_Quantity", "\"Quantity\" > 0"));
        builder.HasIndex(l => l.OrderLineId);
        builder.HasOne<OrderLine>().WithMany().HasForeignKey(l => l.OrderLineId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CaseEventConfiguration : IEntityTypeConfiguration<CaseEvent>
{
    public void Configure(EntityTypeBuilder<CaseEvent> builder)
    {
        builder.ToTable("CaseEvents");
        builder.Property(e => e.From).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.To).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.Action).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.ActorId).HasMaxLength(64);
        builder.Property(e => e.ActorName).HasMaxLength(256).IsRequired();
        builder.Property(e => e.ActorRole).HasMaxLength(32).IsRequired();
        builder.Property(e => e.Reason).HasMaxLength(1000);
    }
}

internal sealed class CaseMessageConfiguration : IEntityTypeConfiguration<CaseMessage>
{
    public void Configure(EntityTypeBuilder<CaseMessage> builder)
    {
        builder.ToTable("CaseMessages");
        builder.Property(m => m.Visibility).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.Body).HasMaxLength(4000).IsRequired();
        builder.Property(m => m.AuthorId).HasMaxLength(64);
        builder.Property(m => m.AuthorName).HasMaxLength(256).IsRequired();
        builder.Property(m => m.AuthorRole).HasMaxLength(32).IsRequired();
    }
}

internal sealed class CaseAttachmentConfiguration : IEntityTypeConfiguration<CaseAttachment>
{
    public void Configure(EntityTypeBuilder<CaseAttachment> builder)
    {
        builder.ToTable("CaseAttachments", t => t.HasCheckConstraint("CK_CaseAttachments_Size", "\"Size\" > 0 AND \"Size\" <= 10485760"));
        builder.Property(a => a.FileName).HasMaxLength(255).IsRequired();
        builder.Property(a => a.ContentType).HasMaxLength(64).IsRequired();
        builder.Property(a => a.Sha256).HasMaxLength(64).IsRequired();
        builder.Property(a => a.UploadedBy).HasMaxLength(256).IsRequired();
        builder.Property(a => a.UploadedByRole).HasMaxLength(32).IsRequired();
    }
}

internal sealed class CaseShipmentConfiguration : IEntityTypeConfiguration<CaseShipment>
{
    public void Configure(EntityTypeBuilder<CaseShipment> builder)
    {
        builder.ToTable("CaseShipments", t =>
            t.HasCheckConstraint("CK_CaseShipments_Leg", $"\"Leg\" IN ({CaseConfiguration.Names<ShipmentLeg>()})"));
        builder.Property(s => s.Leg).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Carrier).HasMaxLength(64).IsRequired();
        builder.Property(s => s.TrackingNo).HasMaxLength(40).IsRequired();
        builder.Property(s => s.RecordedBy).HasMaxLength(256).IsRequired();
        builder.Property(s => s.DeliveryRecordedBy).HasMaxLength(256);
        builder.Property(s => s.DeliveryNote).HasMaxLength(1000);

        // One parcel, one case: a waybill number is never recorded twice (a reused number is a known fraud).
        builder.HasIndex(s => new { s.Carrier, s.TrackingNo }).IsUnique().HasDatabaseName(ConstraintNames.OneCasePerParcel);
        builder.HasIndex(s => s.CaseId);
    }
}

internal sealed class CaseInspectionConfiguration : IEntityTypeConfiguration<CaseInspection>
{
    public void Configure(EntityTypeBuilder<CaseInspection> builder)
    {
        builder.ToTable("CaseInspections", t =>
        {
            t.HasCheckConstraint("CK_CaseInspections_Result", $"\"Result\" IN ({CaseConfiguration.Names<InspectionResult>()})");
            t.HasCheckConstraint("CK_CaseInspections_Deduction",
                "(\"Result\" = 'AcceptedWithDeduction' AND \"DeductionBasisPoints\" BETWEEN 1 AND 10000 AND \"DeductionKind\" IS NOT NULL)"
                + " OR (\"Result\" <> 'AcceptedWithDeduction' AND \"DeductionBasisPoints\" = 0 AND \"DeductionKind\" IS NULL)");
        });
        builder.Property(i => i.Result).HasConversion<string>().HasMaxLength(24);
        builder.Property(i => i.DeductionKind).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.Notes).HasMaxLength(1000);
        builder.Property(i => i.InspectedBy).HasMaxLength(256).IsRequired();
        builder.Property(i => i.InspectedByRole).HasMaxLength(32).IsRequired();
        builder.Ignore(i => i.DeductionReason);
        builder.HasIndex(i => i.CaseId);
    }
}

internal sealed class CaseRepairConfiguration : IEntityTypeConfiguration<CaseRepair>
{
    public void Configure(EntityTypeBuilder<CaseRepair> builder)
    {
        builder.ToTable("CaseRepairs", t =>
        {
            t.HasCheckConstraint("CK_CaseRepairs_Coverage", $"\"Coverage\" IN ({CaseConfiguration.Names<RepairCoverage>()})");
            t.HasCheckConstraint("CK_CaseRepairs_QuoteState", $"\"QuoteState\" IN ({CaseConfiguration.Names<QuoteState>()})");
            t.HasCheckConstraint("CK_CaseRepairs_Quote", "(\"QuoteState\" = 'None' AND \"QuoteMinor\" IS NULL) OR (\"QuoteState\" <> 'None' AND \"Coverage\" = 'Chargeable' AND \"QuoteMinor\" > 0)");
        });
        builder.Property(r => r.Coverage).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.QuoteState).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Stage).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.CoverageNote).HasMaxLength(500).IsRequired();
        builder.Property(r => r.QuoteCurrency).HasMaxLength(3);
        builder.Property(r => r.QuoteNote).HasMaxLength(500);
        builder.Property(r => r.QuotedBy).HasMaxLength(256);
        builder.Property(r => r.AnsweredBy).HasMaxLength(256);
        builder.Ignore(r => r.Quote);
        builder.Ignore(r => r.MayStart);
    }
}

internal sealed class CaseOfferConfiguration : IEntityTypeConfiguration<CaseOffer>
{
    public void Configure(EntityTypeBuilder<CaseOffer> builder)
    {
        builder.ToTable("CaseOffers", t =>
        {
            t.HasCheckConstraint("CK_CaseOffers_Kind", $"\"Kind\" IN ({CaseConfiguration.Names<OfferKind>()})");
            t.HasCheckConstraint("CK_CaseOffers_Share",
                "(\"Kind\" = 'PartialRefund' AND \"RefundShareBasisPoints\" BETWEEN 1 AND 9999) OR (\"Kind\" <> 'PartialRefund' AND \"RefundShareBasisPoints\" IS NULL)");
        });
        builder.Property(o => o.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(o => o.Text).HasMaxLength(1000).IsRequired();
        builder.Property(o => o.OfferedBy).HasMaxLength(256).IsRequired();
        builder.HasIndex(o => o.CaseId);
    }
}
