using AfterSalesDesk.Tests.TestSupport;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace AfterSalesDesk.Tests.Components;

/// <summary>
/// A component context that keeps MudBlazor's dialog provider at hand: a page's dialogs (and a dialog opened through
/// <see cref="IDialogService"/>) render there, not inside the page.
/// </summary>
public abstract class DialogPageContext(ComponentApp app) : ComponentContext(app)
{
    private IRenderedComponent<MudDialogProvider>? dialogs;

    /// <summary>Where the dialogs open (rendered by <see cref="RenderWithDialogs{TComponent}"/> or <see cref="OpenAsync{TDialog}"/>).</summary>
    protected IRenderedComponent<MudDialogProvider> Dialogs => dialogs ??= RenderProviders();

    /// <summary>Renders the component under MudBlazor's providers, keeping the dialog provider in <see cref="Dialogs"/>.</summary>
    protected IRenderedComponent<TComponent> RenderWithDialogs<TComponent>(Action<ComponentParameterCollectionBuilder<TComponent>>? parameters = null)
        where TComponent : IComponent
    {
        _ = Dialogs;
        return Render(parameters ?? (_ => { }));
    }

    /// <summary>Opens a dialog as a page does, through the dialog service; the task ends with its result.</summary>
    protected async Task<Task<DialogResult?>> OpenAsync<TDialog>(string title, DialogParameters<TDialog> parameters)
        where TDialog : IComponent
    {
        var service = Services.GetRequiredService<IDialogService>();
        var reference = await Dialogs.InvokeAsync(() => service.ShowAsync<TDialog>(title, parameters));
        return reference.Result;
    }

    private IRenderedComponent<MudDialogProvider> RenderProviders()
    {
        Render<MudPopoverProvider>();
        var provider = Render<MudDialogProvider>();
        Render<MudSnackbarProvider>();
        return provider;
    }
}
