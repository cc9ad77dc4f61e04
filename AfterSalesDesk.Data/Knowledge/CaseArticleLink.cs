namespace AfterSalesDesk.Data.Knowledge;

/// <summary>An article an agent found relevant to a case; one link per case and article.</summary>
public class CaseArticleLink
{
    private CaseArticleLink()
    {
    }

    public CaseArticleLink(long caseId, int articleId, string linkedBy, DateTimeOffset linkedAt)
    {
        CaseId = caseId;
        ArticleId = articleId;
        LinkedBy = linkedBy;
        LinkedAt = linkedAt;
    }

    public long Id { get; private set; }

    public long CaseId { get; private set; }

    public int ArticleId { get; private set; }

    public Article? Article { get; private set; }

    public DateTimeOffset LinkedAt { get; private set; }

    public string LinkedBy { get; private set; } = "";
}
