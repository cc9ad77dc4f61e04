using System.Globalization;
using System.Security.Claims;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Complaints;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Orders;
using AfterSalesDesk.Data.Providers.SqlServer;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web;
using AfterSalesDesk.Web.Components.Account;
using AfterSalesDesk.Web.Features.Admin;
using AfterSalesDesk.Web.Features.Audit;
using AfterSalesDesk.Web.Features.Complaints;
using AfterSalesDesk.Web.Features.Dashboard;
using AfterSalesDesk.Web.Features.Feedback;
using AfterSalesDesk.Web.Features.Home;
using AfterSalesDesk.Web.Features.Knowledge;
using AfterSalesDesk.Web.Features.Orders;
using AfterSalesDesk.Web.Features.Queues;
using AfterSalesDesk.Web.Features.Refunds;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Xunit.Abstractions;

namespace AfterSalesDesk.Tests.Data;

/// <summary>
/// The queries the services send, as SQL Server would get them: the real service methods run on SQL Server contexts
/// over a connection that reaches no server (<see cref="RecordingSqlServer"/>), and every command they send must
/// translate (EF throws when a query does not) and parse with Microsoft's T-SQL parser. The rows they get back are
/// dummies, so this says nothing about results: that needs a SQL Server, which cannot run here.
/// </summary>
public sealed class SqlServerQueryTests(ITestOutputHelper output)
{
    private static readonly DateOnly Day = new(2026, 11, 30);
    private static readonly ClaimsPrincipal Admin = User(Roles.Admin);
    private static readonly ClaimsPrincipal Manager = User(Roles.Manager);
    private static readonly ClaimsPrincipal Supervisor = User(Roles.Supervisor);
    private static readonly ClaimsPrincipal Agent = User(Roles.Agent);
    private static readonly ClaimsPrincipal Merchant = User(Roles.Merchant, merchantId: 7);

