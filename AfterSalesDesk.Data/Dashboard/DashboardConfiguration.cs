using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AfterSalesDesk.Data.Dashboard;

// Keys start with the day so that a refresh deletes and rewrites a day range; the (MerchantId, Day)
// indexes serve one merchant's (or the all-merchant rows') figures over a period.
internal sealed class DailyCaseStatsConfiguration : IEntityTypeConfiguration<DailyCaseStats>
{
    public void Configure(EntityTypeBuilder<DailyCaseStats> builder)
    {
        builder.ToTable("DailyCaseStats");
        builder.HasKey(s => new { s.Day, s.MerchantId, s.Kind });
        builder.Property(s => s.Kind).HasMaxLength(24);
        builder.HasIndex(s => new { s.MerchantId, s.Day });
    }
}

internal sealed class DailyRefundStatsConfiguration : IEntityTypeConfiguration<DailyRefundStats>
{
    public void Configure(EntityTypeBuilder<DailyRefundStats> builder)
    {
        builder.ToTable("DailyRefundStats");
        builder.HasKey(s => new { s.Day, s.MerchantId, s.Kind, s.Reason });
        builder.Property(s => s.Kind).HasMaxLength(24);
        builder.Property(s => s.Reason).HasMaxLength(100);
        builder.HasIndex(s => new { s.MerchantId, s.Day });
    }
}

internal sealed class DailyDurationBucketConfiguration : IEntityTypeConfiguration<DailyDurationBucket>
{
    public void Configure(EntityTypeBuilder<DailyDurationBucket> builder)
    {
        builder.ToTable("DailyDurationBuckets");
        builder.HasKey(s => new { s.Day, s.MerchantId, s.Metric, s.Bucket });
        builder.Property(s => s.Metric).HasMaxLength(16);
        builder.HasIndex(s => new { s.MerchantId, s.Day });
    }
}

internal sealed class DailyAgentStatsConfiguration : IEntityTypeConfiguration<DailyAgentStats>
{
    public void Configure(EntityTypeBuilder<DailyAgentStats> builder)
    {
        builder.ToTable("DailyAgentStats");
        builder.HasKey(s => new { s.Day, s.MerchantId, s.AssigneeId });
        builder.Property(s => s.AssigneeId).HasMaxLength(64);
        builder.Property(s => s.AssigneeName).HasMaxLength(256);
        builder.HasIndex(s => new { s.MerchantId, s.Day });
    }
}

// A period is a range of the key's first column; every read takes all products of the period (the category baselines
// span every store), so no merchant index.
internal sealed class DailyProductStatsConfiguration : IEntityTypeConfiguration<DailyProductStats>
{
    public void Configure(EntityTypeBuilder<DailyProductStats> builder)
    {
        builder.ToTable("DailyProductStats");
        builder.HasKey(s => new { s.Day, s.ProductId, s.Reason });
        builder.Property(s => s.Reason).HasMaxLength(100);
    }
}
