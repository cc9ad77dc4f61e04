using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Integration;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Integration;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSalesDesk.Tests.Integration;

/// <summary>
/// API clients and their secrets against real SQLite (issue 18): the secret is handed out once and kept only as its
/// hash, scopes and the merchant follow the kind, rotation overlaps, revoke ends everything, a stale version is a
/// conflict, and only administrators may do any of it (every refusal audited).
/// </summary>
public partial class ApiClientServiceTests : IDisposable
{
    private readonly AppFactory app = new();

    public void Dispose() => app.Dispose();

    private ApiClientService Service => app.Get<ApiClientService>();

    [Fact]
    public async Task Create_WhenValid_ReturnsTheSecretOnce_KeepsOnlyItsHash_AndNeverAuditsIt()
    {
        var admin = await AdminAsync();

        var issued = await Service.CreateAsync(admin, OrderSystem("Order system of the platform"));

        Assert.True(issued.Result.Succeeded, issued.Result.Error);
        var token = issued.Secret!;
        Assert.Matches(TokenShape(), token);
        var keyId = token.Substring(4, 16);
        await using var db = app.CreateDbContext();
        var client = await db.ApiClients.Include(c => c.Secrets).SingleAsync(c => c.Id == issued.ClientId);
        var secret = Assert.Single(client.Secrets);
        Assert.Equal(keyId, secret.KeyId);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))), secret.Hash);
        Assert.Null(secret.ExpiresAt);
        Assert.Equal("admin@demo.local", client.CreatedBy);
        Assert.Equal(ApiScopes.AllowedFor(ApiClientKind.OrderSystem), client.ScopeList);

        // The trail says a client and a secret were created, with the hash masked; the secret is in no entry.
        var entries = await db.AuditEntries.Where(e => e.Action == "api-client.create").ToListAsync();
        Assert.Contains(entries, e => e.EntityType == nameof(ApiClient) && e.Outcome == AuditOutcome.Succeeded && e.UserName == "admin@demo.local");
        var secretEntry = Assert.Single(entries, e => e.EntityType == nameof(ApiClientSecret));
        Assert.Contains("\"Hash\":{\"Before\":null,\"After\":\"***\"}", secretEntry.Changes);
        var secretPart = token[(4 + 16 + 1)..];
        Assert.DoesNotContain(await db.AuditEntries.ToListAsync(), e =>
            (e.Changes ?? "").Contains(secretPart, StringComparison.Ordinal) || (e.Detail ?? "").Contains(secretPart, StringComparison.Ordinal)
            || (e.Changes ?? "").Contains(secret.Hash, StringComparison.Ordinal));

        // Nor is it anywhere in the database's files (the main file and its write-ahead log).
        Assert.False(await DatabaseFilesContainAsync(secretPart), "the secret was written to the database");
        Assert.True(await ValidAsync(token));
    }

    [Fact]
    public async Task List_ShowsTheClientWithItsLiveSecret_RevokedOnesLast()
    {
        var admin = await AdminAsync();
        var revoked = await Service.CreateAsync(admin, OrderSystem("A first client"));
        var live = await Service.CreateAsync(admin, OrderSystem("B second client"));
        var before = await RowAsync(admin, revoked.ClientId!.Value);
        Assert.True((await Service.RevokeAsync(admin, before.Id, before.Version)).Result.Succeeded);

        var rows = (await Service.ListAsync(admin))!;

        Assert.Equal([live.ClientId!.Value, revoked.ClientId!.Value], rows.Select(r => r.Id));
        var row = rows[0];
        Assert.Equal(("B second client", ApiClientKind.OrderSystem, "admin@demo.local", (string?)null), (row.Name, row.Kind, row.CreatedBy, row.RevokedBy));
        Assert.Equal(live.Secret!.Substring(4, 16), Assert.Single(row.LiveSecrets).KeyId);
        Assert.Equal(("admin@demo.local", app.Clock.GetUtcNow()), (rows[1].RevokedBy, rows[1].RevokedAt!.Value));
        Assert.Empty(rows[1].LiveSecrets);
    }

    [Theory]
    [InlineData(ApiClientKind.Storefront, ApiScopes.OrdersWrite)]
    [InlineData(ApiClientKind.MerchantSystem, ApiScopes.MerchantsWrite)]
    [InlineData(ApiClientKind.OrderSystem, ApiScopes.BuyerCases)]
    public async Task Create_WhenAScopeIsNotAllowedForTheKind_IsRefusedNamingIt(ApiClientKind kind, string scope)
    {
        var admin = await AdminAsync();
        var input = new NewApiClient
        {
            Name = "Too wide", Kind = kind, Scopes = [ApiScopes.OrdersRead, scope],
            MerchantId = kind == ApiClientKind.MerchantSystem ? await MerchantIdAsync("M001") : null,
        };

        var issued = await Service.CreateAsync(admin, input);

        Assert.Equal(ResultStatus.Invalid, issued.Result.Status);
        Assert.Equal($"A {kind} client cannot have {scope}; it may have {string.Join(", ", ApiScopes.AllowedFor(kind))}.", issued.Result.Error);
        Assert.Null(issued.Secret);
        await AssertNoClientAsync("Too wide");
    }

    [Fact]
    public async Task Create_WithoutAScope_IsRefused()
    {
        var input = OrderSystem("No scopes");
        input.Scopes = [];

        var issued = await Service.CreateAsync(await AdminAsync(), input);

        Assert.Equal(("Choose at least one scope.", (string?)null), (issued.Result.Error, issued.Secret));
        await AssertNoClientAsync("No scopes");
    }

    [Fact]
    public async Task Create_MerchantSystem_NeedsAMerchant_AndIsBoundToIt()
    {
        var admin = await AdminAsync();
        var input = new NewApiClient { Name = "Store M002's ERP", Kind = ApiClientKind.MerchantSystem, Scopes = ApiScopes.AllowedFor(ApiClientKind.MerchantSystem).ToList() };

        var refused = await Service.CreateAsync(admin, input);

        Assert.Equal(ResultStatus.Invalid, refused.Result.Status);
        Assert.Equal("A merchant system's client belongs to one store: choose the merchant.", refused.Result.Error);
        await AssertNoClientAsync("Store M002's ERP");

        input.MerchantId = await MerchantIdAsync("M002");
        var created = await Service.CreateAsync(admin, input);

        Assert.True(created.Result.Succeeded, created.Result.Error);
        var row = await RowAsync(admin, created.ClientId!.Value);
        Assert.Equal(input.MerchantId, row.MerchantId);
        Assert.StartsWith("M002 · ", row.Merchant);
    }

    [Theory]
    [InlineData(ApiClientKind.OrderSystem)]
    [InlineData(ApiClientKind.Storefront)]
    public async Task Create_OtherKinds_WithAMerchant_AreRefused(ApiClientKind kind)
    {
        var input = new NewApiClient { Name = "Bound by mistake", Kind = kind, Scopes = [ApiScopes.OrdersRead], MerchantId = await MerchantIdAsync("M001") };

        var issued = await Service.CreateAsync(await AdminAsync(), input);

        Assert.Equal(ResultStatus.Invalid, issued.Result.Status);
        Assert.Equal("Only a merchant system's client is bound to a store.", issued.Result.Error);
        await AssertNoClientAsync("Bound by mistake");
    }

    [Fact]
    public async Task Create_WithAMerchantThatDoesNotExist_IsRefused()
    {
        var input = new NewApiClient { Name = "Nobody's ERP", Kind = ApiClientKind.MerchantSystem, Scopes = [ApiScopes.OrdersRead], MerchantId = 999_999 };

        var issued = await Service.CreateAsync(await AdminAsync(), input);

        Assert.Equal((ResultStatus.Invalid, "The chosen merchant does not exist."), (issued.Result.Status, issued.Result.Error));
        await AssertNoClientAsync("Nobody's ERP");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Create_WithoutAName_IsRefused(string name)
    {
        var issued = await Service.CreateAsync(await AdminAsync(), OrderSystem(name));

        Assert.Equal($"Give the client a name of 1 to {ApiClient.NameLength} characters.", issued.Result.Error);
    }

    [Fact]
    public async Task Rotate_KeepsTheOldSecretUntilTheOverlapEnds_AndTheNewOneWorksAtOnce()
    {
        var admin = await AdminAsync();
        var created = await Service.CreateAsync(admin, OrderSystem("Rotating"));
        var row = await RowAsync(admin, created.ClientId!.Value);
        var rotatedAt = app.Clock.GetUtcNow();

        var rotated = await Service.RotateAsync(admin, row.Id, TimeSpan.FromHours(24), row.Version);

        Assert.True(rotated.Result.Succeeded, rotated.Result.Error);
        Assert.Matches(TokenShape(), rotated.Secret!);
        Assert.NotEqual(created.Secret, rotated.Secret);
        Assert.True(await ValidAsync(created.Secret!));
        Assert.True(await ValidAsync(rotated.Secret!));
        var after = await RowAsync(admin, row.Id);
        Assert.NotEqual(row.Version, after.Version);
        Assert.Equal(
            [(created.Secret!.Substring(4, 16), (DateTimeOffset?)rotatedAt.AddHours(24)), (rotated.Secret!.Substring(4, 16), null)],
            after.LiveSecrets.Select(s => (s.KeyId, s.ExpiresAt)));

        app.Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        Assert.True(await ValidAsync(created.Secret!));

        app.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await ValidAsync(created.Secret!));
        Assert.True(await ValidAsync(rotated.Secret!));
        Assert.Equal([rotated.Secret!.Substring(4, 16)], (await RowAsync(admin, row.Id)).LiveSecrets.Select(s => s.KeyId));
        await using var db = app.CreateDbContext();
        Assert.Contains(await db.AuditEntries.Where(e => e.Action == "api-client.rotate").ToListAsync(), e => e.EntityType == nameof(ApiClientSecret) && e.Outcome == AuditOutcome.Succeeded);
    }

    [Fact]
    public async Task Rotate_WithoutOverlap_EndsTheOldSecretAtOnce()
    {
        var admin = await AdminAsync();
        var created = await Service.CreateAsync(admin, OrderSystem("Rotating now"));
        var row = await RowAsync(admin, created.ClientId!.Value);

        var rotated = await Service.RotateAsync(admin, row.Id, TimeSpan.Zero, row.Version);

        Assert.True(rotated.Result.Succeeded, rotated.Result.Error);
        Assert.False(await ValidAsync(created.Secret!));
        Assert.True(await ValidAsync(rotated.Secret!));
        Assert.Single((await RowAsync(admin, row.Id)).LiveSecrets);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(721)]
    public async Task Rotate_WithAnOverlapOutside0To720Hours_IsRefused(int hours)
    {
        var admin = await AdminAsync();
        var created = await Service.CreateAsync(admin, OrderSystem("Rotating too long"));
        var row = await RowAsync(admin, created.ClientId!.Value);

        var rotated = await Service.RotateAsync(admin, row.Id, TimeSpan.FromHours(hours), row.Version);

        Assert.Equal((ResultStatus.Invalid, "The old secret may keep working from 0 to 30 days."), (rotated.Result.Status, rotated.Result.Error));
        Assert.Null(rotated.Secret);
        Assert.Equal(row.Version, (await RowAsync(admin, row.Id)).Version);
    }

    [Fact]
    public async Task Revoke_EndsEverySecret_AndRotatingOrRevokingAgainIsRefused()
    {
        var admin = await AdminAsync();
        var created = await Service.CreateAsync(admin, OrderSystem("Revoked one"));
        var row = await RowAsync(admin, created.ClientId!.Value);
        var rotated = await Service.RotateAsync(admin, row.Id, TimeSpan.FromHours(48), row.Version);
        row = await RowAsync(admin, row.Id);
        Assert.Equal(2, row.LiveSecrets.Count);

        var revoked = await Service.RevokeAsync(admin, row.Id, row.Version);

        Assert.True(revoked.Result.Succeeded, revoked.Result.Error);
        Assert.Null(revoked.Secret);
        Assert.False(await ValidAsync(created.Secret!));
        Assert.False(await ValidAsync(rotated.Secret!));
        row = await RowAsync(admin, row.Id);
        Assert.Empty(row.LiveSecrets);
        Assert.Equal("admin@demo.local", row.RevokedBy);

        var again = await Service.RevokeAsync(admin, row.Id, row.Version);
        var rotateAgain = await Service.RotateAsync(admin, row.Id, TimeSpan.FromHours(1), row.Version);

        Assert.Equal((ResultStatus.Invalid, "Client Revoked one was revoked; create a new one."), (again.Result.Status, again.Result.Error));
        Assert.Equal((ResultStatus.Invalid, "Client Revoked one was revoked; create a new one."), (rotateAgain.Result.Status, rotateAgain.Result.Error));
        Assert.Null(rotateAgain.Secret);
        Assert.Empty((await RowAsync(admin, row.Id)).LiveSecrets);
        await using var db = app.CreateDbContext();
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.EntityId == row.Id.ToString() && e.Outcome == AuditOutcome.Failed
            && e.Detail == "Client Revoked one was revoked; create a new one."));
    }

    [Fact]
    public async Task Commands_WithAStaleVersion_AreAConflict_AndChangeNothing()
    {
        var admin = await AdminAsync();
        var created = await Service.CreateAsync(admin, OrderSystem("Seen by two"));
        var seen = await RowAsync(admin, created.ClientId!.Value);
        var first = await Service.RotateAsync(admin, seen.Id, TimeSpan.FromHours(1), seen.Version);
        Assert.True(first.Result.Succeeded, first.Result.Error);
        var afterFirst = await RowAsync(admin, seen.Id);

        var rotate = await Service.RotateAsync(admin, seen.Id, TimeSpan.FromHours(1), seen.Version);
        var revoke = await Service.RevokeAsync(admin, seen.Id, seen.Version);

        foreach (var stale in new[] { rotate, revoke })
        {
            Assert.Equal(ResultStatus.Conflict, stale.Result.Status);
            Assert.Equal("Client Seen by two was changed since you loaded it; reload and try again.", stale.Result.Error);
            Assert.Null(stale.Secret);
        }

        var now = await RowAsync(admin, seen.Id);
        Assert.Equal(afterFirst.Version, now.Version);
        Assert.Null(now.RevokedAt);
        Assert.Equal(2, now.LiveSecrets.Count);
        await using var db = app.CreateDbContext();
        Assert.Equal(["api-client.revoke", "api-client.rotate"], (await db.AuditEntries
            .Where(e => e.EntityId == seen.Id.ToString() && e.Outcome == AuditOutcome.Failed && e.Detail == "Client Seen by two was changed since you loaded it; reload and try again.")
            .Select(e => e.Action).ToListAsync()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Commands_OnAClientThatDoesNotExist_AreNotFound()
    {
        var admin = await AdminAsync();

        var rotate = await Service.RotateAsync(admin, 999_999, TimeSpan.FromHours(1), Guid.NewGuid());
        var revoke = await Service.RevokeAsync(admin, 999_999, Guid.NewGuid());

        Assert.Equal((ResultStatus.NotFound, "That API client does not exist."), (rotate.Result.Status, rotate.Result.Error));
        Assert.Equal((ResultStatus.NotFound, "That API client does not exist."), (revoke.Result.Status, revoke.Result.Error));
        await using var db = app.CreateDbContext();
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.EntityId == "999999" && e.Outcome == AuditOutcome.Failed));
    }

    [Theory]
    [InlineData("agent1@demo.local", Roles.Agent)]
    [InlineData("supervisor1@demo.local", Roles.Supervisor)]
    [InlineData("merchant1@demo.local", Roles.Merchant)]
    [InlineData("manager@demo.local", Roles.Manager)]
    public async Task EveryCommand_ByANonAdmin_IsRefused_ChangesNothing_AndIsAuditedAsDenied(string email, string role)
    {
        var admin = await AdminAsync();
        var created = await Service.CreateAsync(admin, OrderSystem("Only for admins"));
        var row = await RowAsync(admin, created.ClientId!.Value);
        var actor = await app.PrincipalAsync(email, role);

        var list = await Service.ListAsync(actor);
        var create = await Service.CreateAsync(actor, OrderSystem("Made by " + role));
        var rotate = await Service.RotateAsync(actor, row.Id, TimeSpan.FromHours(1), row.Version);
        var revoke = await Service.RevokeAsync(actor, row.Id, row.Version);

        Assert.Null(list);
        foreach (var refused in new[] { create, rotate, revoke })
        {
            Assert.Equal((ResultStatus.Forbidden, "Only administrators manage API clients."), (refused.Result.Status, refused.Result.Error));
            Assert.Null(refused.Secret);
        }

        await AssertNoClientAsync("Made by " + role);
        var after = await RowAsync(admin, row.Id);
        Assert.Equal((row.Version, (DateTimeOffset?)null, 1), (after.Version, after.RevokedAt, after.LiveSecrets.Count));
        await using var db = app.CreateDbContext();
        var denied = await db.AuditEntries.Where(e => e.UserName == email && e.EntityType == nameof(ApiClient)).ToListAsync();
        Assert.All(denied, e => Assert.Equal((AuditOutcome.Denied, role, "Only administrators manage API clients."), (e.Outcome, e.Role, e.Detail)));
        Assert.Equal(
            [("api-client.create", (string?)null), ("api-client.list", null), ("api-client.revoke", row.Id.ToString()), ("api-client.rotate", row.Id.ToString())],
            denied.Select(e => (e.Action, e.EntityId)).Order());
    }

    private Task<ClaimsPrincipal> AdminAsync() => app.PrincipalAsync("admin@demo.local", Roles.Admin);

    private static NewApiClient OrderSystem(string name) =>
        new() { Name = name, Kind = ApiClientKind.OrderSystem, Scopes = ApiScopes.AllowedFor(ApiClientKind.OrderSystem).ToList() };

    private async Task<ApiClientRow> RowAsync(ClaimsPrincipal admin, int id) => (await Service.ListAsync(admin))!.Single(r => r.Id == id);

    private async Task<int> MerchantIdAsync(string code)
    {
        await using var db = app.CreateDbContext();
        return await db.Merchants.Where(m => m.Code == code).Select(m => m.Id).SingleAsync();
    }

    private async Task AssertNoClientAsync(string name)
    {
        await using var db = app.CreateDbContext();
        Assert.False(await db.ApiClients.AnyAsync(c => c.Name == name.Trim()));
    }

    /// <summary>Whether a caller presenting this token now would be let in, as the API's authentication decides.</summary>
    private async Task<bool> ValidAsync(string token)
    {
        await using var db = app.CreateDbContext();
        var keyId = ApiClientSecret.KeyIdOf(token);
        Assert.NotNull(keyId);
        var found = await db.ApiClients.AsNoTracking()
            .SelectMany(c => c.Secrets.Where(s => s.KeyId == keyId), (c, s) => new { Client = c, Secret = s })
            .SingleAsync();
        return found.Secret.Matches(token) && !found.Client.IsRevoked && found.Secret.IsValidAt(app.Clock.GetUtcNow());
    }

    private async Task<bool> DatabaseFilesContainAsync(string text)
    {
        var path = app.Services.GetRequiredService<AppPaths>().DatabasePath;
        var needle = Encoding.UTF8.GetBytes(text);
        foreach (var file in new[] { path, path + "-wal" }.Where(File.Exists))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var memory = new MemoryStream();
            await stream.CopyToAsync(memory);
            if (memory.ToArray().AsSpan().IndexOf(needle) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex("^asd_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$")]
    private static partial Regex TokenShape();
}
