using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AfterSalesDesk.Data.Identity;

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> builder)
    {
        builder.ToTable("UserSessions", t =>
        {
            t.HasCheckConstraint("CK_UserSessions_Ended", "(\"EndedAt\" IS NULL) = (\"EndReason\" IS NULL)");
            t.HasCheckConstraint("CK_UserSessions_EndReason", $"\"EndReason\" IS NULL OR \"EndReason\" IN ({Cases.CaseConfiguration.Names<SessionEndReason>()})");
        });
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasMaxLength(64);
        builder.Property(s => s.UserId).IsRequired();
        builder.Property(s => s.EndReason).HasConversion<string>().HasMaxLength(20);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.UserId, s.EndedAt });
    }
}
