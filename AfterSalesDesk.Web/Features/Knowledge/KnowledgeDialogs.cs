using MudBlazor;

namespace AfterSalesDesk.Web.Features.Knowledge;

/// <summary>How the knowledge base's dialogs open: the article and macro forms need room for their text.</summary>
internal static class KnowledgeDialogs
{
    public static DialogOptions Wide => new() { MaxWidth = MaxWidth.Medium, FullWidth = true };
}
