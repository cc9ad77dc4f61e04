using System.Globalization;
using System.Security.Claims;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Knowledge;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Web.Features.Knowledge;

/// <summary>
/// The knowledge base of after-sales policy articles and their links to cases. Agents, supervisors and
/// managers read published articles; supervisors also write, publish and unpublish them and see drafts.
/// Merchants and admins read nothing here (denied and audited). Agents and supervisors link articles to
/// cases they can see; managers only look at the links.
/// </summary>
public sealed class ArticleService(
    IDbContextFactory<AppDbContext> contextFactory,
    AuditActors actors,
    AuditWriter audit,
    TimeProvider clock,
    UserClock userClock)
{
    public const int MaxPageSize = 50;
    private const string NotFound = "That article does not exist, or it is not published.";
    private const string CaseNotFound = "That case does not exist, or it is not yours to see.";

    public static bool CanRead(ClaimsPrincipal user) => user.IsInRole(Roles.Agent) || user.IsInRole(Roles.Supervisor) || user.IsInRole(Roles.Manager);

    public static bool CanEdit(ClaimsPrincipal user) => user.IsInRole(Roles.Supervisor);

    public static bool CanLink(ClaimsPrincipal user) => user.IsInRole(Roles.Agent) || user.IsInRole(Roles.Supervisor);

    /// <summary>
    /// Articles whose title, tags or text contain the search text (any case for Latin letters; any
    /// script), those with a hit in the title first, then the most recently changed. Without text: all,
    /// newest first. Drafts only for supervisors who ask for them.
    /// </summary>
    public async Task<ArticleListing> SearchAsync(ClaimsPrincipal user, ArticleQuery query, CancellationToken cancellationToken = default)
    {
        if (!CanRead(user))
        {
            var denied = await audit.DenyAsync(actors.For(user), "article.search", "Article", null, "Only platform staff read the knowledge base.");
            return new ArticleListing(denied, [], 0);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var articles = db.Articles.AsNoTracking();
        if (!(query.IncludeUnpublished && CanEdit(user)))
        {
            articles = articles.Where(a => a.IsPublished);
        }

        var text = query.Text?.Trim();
        IOrderedQueryable<Article> ordered;
        if (string.IsNullOrEmpty(text))
        {
            ordered = articles.OrderByDescending(a => a.UpdatedAt);
        }
        else
        {
            var pattern = SearchPatterns.Contains(text, db.Database);
            articles = articles.Where(a => EF.Functions.Like(a.Title.ToLower(), pattern, SearchPatterns.Escape)
                || EF.Functions.Like(a.Tags.ToLower(), pattern, SearchPatterns.Escape)
                || EF.Functions.Like(a.Body.ToLower(), pattern, SearchPatterns.Escape));
            ordered = articles.OrderBy(a => EF.Functions.Like(a.Title.ToLower(), pattern, SearchPatterns.Escape) ? 0 : 1).ThenByDescending(a => a.UpdatedAt);
        }

        var total = await articles.CountAsync(cancellationToken);
        var rows = await ordered.ThenBy(a => a.Id)
            .Skip(Math.Max(0, query.Skip))
            .Take(Math.Clamp(query.Take, 1, MaxPageSize))
            .Select(a => new ArticleRow(a.Id, a.Title, a.Tags, a.Body.Substring(0, 240), a.IsPublished, a.UpdatedAt, a.UpdatedBy))
            .ToListAsync(cancellationToken);
        return new ArticleListing(Result.Ok, rows, total);
    }

    /// <summary>One article to read; a draft only for supervisors (for others it does not exist).</summary>
    public async Task<ArticleView> GetAsync(ClaimsPrincipal user, int articleId, CancellationToken cancellationToken = default)
    {
        if (!CanRead(user))
        {
            var denied = await audit.DenyAsync(actors.For(user), "article.view", "Article", articleId.ToString(CultureInfo.InvariantCulture),
                "Only platform staff read the knowledge base.");
            return new ArticleView(denied, null);
        }

        var seesDrafts = CanEdit(user);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var article = await db.Articles.AsNoTracking()
            .Where(a => a.Id == articleId && (a.IsPublished || seesDrafts))
            .Select(a => new ArticleDetails(a.Id, a.Title, a.Body, a.Tags, a.IsPublished, a.UpdatedAt, a.UpdatedBy, a.Version))
            .SingleOrDefaultAsync(cancellationToken);
        return article is null ? new ArticleView(Result.NotFound(NotFound), null) : new ArticleView(Result.Ok, article);
    }

    public async Task<ArticleSaved> CreateAsync(ClaimsPrincipal user, ArticleInput input, CancellationToken cancellationToken = default)
    {
        if (!CanEdit(user))
        {
            return new ArticleSaved(await audit.DenyAsync(actors.For(user), "article.create", "Article", null, "Only supervisors write articles."), null);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.AuditAs(actors.For(user), "article.create", clock);
        Article article;
        try
        {
            article = Article.Create(input.Title, input.Body, input.Tags, input.Publish, MacroService.NameOf(user), clock.GetUtcNow());
        }
        catch (DomainException ex)
        {
            return new ArticleSaved(Result.Invalid(ex.Message), null);
        }

        db.Articles.Add(article);
        await db.SaveChangesAsync(cancellationToken);
        return new ArticleSaved(Result.Ok, article.Id);
    }

    /// <summary>Changes title, text and tags; publishing follows <see cref="ArticleInput.Publish"/>. The version seen must be current.</summary>
    public Task<Result> UpdateAsync(ClaimsPrincipal user, int articleId, ArticleInput input, Guid seenVersion, CancellationToken cancellationToken = default) =>
        ChangeAsync(user, articleId, seenVersion, "article.update", article =>
        {
            var by = MacroService.NameOf(user);
            var now = clock.GetUtcNow();
            article.Edit(input.Title, input.Body, input.Tags, by, now);
            if (input.Publish && !article.IsPublished)
            {
                article.Publish(by, now);
            }
            else if (!input.Publish && article.IsPublished)
            {
                article.Unpublish(by, now);
            }
        }, cancellationToken);

    /// <summary>Unpublishing withdraws an article from agents and managers; its links to cases stay.</summary>
    public Task<Result> SetPublishedAsync(ClaimsPrincipal user, int articleId, bool published, Guid seenVersion, CancellationToken cancellationToken = default) =>
        ChangeAsync(user, articleId, seenVersion, published ? "article.publish" : "article.unpublish", article =>
        {
            if (published)
            {
                article.Publish(MacroService.NameOf(user), clock.GetUtcNow());
            }
            else
            {
                article.Unpublish(MacroService.NameOf(user), clock.GetUtcNow());
            }
        }, cancellationToken);

    /// <summary>
    /// Links a published article to a case the user can see. Linking what is linked already succeeds
    /// and changes nothing, so a double click or two agents at once never make a duplicate or an error.
    /// </summary>
    public async Task<Result> LinkAsync(ClaimsPrincipal user, long caseId, int articleId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await CheckCaseAsync(db, user, caseId, "case.article.link", forChange: true, cancellationToken) is { } refused)
        {
            return refused;
        }

        db.AuditAs(actors.For(user), "case.article.link", clock);
        // IMMEDIATE: the existence check and the insert cannot interleave with another writer's.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await db.Articles.AnyAsync(a => a.Id == articleId && a.IsPublished, cancellationToken))
        {
            return Result.NotFound(NotFound);
        }

        if (await db.CaseArticleLinks.AnyAsync(l => l.CaseId == caseId && l.ArticleId == articleId, cancellationToken))
        {
            return Result.Ok;
        }

        db.CaseArticleLinks.Add(new CaseArticleLink(caseId, articleId, MacroService.NameOf(user), clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result.Ok;
    }

    /// <summary>Removes a link; removing one that is not there succeeds too (it is gone either way).</summary>
    public async Task<Result> UnlinkAsync(ClaimsPrincipal user, long caseId, int articleId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await CheckCaseAsync(db, user, caseId, "case.article.unlink", forChange: true, cancellationToken) is { } refused)
        {
            return refused;
        }

        db.AuditAs(actors.For(user), "case.article.unlink", clock);
        var link = await db.CaseArticleLinks.SingleOrDefaultAsync(l => l.CaseId == caseId && l.ArticleId == articleId, cancellationToken);
        if (link is not null)
        {
            db.CaseArticleLinks.Remove(link);
            await db.SaveChangesAsync(cancellationToken);
        }

        return Result.Ok;
    }

    /// <summary>The articles linked to a case, oldest link first, with whether this user may change the links.</summary>
    public async Task<LinkedArticles> LinkedAsync(ClaimsPrincipal user, long caseId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await CheckCaseAsync(db, user, caseId, "case.article.list", forChange: false, cancellationToken) is { } refused)
        {
            return new LinkedArticles(refused, [], false);
        }

        var rows = await db.CaseArticleLinks.AsNoTracking()
            .Where(l => l.CaseId == caseId)
            .OrderBy(l => l.LinkedAt).ThenBy(l => l.Id)
            .Select(l => new LinkedArticleRow(l.ArticleId, l.Article!.Title, l.Article.IsPublished, l.LinkedAt, l.LinkedBy))
            .ToListAsync(cancellationToken);
        return new LinkedArticles(Result.Ok, rows, CanLink(user));
    }

    /// <summary>
    /// The case must exist and be visible to the user (a merchant never reaches another store's case:
    /// "not found", audited); then the role must allow reading or changing links (audited if not).
    /// </summary>
    private async Task<Result?> CheckCaseAsync(AppDbContext db, ClaimsPrincipal user, long caseId, string action, bool forChange, CancellationToken cancellationToken)
    {
        var id = caseId.ToString(CultureInfo.InvariantCulture);
        var access = CaseAccess.For(user);
        var merchantId = await db.Cases.AsNoTracking().Where(c => c.Id == caseId).Select(c => (int?)c.MerchantId).SingleOrDefaultAsync(cancellationToken);
        if (merchantId is null)
        {
            return Result.NotFound(CaseNotFound);
        }

        if (!access.Sees(merchantId.Value))
        {
            await audit.RecordAsync(actors.For(user), action, "AfterSalesCase", id, AuditOutcome.Denied, "Not this user's case.", cancellationToken);
            return Result.NotFound(CaseNotFound);
        }

        if (forChange ? !CanLink(user) : !CanRead(user))
        {
            return await audit.DenyAsync(actors.For(user), action, "AfterSalesCase", id,
                forChange ? "Only agents and supervisors link articles to cases." : "Only platform staff see the articles linked to a case.");
        }

        return null;
    }

    private async Task<Result> ChangeAsync(ClaimsPrincipal user, int articleId, Guid seenVersion, string action, Action<Article> change, CancellationToken cancellationToken)
    {
        var id = articleId.ToString(CultureInfo.InvariantCulture);
        if (!CanEdit(user))
        {
            return await audit.DenyAsync(actors.For(user), action, "Article", id, "Only supervisors change articles.");
        }

        Result? stale;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            db.AuditAs(actors.For(user), action, clock);
            var article = await db.Articles.SingleOrDefaultAsync(a => a.Id == articleId, cancellationToken);
            if (article is null)
            {
                return Result.NotFound("That article does not exist.");
            }

            if (article.Version != seenVersion)
            {
                stale = MacroService.Stale(article.Title, article.UpdatedBy, article.UpdatedAt, userClock);
            }
            else
            {
                try
                {
                    change(article);
                }
                catch (DomainException ex)
                {
                    return Result.Invalid(ex.Message);
                }

                try
                {
                    // The version token makes the UPDATE match nothing if someone saved since we read.
                    await db.SaveChangesAsync(cancellationToken);
                    return Result.Ok;
                }
                catch (DbUpdateConcurrencyException)
                {
                    var current = await db.Articles.AsNoTracking().Where(a => a.Id == articleId)
                        .Select(a => new { a.Title, a.UpdatedBy, a.UpdatedAt }).SingleAsync(cancellationToken);
                    stale = MacroService.Stale(current.Title, current.UpdatedBy, current.UpdatedAt, userClock);
                }
            }
        }

        await audit.RecordAsync(actors.For(user), action, "Article", id, AuditOutcome.Failed, stale.Error, cancellationToken);
        return stale;
    }
}

