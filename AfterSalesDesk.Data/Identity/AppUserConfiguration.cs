using AfterSalesDesk.Data.Merchants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AfterSalesDesk.Data.Identity;

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(100).IsRequired();
        builder.Property(u => u.TimeZone).HasMaxLength(AppUserTimeZone.MaxLength);
        builder.HasOne(u => u.Merchant)
            .WithMany()
            .HasForeignKey(u => u.MerchantId)
            .OnDelete(DeleteBehavior.Restrict);
    }
}