    private static readonly Dictionary<string, Func<IServiceProvider, Task>> Reads = new()
    {
        ["queue counts, staff"] = sp => Service<CaseQueueService>(sp).CountsAsync(Supervisor),
        ["queue counts, merchant"] = sp => Service<CaseQueueService>(sp).CountsAsync(Merchant),
        ["queue stores"] = sp => Service<CaseQueueService>(sp).MerchantsAsync(Supervisor),
        ["queue page, every filter, due soonest after a cursor"] = sp => Service<CaseQueueService>(sp).PageAsync(Supervisor, new QueueQuery
        {
            Queue = Queue.Mine, Sort = QueueSort.DueSoonest, Kind = CaseKind.Repair, Status = CaseStatus.Escalated, MerchantId = 3,
            Priority = CasePriority.Urgent, AssigneeId = "a-1", CreatedFrom = Day.AddDays(-7), CreatedTo = Day, FinishedFrom = Day.AddDays(-7),
            FinishedTo = Day, FinishedAs = CaseStatus.Resolved, FirstResponseFrom = Day.AddDays(-7), FirstResponseTo = Day, ProductId = 5,
            After = new QueueCursor(638_000_000_000_000_000, 42),
        }),
        ["queue page, text search, previous page"] = sp => Service<CaseQueueService>(sp).PageAsync(Supervisor, new QueueQuery
        {
            Queue = Queue.Unassigned, Sort = QueueSort.CreatedOldest, Text = "as-2026", Before = new QueueCursor(638_000_000_000_000_000, 42),
        }),
        ["queue page, merchant, at risk, last page"] = sp => Service<CaseQueueService>(sp).PageAsync(Merchant, new QueueQuery { Queue = Queue.AtRisk, Last = true }),
        ["orders by number"] = sp => Service<OrderService>(sp).SearchAsync(Manager, new OrderQuery("O2026", PlacedFrom: Day.AddDays(-30), PlacedTo: Day, MerchantId: 3)),
        ["orders by buyer code, merchant"] = sp => Service<OrderService>(sp).SearchAsync(Merchant, new OrderQuery("C0001", Status: OrderStatus.Paid) { After = new KeysetCursor(DateTimeOffset.UnixEpoch, 9) }),
        ["order details"] = sp => Service<OrderService>(sp).GetAsync(Manager, 1),
        ["audit search"] = sp => Service<AuditService>(sp).ListAsync(Admin, new AuditQuery(
            "admin", "Refund", "12", "refund.", AuditOutcome.Denied, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1)) { Before = new KeysetCursor(DateTimeOffset.UnixEpoch, 25) }),
        ["audit entity types"] = sp => Service<AuditService>(sp).EntityTypesAsync(Admin),
        ["admin users"] = sp => Service<AdminUserService>(sp).ListAsync(Admin, new UserQuery("ann", Roles.Agent, nameof(UserRow.CreatedAt), Descending: true, Skip: 20)),
        ["paid refunds, store, after a cursor"] = sp => Service<PaidRefundService>(sp).PageAsync(Manager, new PaidRefundQuery
        {
            From = Day.AddDays(-30), To = Day, MerchantId = 3, Kind = CaseKind.RefundOnly, Reason = "Quality problem",
            After = new KeysetCursor(DateTimeOffset.UnixEpoch, 9),
        }),
        ["paid refunds, merchant, last page"] = sp => Service<PaidRefundService>(sp).PageAsync(Merchant, new PaidRefundQuery { From = Day.AddDays(-30), To = Day, Last = true }),
        ["refund approval queue"] = sp => Service<RefundService>(sp).ApprovalQueueAsync(Supervisor),
        ["refunds of a case"] = sp => Service<RefundService>(sp).ForCaseAsync(Supervisor, 1),
        ["dashboard, all stores"] = sp => Service<DashboardService>(sp).LoadAsync(Manager, new DashboardQuery(Day.AddDays(-30), Day)),
        ["dashboard, merchant"] = sp => Service<DashboardService>(sp).LoadAsync(Merchant, new DashboardQuery(Day.AddDays(-30), Day)),
        ["product quality, all stores"] = sp => Service<Web.Features.Quality.ProductQualityService>(sp).LoadAsync(Manager, new DashboardQuery(Day.AddDays(-30), Day)),
        ["product quality, merchant"] = sp => Service<Web.Features.Quality.ProductQualityService>(sp).LoadAsync(Merchant, new DashboardQuery(Day.AddDays(-30), Day, 3)),
        ["queue product name, merchant"] = sp => Service<CaseQueueService>(sp).ProductNameAsync(Merchant, 5),
        ["home"] = sp => Service<HomeService>(sp).GetAsync(Agent),
        ["complaints"] = sp => Service<ComplaintListService>(sp).PageAsync(Supervisor, new ComplaintListQuery(ComplaintStatus.Open, Day.AddDays(-30), Day, 3)),
        ["complaints, after a cursor"] = sp => Service<ComplaintListService>(sp).PageAsync(Supervisor, new ComplaintListQuery(MerchantId: 3)
        {
            After = new KeysetCursor(DateTimeOffset.UnixEpoch, 9),
        }),
        ["complaints, merchant, last page"] = sp => Service<ComplaintListService>(sp).PageAsync(Merchant, new ComplaintListQuery { Last = true }),
        ["complaint count"] = sp => Service<ComplaintListService>(sp).CountAsync(Merchant, new ComplaintListQuery()),
        ["penalty ranking"] = sp => Service<ComplaintListService>(sp).RankingAsync(Manager, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(30)),
        ["ratings summary"] = sp => Service<FeedbackService>(sp).SummaryAsync(Manager, new RatingQuery { From = Day.AddDays(-30), To = Day, Kind = CaseKind.Exchange, Stars = 2 }),
        ["recent ratings, merchant"] = sp => Service<FeedbackService>(sp).RecentAsync(Merchant, new RatingQuery()),
        ["follow-ups"] = sp => Service<FeedbackService>(sp).FollowUpsAsync(Supervisor, openOnly: true),
        ["articles search"] = sp => Service<ArticleService>(sp).SearchAsync(Agent, new ArticleQuery("refund_%", Skip: 20)),
        ["macros search"] = sp => Service<MacroService>(sp).ListAsync(Agent, new MacroQuery("thanks", IncludeInactive: true)),
    };

    /// <summary>Saves, each with the table it must write: on a table with triggers EF may not use OUTPUT without INTO.</summary>
    private static readonly Dictionary<string, (string Table, Func<IServiceProvider, Task<Result>> Run)> Writes = new()
    {
        ["a refused read, audited"] = ("AuditEntries", async sp =>
            await Service<AuditService>(sp).ListAsync(Agent, new AuditQuery()) is null ? Result.Ok : Result.Invalid("the agent was let in")),
        ["a new macro"] = ("Macros", sp => Service<MacroService>(sp).CreateAsync(Supervisor, new MacroInput { Title = "Thanks", Body = "Thank you for your patience." })),
        ["a message on a case"] = ("AfterSalesCases", sp => Service<Web.Features.Cases.CaseService>(sp).AddMessageAsync(Agent, 1, MessageVisibility.Internal, "Called the buyer.")),
    };

    public static TheoryData<string> ReadNames => [.. Reads.Keys];

    public static TheoryData<string> WriteNames => [.. Writes.Keys];

    [Theory]
    [MemberData(nameof(ReadNames))]
    public async Task ServiceRead_TranslatesForSqlServer_AndEveryCommandParses(string read)
    {
        using var folder = new TempDirectory();
        var recorder = new RecordingSqlServer();
        await using var provider = Services(folder, recorder);
        await using var scope = provider.CreateAsyncScope();

        await Reads[read](scope.ServiceProvider);

        var commands = recorder.Commands;
        output.WriteLine($"{read}: {commands.Count} command(s)\n\n{string.Join("\n\n", commands)}");
        Assert.NotEmpty(commands);
        var problems = commands.SelectMany((sql, i) => TSqlScripts.Problems(sql).Select(p => $"command {i + 1}: {p}\n{sql}")).ToList();
        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
        Assert.DoesNotContain(commands, c => c.Contains("INSERT", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [MemberData(nameof(WriteNames))]
    public async Task ServiceWrite_ParsesForSqlServer_AndReadsNothingBackWithOutputFromATableWithTriggers(string write)
    {
        using var folder = new TempDirectory();
        var recorder = new RecordingSqlServer();
        await using var provider = Services(folder, recorder);
        await using var scope = provider.CreateAsyncScope();
        var (table, run) = Writes[write];

        var result = await run(scope.ServiceProvider);

        var commands = recorder.Commands;
        output.WriteLine($"{write}: {result}, {commands.Count} command(s)\n\n{string.Join("\n\n", commands)}");
        Assert.True(result.Succeeded, result.Error);
        var problems = commands.SelectMany((sql, i) => TSqlScripts.Problems(sql).Select(p => $"command {i + 1}: {p}\n{sql}")).ToList();
        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
        var statements = commands.SelectMany(TSqlScripts.Statements).ToList();
        Assert.Contains(statements, s => Target(s) == table);
        var triggered = SqlServerSql.Triggers.Select(t => t.Table).ToHashSet();
        Assert.DoesNotContain(statements, s => Target(s) is { } target && triggered.Contains(target) && HasOutputWithoutInto(s));
    }

    /// <summary>
    /// A text search narrows the queue to at most <see cref="CaseQueueService.TextCandidates"/> ids, sent as one
    /// parameter each; SQL Server refuses a command of more than 2,100 parameters.
    /// </summary>
    [Fact]
    public void QueueTextSearch_WithTheMostCandidates_StaysUnderSqlServersParameterLimit()
    {
        var candidates = Enumerable.Range(1, CaseQueueService.TextCandidates).Select(i => (long)i).ToList();
        using var db = new RecordingSqlServer().CreateSqlServerContext();

        var sql = db.Cases.Where(c => candidates.Contains(c.Id) && c.MerchantId == 3).OrderBy(c => c.Id).Take(101).ToQueryString();

        var parameters = sql.Split('\n').Count(line => line.StartsWith("DECLARE @", StringComparison.Ordinal));
        output.WriteLine($"{parameters} parameters");
        Assert.InRange(parameters, 1, 2100);
    }

    private static ServiceProvider Services(TempDirectory folder, RecordingSqlServer recorder)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = folder.Path, EnvironmentName = Environments.Development });
        services.AddAfterSalesWeb(new ConfigurationBuilder().Build());
        services.AddSingleton<IDbContextFactory<AppDbContext>>(recorder);
        return services.BuildServiceProvider();
    }

    private static string? Target(TSqlStatement statement) => statement switch
    {
        InsertStatement insert => TableOf(insert.InsertSpecification.Target),
        UpdateStatement update => TableOf(update.UpdateSpecification.Target),
        DeleteStatement delete => TableOf(delete.DeleteSpecification.Target),
        MergeStatement merge => TableOf(merge.MergeSpecification.Target),
        _ => null,
    };

    private static string? TableOf(TableReference target) => (target as NamedTableReference)?.SchemaObject.BaseIdentifier.Value;

    private static bool HasOutputWithoutInto(TSqlStatement statement) => statement switch
    {
        InsertStatement insert => insert.InsertSpecification.OutputClause is not null,
        UpdateStatement update => update.UpdateSpecification.OutputClause is not null,
        DeleteStatement delete => delete.DeleteSpecification.OutputClause is not null,
        MergeStatement merge => merge.MergeSpecification.OutputClause is not null,
        _ => false,
    };

    private static T Service<T>(IServiceProvider services)
        where T : notnull => services.GetRequiredService<T>();

    private static ClaimsPrincipal User(string role, int? merchantId = null)
    {
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, $"{role.ToLowerInvariant()}-1"), new(ClaimTypes.Name, $"{role}@test.local"), new(ClaimTypes.Role, role) };
        if (merchantId is { } id)
        {
            claims.Add(new Claim(SessionClaims.MerchantId, id.ToString(CultureInfo.InvariantCulture)));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
    }
}
