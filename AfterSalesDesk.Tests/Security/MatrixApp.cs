using System.Globalization;
using System.Security.Claims;
using System.Text.RegularExpressions;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Complaints;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Orders;
using AfterSalesDesk.Data.Providers;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Cases;
using AfterSalesDesk.Web.Features.Complaints;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSalesDesk.Tests.Security;

/// <summary>
/// The app started once for the authorization matrix: demo data, plus for each of two stores (M001 of
/// merchant1, M002 of merchant2) an order with a case carrying an attachment and a complaint carrying
/// evidence, created through the services as an agent would; and one signed-in client per role, logged
/// in through the real login form so that every request carries a real session cookie.
/// </summary>
public partial class MatrixApp : IAsyncLifetime
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3];

    public MatrixApp()
        : this(DatabaseProvider.Sqlite)
    {
    }

    protected MatrixApp(DatabaseProvider provider) => App = new AppFactory(provider: provider);

    public AppFactory App { get; }

    /// <summary>merchant1's store: what merchant1 may see.</summary>
    public StoreData Own { get; private set; } = default!;

    /// <summary>merchant2's store: what merchant1 must never see, and what platform staff do see.</summary>
    public StoreData Other { get; private set; } = default!;

    /// <summary>A published knowledge-base article (not a store's data).</summary>
    public (int Id, string Title) Article { get; private set; }

    /// <summary>An API client (not a store's data): its webhooks page.</summary>
    public (int Id, string Name) ApiClient { get; private set; }

    private readonly Dictionary<Subject, HttpClient> clients = [];

    public HttpClient ClientOf(Subject subject) => clients[subject];

    /// <summary>
    /// The route with its parameters filled from the store's data, and what the response shows when it
    /// is allowed (a record's number or title, or a served file's name).
    /// </summary>
    public (string Path, string? Shows) Fill(string route, StoreData store)
    {
        string? shows = null;
        var path = RouteParameter().Replace(route, match =>
        {
            var name = match.Groups[1].Value;
            var (id, marker) = name.ToLowerInvariant() switch
            {
                "caseid" => (Id(store.CaseId), store.CaseNo),
                "orderid" => (Id(store.OrderId), store.OrderNo),
                "complaintid" => (Id(store.ComplaintId), store.ComplaintNo),
                "attachmentid" => (Id(store.AttachmentId), store.AttachmentName),
                "evidenceid" => (Id(store.EvidenceId), store.EvidenceName),
                "articleid" => (Id(Article.Id), Article.Title),
                "clientid" => (Id(ApiClient.Id), ApiClient.Name),
                // A report's table and the store it is for (in the sample query) name no record to show.
                "table" => ("cases", shows),
                "merchantid" => (Id(store.MerchantId), shows),
                // A list filtered to a product shows its cases, not the product's own page: nothing to look for.
                "productid" => (Id(store.ProductId), shows),
                "code" or "merchant" => (store.MerchantCode, shows),
                "orderno" => (store.OrderNo, shows),
                "buyer" => ("ANY-BUYER", shows),
                "caseno" => (store.CaseNo, shows),
                "sku" => ("ANY-SKU", shows),
                "documentname" => ("v1", shows),
                _ => throw new InvalidOperationException(
                    $"The matrix has no id for the parameter {{{name}}} of {route}: give MatrixApp.Fill a real id from the demo data (or one the fixture creates)."),
            };

            // The last parameter names the record (a case's attachment is the attachment).
            shows = marker;
            return id;
        });
        return (path, shows);
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\{(\w+)(?::[^}]*)?\}")]
    private static partial Regex RouteParameter();

    public IReadOnlyList<RouteEndpoint> Endpoints =>
        App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

    public async Task InitializeAsync()
    {
        var agent = await App.PrincipalAsync("agent1@demo.local", Roles.Agent);
        Own = await StoreAsync("M001", agent, notBuyerOf: null);
        Other = await StoreAsync("M002", agent, notBuyerOf: "M001");

        await using (var db = App.CreateDbContext())
        {
            var article = await db.Articles.Where(a => a.IsPublished).OrderBy(a => a.Id).Select(a => new { a.Id, a.Title }).FirstAsync();
            Article = (article.Id, article.Title);
        }

        var (clientId, _) = await App.CreateApiClientAsync(AfterSalesDesk.Data.Integration.ApiClientKind.Storefront, name: "Matrix storefront");
        ApiClient = (clientId, "Matrix storefront");

        foreach (var subject in Subjects.All)
        {
            clients[subject] = await SignedInClientAsync(subject);
        }
    }

    /// <summary>A new session of the subject (none for anonymous), for requests that may end it.</summary>
    /// <summary>True when the audit trail holds this subject's refused attempt to open this address.</summary>
    public async Task<bool> DenialRecordedAsync(Subject subject, string path)
    {
        await using var db = App.CreateDbContext();
        return await db.AuditEntries.AnyAsync(e => e.Action == Web.Infrastructure.AddressDenials.Action && e.Outcome == AfterSalesDesk.Data.Audit.AuditOutcome.Denied
            && e.UserName == subject.Email() && e.EntityId == path);
    }

    public async Task<HttpClient> SignedInClientAsync(Subject subject)
    {
        var client = App.CreateBrowserLikeClient();
        if (subject.Email() is { } email)
        {
            await client.LoginAsync(email);
        }

        return client;
    }

    public Task DisposeAsync()
    {
        foreach (var client in clients.Values)
        {
            client.Dispose();
        }

        App.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>
    /// A delivered order of the store with a fresh case (a repair, whose window is a year, so any demo
    /// delivery qualifies), an attachment on it, a complaint on the order and evidence on that.
    /// </summary>
    /// <param name="notBuyerOf">Pick an order whose buyer's name is not (part of) the name of any buyer of
    /// that store, so the name identifies this store's data only and may be searched for in the other
    /// merchant's pages.</param>
    private async Task<StoreData> StoreAsync(string merchantCode, ClaimsPrincipal agent, string? notBuyerOf)
    {
        Order order;
        string merchantName, buyerName, buyerCode;
        int merchantId;
        string productName;
        await using (var db = App.CreateDbContext())
        {
            var merchant = await db.Merchants.SingleAsync(m => m.Code == merchantCode);
            var theirBuyers = notBuyerOf is null
                ? []
                : await db.Orders.Where(o => o.Merchant!.Code == notBuyerOf).Select(o => o.Customer!.Name).Distinct().ToListAsync();
            var candidates = await db.Orders.Include(o => o.Lines).Include(o => o.Customer)
                .Where(o => o.MerchantId == merchant.Id && o.Status == OrderStatus.Delivered && !db.Cases.Any(c => c.OrderId == o.Id))
                .OrderByDescending(o => o.Id).ToListAsync();
            order = candidates.First(o => !theirBuyers.Any(name => name.Contains(o.Customer!.Name, StringComparison.Ordinal)));
            var buyer = order.Customer!;
            (merchantName, buyerName, buyerCode, merchantId) = (merchant.Name, buyer.Name, buyer.Code, merchant.Id);
            productName = await db.Products.Where(p => p.Id == order.Lines[0].ProductId).Select(p => p.Name).SingleAsync();
        }

        var cases = App.Get<CaseService>();
        var opened = await cases.OpenAsync(agent, new OpenCaseInput
        {
            OrderId = order.Id, Kind = CaseKind.Repair, Reason = "Quality problem", Stage = ProblemStage.AfterDelivery,
            Description = $"Authorization matrix probe for {merchantCode}",
            Lines = [new RequestedLine { OrderLineId = order.Lines[0].Id, Quantity = 1 }],
        });
        Assert.True(opened.Result.Succeeded, opened.Result.Error);
        var caseId = opened.CaseId!.Value;
        var attachmentName = $"{merchantCode}-matrix-photo.png";
        var attached = await cases.AddAttachmentAsync(agent, caseId, attachmentName, new MemoryStream(Png));
        Assert.True(attached.Succeeded, attached.Error);
        var details = (await cases.GetAsync(agent, caseId))!;

        var complaints = App.Get<ComplaintService>();
        var complaint = await complaints.OpenAsync(agent, new OpenComplaintInput
        {
            OrderNo = order.OrderNo, Category = ComplaintCategory.ServiceAttitude, Summary = $"Authorization matrix complaint for {merchantCode}",
        });
        Assert.True(complaint.Result.Succeeded, complaint.Result.Error);
        var complaintId = complaint.ComplaintId!.Value;
        var evidenceName = $"{merchantCode}-matrix-evidence.png";
        var version = (await complaints.GetAsync(agent, complaintId))!.Version;
        var evidence = await complaints.AddEvidenceAsync(agent, complaintId, ComplaintParty.Buyer, evidenceName, new MemoryStream(Png), version);
        Assert.True(evidence.Succeeded, evidence.Error);
        var complaintDetails = (await complaints.GetAsync(agent, complaintId))!;

        return new StoreData(
            merchantCode, merchantName, order.Id, order.OrderNo, buyerName, buyerCode,
            caseId, details.CaseNo, details.Attachments.Single().Id, attachmentName,
            complaintId, complaintDetails.ComplaintNo, complaintDetails.Evidence.Single().Id, evidenceName, Png, merchantId,
            order.Lines[0].ProductId, productName);
    }
}

/// <summary>One store's data as the matrix uses it: ids for route parameters and the strings that identify it.</summary>
public sealed record StoreData(
    string MerchantCode, string MerchantName, long OrderId, string OrderNo, string BuyerName, string BuyerCode,
    long CaseId, string CaseNo, long AttachmentId, string AttachmentName,
    long ComplaintId, string ComplaintNo, long EvidenceId, string EvidenceName, byte[] FileContent, int MerchantId, int ProductId, string ProductName)
{
    /// <summary>What must never appear in a response to another store's merchant, nor in any denied response.</summary>
    public IReadOnlyList<string> IdentifyingStrings =>
        [MerchantName, OrderNo, BuyerName, BuyerCode, CaseNo, ComplaintNo, AttachmentName, EvidenceName, $"probe for {MerchantCode}", $"complaint for {MerchantCode}",
            ProductName];
}

/// <summary>The same app on the tests' PostgreSQL server.</summary>
public sealed class PostgreSqlMatrixApp() : MatrixApp(DatabaseProvider.PostgreSql);
