using AfterSalesDesk.Data.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AfterSalesDesk.Data.Knowledge;

internal sealed class MacroConfiguration : IEntityTypeConfiguration<Macro>
{
    public void Configure(EntityTypeBuilder<Macro> builder)
    {
        builder.ToTable("Macros", t =>
            t.HasCheckConstraint("CK_Macros_DefaultVisibility", $"\"DefaultVisibility\" IN ({CaseConfiguration.Names<MessageVisibility>()})"));
        builder.Property(m => m.Title).HasMaxLength(Macro.TitleMaxLength).IsRequired();
        builder.HasIndex(m => m.Title).IsUnique();
        builder.Property(m => m.Body).HasMaxLength(Macro.BodyMaxLength).IsRequired();
        builder.Property(m => m.DefaultVisibility).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.UpdatedBy).HasMaxLength(256).IsRequired();
        builder.Property(m => m.Version).IsConcurrencyToken();
    }
}

internal sealed class ArticleConfiguration : IEntityTypeConfiguration<Article>
{
    public void Configure(EntityTypeBuilder<Article> builder)
    {
        builder.ToTable("Articles");
        builder.Property(a => a.Title).HasMaxLength(Article.TitleMaxLength).IsRequired();
        builder.Property(a => a.Body).HasMaxLength(Article.BodyMaxLength).IsRequired();
        builder.Property(a => a.Tags).HasMaxLength(Article.TagsMaxLength).IsRequired();
        builder.Property(a => a.UpdatedBy).HasMaxLength(256).IsRequired();
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasIndex(a => new { a.IsPublished, a.UpdatedAt });
    }
}

internal sealed class CaseArticleLinkConfiguration : IEntityTypeConfiguration<CaseArticleLink>
{
    public void Configure(EntityTypeBuilder<CaseArticleLink> builder)
    {
        builder.ToTable("CaseArticleLinks");
        builder.Property(l => l.LinkedBy).HasMaxLength(256).IsRequired();
        builder.HasIndex(l => new { l.CaseId, l.ArticleId }).IsUnique();
        builder.HasIndex(l => l.ArticleId);
        // A case going away takes its links with it; an article in use cannot be deleted (unpublish it).
        builder.HasOne<AfterSalesCase>().WithMany().HasForeignKey(l => l.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(l => l.Article).WithMany().HasForeignKey(l => l.ArticleId).OnDelete(DeleteBehavior.Restrict);
    }
}
