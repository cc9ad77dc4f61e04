using MudBlazor;

namespace AfterSalesDesk.Web.Components.Shared;

public static class ReasonPrompts
{
    /// <summary>
    /// Asks for a reason in <see cref="ReasonDialog"/>: null when cancelled (Escape, Cancel), else what was written
    /// ("" for an optional note left empty). A required reason cannot be confirmed empty.
    /// </summary>
    public static async Task<string?> AskReasonAsync(this IDialogService dialogs, string title, string prompt, bool required, int? maxLength = null)
    {
        var parameters = new DialogParameters<ReasonDialog>
        {
            { d => d.Prompt, prompt },
            { d => d.Required, required },
        };
        if (maxLength is { } max)
        {
            parameters.Add(d => d.MaxLength, max);
        }

        var dialog = await dialogs.ShowAsync<ReasonDialog>(title, parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        var result = await dialog.Result;
        return result is { Canceled: false, Data: string text } ? text : null;
    }
}
