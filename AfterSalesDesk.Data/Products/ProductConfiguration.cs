using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AfterSalesDesk.Data.Products;

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.ToTable("Products", t =>
        {
            t.HasCheckConstraint("CK_Products_Price", "\"PriceMinor\" >= 0");
            t.HasCheckConstraint("CK_Products_Warranty", "\"WarrantyMonths\" BETWEEN 0 AND 120");
        });
        builder.Ignore(p => p.Price);
        builder.Property(p => p.Sku).HasMaxLength(64).IsRequired();
        builder.HasIndex(p => new { p.MerchantId, p.Sku }).IsUnique();
        builder.Property(p => p.Name).HasMaxLength(200).IsRequired();
        builder.Property(p => p.Category).HasMaxLength(64).IsRequired();
        builder.Property(p => p.Currency).HasMaxLength(3).IsRequired();
        builder.HasOne(p => p.Merchant).WithMany().HasForeignKey(p => p.MerchantId).OnDelete(DeleteBehavior.Restrict);
    }
}
