using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AfterSalesDesk.Data.Orders;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> builder)
    {
        builder.ToTable("Orders", t =>
        {
            t.HasCheckConstraint("CK_Orders_ShippingFee", "\"ShippingFeeMinor\" >= 0");
            t.HasCheckConstraint(ConstraintNames.RefundBalance, "\"RefundCommittedMinor\" >= 0 AND \"RefundCommittedMinor\" <= \"PaidMinor\"");
            t.HasCheckConstraint("CK_Orders_Status", "\"Status\" IN ('Created', 'Paid', 'Shipped', 'Delivered', 'Completed')");
        });
        builder.Ignore(o => o.ShippingFee);
        builder.Ignore(o => o.AmountDue);
        builder.Ignore(o => o.Paid);
        builder.Ignore(o => o.Refundable);
        builder.Property(o => o.OrderNo).HasMaxLength(32).IsRequired();
        builder.HasIndex(o => o.OrderNo).IsUnique();
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(o => o.Currency).HasMaxLength(3).IsRequired();
        builder.Property(o => o.Version).IsConcurrencyToken();

        // Added to a table with rows (migration 0006), hence the defaults.
        builder.Property(o => o.PaidMinor).HasDefaultValue(0L);
        builder.Property(o => o.RefundCommittedMinor).HasDefaultValue(0L);
        builder.HasIndex(o => new { o.MerchantId, o.CreatedAt });
        // A buyer's orders by time, with the amount: the risk score reads the latest (the usual amount) and counts the last
        // 90 days on every opening and proposal from the index alone, without visiting a row per order.
        builder.HasIndex(o => new { o.CustomerId, o.CreatedAt, o.PaidMinor });
        builder.HasIndex(o => o.CreatedAt);
        builder.HasIndex(o => new { o.Status, o.CreatedAt });
        builder.HasOne(o => o.Merchant).WithMany().HasForeignKey(o => o.MerchantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(o => o.Customer).WithMany().HasForeignKey(o => o.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(o => o.Payments).WithOne().HasForeignKey(p => p.OrderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(o => o.Shipments).WithOne().HasForeignKey(s => s.OrderId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(o => o.Lines).HasField("lines");
        builder.Navigation(o => o.Payments).HasField("payments");
        builder.Navigation(o => o.Shipments).HasField("shipments");
    }
}

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> builder)
    {
        builder.ToTable("OrderLines", t =>
        {
            t.HasCheckConstraint("CK_OrderLines_Quantity", "\"Quantity\" > 0");
            t.HasCheckConstraint("CK_OrderLines_Amounts", "\"UnitPriceMinor\" >= 0 AND \"DiscountMinor\" >= 0 AND \"DiscountMinor\" <= \"UnitPriceMinor\" * \"Quantity\"");
        });
        builder.Property(l => l.Sku).HasMaxLength(64).IsRequired();
        builder.Property(l => l.ProductName).HasMaxLength(200).IsRequired();
        builder.HasOne<Products.Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> builder)
    {
        builder.ToTable("Payments", t => t.HasCheckConstraint("CK_Payments_Amount", "\"AmountMinor\" >= 0"));
        builder.Ignore(p => p.Amount);
        builder.Property(p => p.Currency).HasMaxLength(3).IsRequired();
        builder.Property(p => p.Method).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.TransactionNo).HasMaxLength(64).IsRequired();
        builder.HasIndex(p => p.TransactionNo).IsUnique();
    }
}

internal sealed class ShipmentConfiguration : IEntityTypeConfiguration<Shipment>
{
    public void Configure(EntityTypeBuilder<Shipment> builder)
    {
        builder.ToTable("Shipments");
        builder.Property(s => s.Carrier).HasMaxLength(64).IsRequired();
        builder.Property(s => s.TrackingNo).HasMaxLength(64).IsRequired();
    }
}
