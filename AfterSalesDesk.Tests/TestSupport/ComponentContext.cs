using System.Globalization;
using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace AfterSalesDesk.Tests.TestSupport;

/// <summary>
/// One app per test class for component tests: the real services over a real SQLite file with the demo data
/// (no mocks), shared by the class's tests, each of which works on its own cases.
/// </summary>
public class ComponentApp : IDisposable
{
    public ComponentApp()
        : this(40)
    {
    }

    /// <param name="demoOrders">How many demo orders to seed (about one in two gets a case).</param>
    protected ComponentApp(int demoOrders)
    {
        App = new AppFactory(settings: new Dictionary<string, string?> { ["Demo:Orders"] = demoOrders.ToString(CultureInfo.InvariantCulture) });
        _ = App.Services; // start (migrate, seed) once, before the first test
    }

    public AppFactory App { get; }

    public void Dispose()
    {
        App.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>More demo data: enough cases for more than one page of a list.</summary>
public sealed class ComponentAppWithPages() : ComponentApp(120);

/// <summary>
/// bunit over the app's own services: a component resolves what bunit does not provide (feature services,
/// localization, the clock, the database, authorization and its policies) from a scope of the test class's
/// <see cref="ComponentApp"/>, as a circuit does. MudBlazor's services, a loose JS runtime (MudBlazor calls into its script; nothing answers here)
/// and the signed-in person (<see cref="SignInAsync"/>, with the claims a real login builds) are bunit's.
/// Disposed asynchronously: MudBlazor's services only implement IAsyncDisposable.
/// </summary>
public abstract class ComponentContext : BunitContext, IAsyncLifetime
{
    private readonly IServiceScope scope;
    private readonly SignedIn signedIn = new();
    private IRenderedComponent<MudDialogProvider>? dialogs;

    protected ComponentContext(ComponentApp app, string culture = "en")
    {
        App = app.App;
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        JSInterop.Mode = JSRuntimeMode.Loose;

        // bunit waits 1 s for a render by default; in a full run on two cores a database round trip can take longer.
        DefaultWaitTimeout = TimeSpan.FromSeconds(15);
        Services.AddMudServices(options => options.SnackbarConfiguration.ShowTransitionDuration = 0);
        Services.AddCascadingAuthenticationState();
        Services.AddSingleton<AuthenticationStateProvider>(signedIn);
        scope = App.Services.CreateScope();
        Services.AddFallbackServiceProvider(scope.ServiceProvider);

        // bunit registers a placeholder IAuthorizationService that throws, so the fallback above never reaches the
        // app's own: AuthorizeView and [Authorize] get the app's, which evaluate its policies (Policies.Add) with its
        // handlers against the signed-in principal, as in a circuit.
        Services.AddTransient(_ => scope.ServiceProvider.GetRequiredService<IAuthorizationService>());
        Services.AddTransient(_ => scope.ServiceProvider.GetRequiredService<IAuthorizationPolicyProvider>());
    }

    protected AppFactory App { get; }

    protected ClaimsPrincipal User => signedIn.User;

    /// <summary>Signs a demo user in for the components rendered next (their roles are checked).</summary>
    protected async Task<ClaimsPrincipal> SignInAsync(string email, string role)
    {
        signedIn.User = await App.PrincipalAsync(email, role);
        return signedIn.User;
    }

    /// <summary>
    /// MudBlazor's providers, rendered once per test as the layout places them (popovers, dialogs, snackbars); dialogs,
    /// a page's and those opened through <see cref="IDialogService"/>, render in this dialog provider.
    /// </summary>
    protected IRenderedComponent<MudDialogProvider> Dialogs => dialogs ??= RenderProviders();

    /// <summary>Renders the component under MudBlazor's providers (<see cref="Dialogs"/>).</summary>
    protected IRenderedComponent<TComponent> RenderPage<TComponent>(Action<ComponentParameterCollectionBuilder<TComponent>>? parameters = null)
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

    /// <summary>The text of the snackbars shown so far (success messages).</summary>
    protected IReadOnlyList<string> Snackbars() =>
        [.. Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => $"{s.Message}")];

    protected T Service<T>()
        where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

    /// <summary>Runs before each test, after the constructor: the place for a test class's asynchronous setup.</summary>
    public virtual Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        scope.Dispose();
    }

    private IRenderedComponent<MudDialogProvider> RenderProviders()
    {
        Render<MudPopoverProvider>();
        var provider = Render<MudDialogProvider>();
        Render<MudSnackbarProvider>();
        return provider;
    }

    private sealed class SignedIn : AuthenticationStateProvider
    {
        public ClaimsPrincipal User { get; set; } = new(new ClaimsIdentity());

        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(User));
    }
}
