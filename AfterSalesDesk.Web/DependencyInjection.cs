using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Complaints;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Providers;
using AfterSalesDesk.Data.Refunds;
using AfterSalesDesk.Data.Sla;
using AfterSalesDesk.Web.Components.Account;
using AfterSalesDesk.Web.Features.Admin;
using AfterSalesDesk.Web.Features.Audit;
using AfterSalesDesk.Web.Features.Cases;
using AfterSalesDesk.Web.Features.Webhooks;
using AfterSalesDesk.Web.Features.Complaints;
using AfterSalesDesk.Web.Features.Dashboard;
using AfterSalesDesk.Web.Features.Feedback;
using AfterSalesDesk.Web.Features.Home;
using AfterSalesDesk.Web.Features.Integration;
using AfterSalesDesk.Web.Features.Knowledge;
using AfterSalesDesk.Web.Features.Orders;
using AfterSalesDesk.Web.Features.Quality;
using AfterSalesDesk.Web.Features.Queues;
using AfterSalesDesk.Web.Features.Refunds;
using AfterSalesDesk.Web.Features.Reports;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace AfterSalesDesk.Web;

public static class DependencyInjection
{
    public static IServiceCollection AddAfterSalesWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section));
        services.AddOptions<DemoOptions>().Bind(configuration.GetSection(DemoOptions.Section));
        services.AddOptions<SessionSettings>().Bind(configuration.GetSection(SessionSettings.Section));
        services.AddOptions<LockoutSettings>().Bind(configuration.GetSection(LockoutSettings.Section));
        services.AddOptions<CaseLimits>().Bind(configuration.GetSection(CaseLimits.Section));
        services.AddOptions<SlaPolicy>().Bind(configuration.GetSection(SlaPolicy.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SlaPolicy>>(new OptionsProblems<SlaPolicy>(sla => sla.Validate()));
        services.AddOptions<SchedulerOptions>().Bind(configuration.GetSection(SchedulerOptions.Section));
        services.AddOptions<RefundLimits>().Bind(configuration.GetSection(RefundLimits.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RefundLimits>>(new OptionsProblems<RefundLimits>(limits => limits.Validate()));
        services.AddOptions<Data.Risk.RiskRules>().Bind(configuration.GetSection(Data.Risk.RiskRules.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Data.Risk.RiskRules>>(new OptionsProblems<Data.Risk.RiskRules>(rules => rules.Validate()));
        services.AddOptions<SimulatedGatewayOptions>().Bind(configuration.GetSection(SimulatedGatewayOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SimulatedGatewayOptions>, SimulatedGatewayOptionsValidation>();
        services.AddOptions<ComplaintRules>().Bind(configuration.GetSection(ComplaintRules.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ComplaintRules>>(new OptionsProblems<ComplaintRules>(complaintRules => complaintRules.Validate()));
        services.AddOptions<FeedbackOptions>().Bind(configuration.GetSection(FeedbackOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FeedbackOptions>>(new OptionsProblems<FeedbackOptions>(feedback => feedback.Validate()));
        services.AddOptions<DashboardOptions>().Bind(configuration.GetSection(DashboardOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DashboardOptions>>(new OptionsProblems<DashboardOptions>(dashboard => dashboard.Validate()));
        services.AddOptions<ReportOptions>().Bind(configuration.GetSection(ReportOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReportOptions>>(new OptionsProblems<ReportOptions>(reports => reports.Validate()));
        services.AddSingleton<AppPaths>();
        services.AddSingleton(TimeProvider.System);

        // The database (decision 0020): SQLite's file lives under Storage; a server database is named by its connection string.
        var database = DatabaseProviders.Parse(configuration["Database:Provider"]);
        services.AddSingleton(new DatabaseSettings(database));
        services.AddAfterSalesData(
            database,
            sp => database == DatabaseProvider.Sqlite
                ? sp.GetRequiredService<AppPaths>().ConnectionString
                : configuration.GetConnectionString(DatabaseSettings.ConnectionStringName) is { Length: > 0 } connectionString ? connectionString
                : throw new InvalidOperationException(
                    $"Database:Provider is {database}, but ConnectionStrings:{DatabaseSettings.ConnectionStringName} is empty; set it (README, Configuration)."),
            sp => sp.GetRequiredService<AppPaths>().BusyWait);
        // Text fields bind as you type, so each keystroke sends the field's whole text over the circuit. SignalR's default
        // of 32 KB cut the circuit off at ~10,000 Chinese characters (an article allows 20,000), and a text pasted past a
        // field's limit never reached the service, which then answered "write a message first" instead of naming the
        // limit. 512 KB carries 100,000 characters of any script; the services refuse what is over each field's limit.
        services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(hub => hub.MaximumReceiveMessageSize = 512 * 1024);
        services.AddMudServices(mud =>
        {
            mud.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight;
            mud.SnackbarConfiguration.PreventDuplicates = false;
            mud.SnackbarConfiguration.VisibleStateDuration = 6000;
        });
        services.AddLocalization();
        services.Configure<Microsoft.AspNetCore.Builder.RequestLocalizationOptions>(AppCultures.Configure);
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.AddBadRequestProblems();
        services.AddAntiforgery(options => options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.AddPersistentDataProtection();
        services.AddAfterSalesIdentity();

        services.AddHttpContextAccessor();
        services.AddScoped<AuditActors>();
        services.AddScoped<UserClock>();
        services.AddScoped<Appearance>();
        services.AddScoped<AuditWriter>();
        services.AddScoped<AccountService>();
        services.AddScoped<SessionStore>();
        services.AddScoped<HomeService>();
        services.AddScoped<AdminUserService>();
        services.AddScoped<Features.Integration.ApiClientService>();
        services.AddAfterSalesApi(configuration);
        services.AddAfterSalesWebhooks(configuration);
        services.AddScoped<AuditService>();
        services.AddScoped<OrderService>();
        services.AddScoped<CaseService>();
        services.AddSingleton<AttachmentStore>();
        services.AddSingleton<DeadlineScheduler>();
        services.AddSingleton<CaseFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<CaseFeed>());
        services.AddScoped<CaseQueueService>();
        services.AddScoped<AssignmentService>();
        services.AddHostedService<DeadlineSchedulerService>();
        services.AddScoped<RefundService>();
        services.AddScoped<Features.Risk.RiskService>();
        services.AddScoped<PaidRefundService>();
        services.AddSingleton<RefundWorker>();
        services.AddHostedService<RefundWorkerService>();
        services.AddScoped<ComplaintService>();
        services.AddScoped<ComplaintListService>();
        services.AddScoped<FeedbackService>();
        services.AddSingleton<ComplaintDeadlines>();
        services.AddHostedService<ComplaintDeadlineService>();
        services.AddScoped<DashboardService>();
        services.AddSingleton<DashboardRollups>();
        services.AddHostedService<DashboardRollupService>();
        services.AddHostedService<Features.Risk.RiskBackfillService>();
        services.AddProductQuality(configuration);
        services.AddScoped<MacroService>();
        services.AddScoped<ArticleService>();
        services.AddScoped<ReportService>();
        services.AddSingleton<ReportRuns>();
        services.AddScoped<DatabaseInitializer>();
        services.AddSingleton<SimulatedPaymentGateway>();
        services.AddSingleton<IPaymentGateway>(sp => sp.GetRequiredService<SimulatedPaymentGateway>());
        return services;
    }

    /// <summary>
    /// Keys live in the data directory, so that cookies and antiforgery tokens survive a restart
    /// (a fresh key per start would log everybody out).
    /// </summary>
    private static void AddPersistentDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("AfterSalesDesk");
        services.AddOptions<KeyManagementOptions>().Configure<AppPaths, ILoggerFactory>((options, paths, loggers) =>
            options.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(paths.KeysDirectory), loggers));
    }

    private static void AddAfterSalesIdentity(this IServiceCollection services)
    {
        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.AddAuthorization(Policies.Add);

        services.AddIdentityCore<AppUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false; // accounts are created by an administrator
                options.Password.RequiredLength = 10;
                options.Password.RequireDigit = true;
                options.Password.RequireLowercase = true;
                options.Password.RequireUppercase = true;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 5;
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager<AppSignInManager>()
            .AddClaimsPrincipalFactory<AppClaimsPrincipalFactory>()
            .AddErrorDescriber<LocalizedIdentityErrors>()
            .AddDefaultTokenProviders();

        services.AddOptions<IdentityOptions>().Configure<IOptions<LockoutSettings>>((options, lockout) =>
        {
            options.Lockout.MaxFailedAccessAttempts = lockout.Value.MaxFailedAttempts;
            options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(lockout.Value.LockoutMinutes);
        });

        services.AddOptions<SecurityStampValidatorOptions>().Configure<IOptions<SessionSettings>, TimeProvider>((options, session, time) =>
        {
            options.ValidationInterval = TimeSpan.FromSeconds(session.Value.RevalidationSeconds);
            options.TimeProvider = time;
            // Re-validation rebuilds the principal from the database; keep the original absolute expiry ...
            options.OnRefreshingPrincipal = context =>
            {
                // ... and the same server-side session.
                foreach (var type in new[] { SessionClaims.ExpiresAt, SessionClaims.SessionId })
                {
                    var claim = context.CurrentPrincipal?.FindFirst(type);
                    if (claim is not null && context.NewPrincipal?.Identity is System.Security.Claims.ClaimsIdentity identity)
                    {
                        identity.AddClaim(new System.Security.Claims.Claim(claim.Type, claim.Value, claim.ValueType));
                    }
                }

                return Task.CompletedTask;
            };
        });

        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "AfterSalesDesk.Session";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // Secure whenever served over HTTPS
            options.LoginPath = "/Account/Login";
            options.AccessDeniedPath = "/Account/AccessDenied";
            options.SlidingExpiration = true;
            options.Events.OnValidatePrincipal = ValidateSessionAsync;
            options.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = async context =>
            {
                await AddressDenials.RecordAsync(context.HttpContext);
                await RedirectOrStatus(context, StatusCodes.Status403Forbidden);
            };
        });
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IOptions<SessionSettings>, TimeProvider>((options, session, time) =>
            {
                options.ExpireTimeSpan = TimeSpan.FromMinutes(session.Value.IdleMinutes);
                options.TimeProvider = time;
            });
    }

    /// <summary>
    /// Honours a cookie only while its server-side session is live (not logged out, not ended by a password
    /// change or by disabling the user, not idle or past its absolute lifetime), then lets Identity check the
    /// security stamp. Each request is the person's activity.
    /// </summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var now = context.Options.TimeProvider?.GetUtcNow() ?? DateTimeOffset.UtcNow;
        var sessions = context.HttpContext.RequestServices.GetRequiredService<SessionStore>();
        if (context.Principal is null || SessionClaims.HasExpired(context.Principal, now)
            || !await sessions.IsLiveAsync(context.Principal, activity: true, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }

        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }

    /// <summary>Pages redirect to login; endpoints called by scripts, and file downloads, get a plain status code.</summary>
    private static Task RedirectOrStatus(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/session") || context.Request.Path.StartsWithSegments("/api")
            || context.Request.Path.StartsWithSegments("/reports/export"))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }

    public static WebApplication UseAfterSalesWeb(this WebApplication app)
    {
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
        }

        app.UseBadRequestProblems();

        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAfterSalesApi();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapRazorComponents<Components.App>()
            .AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null); // SecurityHeaders sends the whole policy
        app.MapAccountEndpoints();
        app.MapCaseEndpoints();
        app.MapComplaintEndpoints();
        app.MapReportEndpoints();
        app.MapAfterSalesApi();
        app.MapHealthChecks("/health").AllowAnonymous();
        return app;
    }
}
