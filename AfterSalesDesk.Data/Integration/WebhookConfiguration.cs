using AfterSalesDesk.Data.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AfterSalesDesk.Data.Integration;

internal sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> builder)
    {
        builder.ToTable("WebhookSubscriptions");
        builder.Ignore(s => s.EventList);
        builder.Property(s => s.Url).HasMaxLength(WebhookSubscription.UrlLength).IsRequired();
        builder.Property(s => s.Events).HasMaxLength(300).IsRequired();
        builder.Property(s => s.ProtectedSecret).HasMaxLength(1000).IsRequired();
        builder.Property(s => s.DisabledReason).HasMaxLength(500);
        builder.Property(s => s.CreatedBy).HasMaxLength(256).IsRequired();
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasOne<ApiClient>().WithMany().HasForeignKey(s => s.ClientId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("WebhookDeliveries", t =>
            t.HasCheckConstraint("CK_WebhookDeliveries_Status", $"\"Status\" IN ({CaseConfiguration.Names<WebhookDeliveryStatus>()})"));
        builder.Property(d => d.MessageId).HasMaxLength(40).IsRequired();
        builder.HasIndex(d => d.MessageId).IsUnique();
        builder.Property(d => d.EventType).HasMaxLength(40).IsRequired();
        builder.Property(d => d.OrderingKey).HasMaxLength(40).IsRequired();
        builder.Property(d => d.Payload).IsRequired();
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.LockedUntil).IsConcurrencyToken(); // two workers cannot both claim an attempt
        builder.Property(d => d.LastError).HasMaxLength(WebhookDelivery.ErrorLength);
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
        builder.HasIndex(d => new { d.SubscriptionId, d.OrderingKey, d.Id });
        builder.HasOne<WebhookSubscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> builder)
    {
        builder.ToTable("WebhookAttempts");
        builder.Property(a => a.Error).HasMaxLength(WebhookDelivery.ErrorLength);
        builder.Property(a => a.ResponseExcerpt).HasMaxLength(WebhookAttempt.ExcerptLength);
        builder.HasIndex(a => a.DeliveryId);
        builder.HasOne<WebhookDelivery>().WithMany().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
    }
}
