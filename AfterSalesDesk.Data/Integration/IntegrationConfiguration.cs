using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Merchants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AfterSalesDesk.Data.Integration;

internal sealed class ApiClientConfiguration : IEntityTypeConfiguration<ApiClient>
{
    public void Configure(EntityTypeBuilder<ApiClient> builder)
    {
        builder.ToTable("ApiClients", t =>
        {
            t.HasCheckConstraint("CK_ApiClients_Kind", $"\"Kind\" IN ({CaseConfiguration.Names<ApiClientKind>()})");
            t.HasCheckConstraint("CK_ApiClients_Merchant", "(\"Kind\" = 'MerchantSystem' AND \"MerchantId\" IS NOT NULL) OR (\"Kind\" <> 'MerchantSystem' AND \"MerchantId\" IS NULL)");
        });
        builder.Ignore(c => c.ScopeList);
        builder.Ignore(c => c.IsRevoked);
        builder.Property(c => c.Name).HasMaxLength(ApiClient.NameLength).IsRequired();
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Scopes).HasMaxLength(200).IsRequired();
        builder.Property(c => c.CreatedBy).HasMaxLength(256).IsRequired();
        builder.Property(c => c.RevokedBy).HasMaxLength(256);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasOne<Merchant>().WithMany().HasForeignKey(c => c.MerchantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.Secrets).WithOne().HasForeignKey(s => s.ClientId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Secrets).HasField("secrets");
    }
}

internal sealed class ApiClientSecretConfiguration : IEntityTypeConfiguration<ApiClientSecret>
{
    public void Configure(EntityTypeBuilder<ApiClientSecret> builder)
    {
        builder.ToTable("ApiClientSecrets");
        builder.Property(s => s.KeyId).HasMaxLength(16).IsRequired();
        builder.HasIndex(s => s.KeyId).IsUnique();
        builder.Property(s => s.Hash).HasMaxLength(64).IsRequired();
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("IdempotencyRecords");
        builder.Ignore(r => r.IsCompleted);
        builder.Property(r => r.Key).HasMaxLength(IdempotencyRecord.KeyLength).IsRequired();
        builder.Property(r => r.Fingerprint).HasMaxLength(64).IsRequired();
        builder.Property(r => r.LockedUntil).IsConcurrencyToken(); // two retries cannot both take over a dead request's key
        builder.Property(r => r.ContentType).HasMaxLength(100);
        builder.Property(r => r.Headers).HasMaxLength(2000);
        builder.HasIndex(r => new { r.ClientId, r.Key }).IsUnique();
        builder.HasIndex(r => r.CreatedAt);
        builder.HasOne<ApiClient>().WithMany().HasForeignKey(r => r.ClientId).OnDelete(DeleteBehavior.Cascade);
    }
}
