using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AfterSalesDesk.Data.Customers;

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> builder)
    {
        builder.ToTable("Customers");
        builder.Property(c => c.Code).HasMaxLength(32).IsRequired();
        builder.HasIndex(c => c.Code).IsUnique();
        builder.HasIndex(c => c.Name);
        builder.Property(c => c.Name).HasMaxLength(100).IsRequired();
        builder.Property(c => c.Phone).HasMaxLength(32).IsRequired();
        builder.Property(c => c.City).HasMaxLength(64).IsRequired();
        builder.Property(c => c.Address).HasMaxLength(Customer.AddressMaxLength);
        builder.Property(c => c.PhoneKey).HasMaxLength(32);
        builder.Property(c => c.AddressKey).HasMaxLength(Customer.AddressMaxLength);
        builder.HasIndex(c => c.PhoneKey).HasFilter("\"PhoneKey\" IS NOT NULL");
        builder.HasIndex(c => c.AddressKey).HasFilter("\"AddressKey\" IS NOT NULL");
        builder.Property(c => c.Listing).HasConversion<string>().HasMaxLength(8);
        builder.Property(c => c.ListingReason).HasMaxLength(500);
        builder.Property(c => c.ListedBy).HasMaxLength(100);
        builder.HasIndex(c => c.Listing).HasFilter("\"Listing\" IS NOT NULL");
    }
}