public sealed record ArticleQuery(string? Text = null, bool IncludeUnpublished = false, int Skip = 0, int Take = 20);

/// <summary>A search hit: the start of the text as a preview (never HTML).</summary>
public sealed record ArticleRow(int Id, string Title, string Tags, string Preview, bool IsPublished, DateTimeOffset UpdatedAt, string UpdatedBy);

public sealed record ArticleListing(Result Result, IReadOnlyList<ArticleRow> Rows, int Total);

public sealed record ArticleDetails(int Id, string Title, string Body, string Tags, bool IsPublished, DateTimeOffset UpdatedAt, string UpdatedBy, Guid Version);

public sealed record ArticleView(Result Result, ArticleDetails? Article);

public sealed record ArticleSaved(Result Result, int? ArticleId);

public sealed record LinkedArticleRow(int ArticleId, string Title, bool IsPublished, DateTimeOffset LinkedAt, string LinkedBy);

/// <summary>The links of one case; <see cref="CanChange"/> says whether this user may link and unlink.</summary>
public sealed record LinkedArticles(Result Result, IReadOnlyList<LinkedArticleRow> Rows, bool CanChange);

/// <summary>The article dialog's form.</summary>
public sealed class ArticleInput
{
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    public string? Tags { get; set; }
    public bool Publish { get; set; } = true;
}
