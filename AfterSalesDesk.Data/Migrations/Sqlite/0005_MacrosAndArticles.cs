using AfterSalesDesk.Data.Providers.Sqlite;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AfterSalesDesk.Data.Migrations.Sqlite;

/// <summary>Macros (canned replies), knowledge-base articles and the links from cases to articles.</summary>
[DbContext(typeof(SqliteAppDbContext))]
[Migration("20261123020000_MacrosAndArticles")]
public sealed class MacrosAndArticles : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Macros",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                Body = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                DefaultVisibility = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                Version = table.Column<Guid>(type: "TEXT", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Macros", x => x.Id);
                table.CheckConstraint("CK_Macros_DefaultVisibility", "\"DefaultVisibility\" IN ('ToBuyer', 'ToMerchant', 'Internal')");
            });

        migrationBuilder.CreateTable(
            name: "Articles",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                Body = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                Tags = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                IsPublished = table.Column<bool>(type: "INTEGER", nullable: false),
                UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                Version = table.Column<Guid>(type: "TEXT", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Articles", x => x.Id));

        migrationBuilder.CreateTable(
            name: "CaseArticleLinks",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                CaseId = table.Column<long>(type: "INTEGER", nullable: false),
                ArticleId = table.Column<int>(type: "INTEGER", nullable: false),
                LinkedAt = table.Column<long>(type: "INTEGER", nullable: false),
                LinkedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_CaseArticleLinks", x => x.Id);
                table.ForeignKey("FK_CaseArticleLinks_AfterSalesCases_CaseId", x => x.CaseId, "AfterSalesCases", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_CaseArticleLinks_Articles_ArticleId", x => x.ArticleId, "Articles", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateIndex("IX_Macros_Title", "Macros", "Title", unique: true);
        migrationBuilder.CreateIndex("IX_Articles_IsPublished_UpdatedAt", "Articles", ["IsPublished", "UpdatedAt"]);
        migrationBuilder.CreateIndex("IX_CaseArticleLinks_ArticleId", "CaseArticleLinks", "ArticleId");
        migrationBuilder.CreateIndex("IX_CaseArticleLinks_CaseId_ArticleId", "CaseArticleLinks", ["CaseId", "ArticleId"], unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[] { "CaseArticleLinks", "Articles", "Macros" })
        {
            migrationBuilder.DropTable(table);
        }
    }
}
