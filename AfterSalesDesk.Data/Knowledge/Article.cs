using AfterSalesDesk.Data.Common;

namespace AfterSalesDesk.Data.Knowledge;

/// <summary>
/// A knowledge-base article on after-sales policy. The body is plain text with a little markdown
/// (headings, bullet lists, blank lines between paragraphs); it is always shown as text, never as HTML.
/// Unpublished articles are drafts or withdrawn rules: only supervisors see them.
/// </summary>
public class Article
{
    public const int TitleMaxLength = 200;
    public const int BodyMaxLength = 20000;
    public const int TagsMaxLength = 200;

    private Article()
    {
    }

    public int Id { get; private set; }

    public string Title { get; private set; } = "";

    public string Body { get; private set; } = "";

    /// <summary>Comma-separated words people search by, e.g. "return, 7 days, 七天无理由".</summary>
    public string Tags { get; private set; } = "";

    public bool IsPublished { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public string UpdatedBy { get; private set; } = "";

    public Guid Version { get; private set; }

    public static Article Create(string title, string body, string? tags, bool publish, string actor, DateTimeOffset at)
    {
        var article = new Article { IsPublished = publish };
        article.Edit(title, body, tags, actor, at);
        return article;
    }

    public void Edit(string title, string body, string? tags, string actor, DateTimeOffset at)
    {
        title = (title ?? "").Trim();
        body = (body ?? "").Trim();
        tags = NormalizeTags(tags);
        if (title.Length is 0 or > TitleMaxLength)
        {
            throw new DomainException($"An article needs a title of at most {TitleMaxLength} characters.");
        }

        if (body.Length is 0 or > BodyMaxLength)
        {
            throw new DomainException($"An article needs a text of at most {BodyMaxLength} characters.");
        }

        if (tags.Length > TagsMaxLength)
        {
            throw new DomainException($"Tags may have at most {TagsMaxLength} characters in all.");
        }

        Title = title;
        Body = body;
        Tags = tags;
        Touch(actor, at);
    }

    public void Publish(string actor, DateTimeOffset at)
    {
        IsPublished = true;
        Touch(actor, at);
    }

    public void Unpublish(string actor, DateTimeOffset at)
    {
        IsPublished = false;
        Touch(actor, at);
    }

    /// <summary>"a ,b,, a" becomes "a, b": trimmed, empty and repeated tags dropped (Chinese commas too).</summary>
    public static string NormalizeTags(string? tags) =>
        string.Join(", ", (tags ?? "").Split([',', '，', ';', '；'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase));

    private void Touch(string actor, DateTimeOffset at)
    {
        UpdatedBy = actor;
        UpdatedAt = at;
        Version = Guid.NewGuid();
    }
}
