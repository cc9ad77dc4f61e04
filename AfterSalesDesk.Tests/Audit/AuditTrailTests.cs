using System.Text.Json;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Merchants;
using AfterSalesDesk.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Audit;

/// <summary>The audit trail on real SQLite: what every save writes, and that tampering cannot hide.</summary>
public class AuditTrailTests : IDisposable
{
    private readonly TestDatabase database = new();

    public void Dispose() => database.Dispose();

    [Fact]
    public async Task Save_WithoutAuditScope_IsRefusedAndWritesNothing()
    {
        await using var db = database.CreateContext();
        db.Merchants.Add(new Merchant("X1", "Unaudited", database.Clock.GetUtcNow()));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());

        Assert.Contains("without an audit scope", error.Message);
        Assert.Equal(0, await database.ScalarAsync("SELECT COUNT(*) FROM Merchants"));
    }

    [Fact]
    public async Task Save_WhenEntityChanges_RecordsWhoWhenWhatAndBeforeAfter()
    {
        var actor = new AuditActor("admin-id", "admin@test.local", Roles.Admin, "10.0.0.7");
        await using (var db = database.CreateContext("merchant.create", actor))
        {
            db.Merchants.Add(new Merchant("M9", "Old Name", database.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }

        database.Clock.Advance(TimeSpan.FromMinutes(5));
        await using (var db = database.CreateContext("merchant.rename", actor))
        {
            var merchant = await db.Merchants.SingleAsync();
            db.Entry(merchant).Property(m => m.Name).CurrentValue = "New Name";
            await db.SaveChangesAsync();
        }

        await using var read = database.CreateContext();
        var entries = await read.AuditEntries.OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(2, entries.Count);
        var rename = entries[1];
        Assert.Equal(("admin-id", "admin@test.local", Roles.Admin, "10.0.0.7"), (rename.UserId, rename.UserName, rename.Role, rename.Origin));
        Assert.Equal(("merchant.rename", "Merchant", "1", AuditOutcome.Succeeded), (rename.Action, rename.EntityType, rename.EntityId, rename.Outcome));
        Assert.Equal(database.Clock.GetUtcNow(), rename.OccurredAt);
        var changes = JsonDocument.Parse(rename.Changes!).RootElement;
        Assert.Equal("Old Name", changes.GetProperty("Name").GetProperty("Before").GetString());
        Assert.Equal("New Name", changes.GetProperty("Name").GetProperty("After").GetString());
        Assert.False(changes.TryGetProperty("Code", out _), "unchanged fields are not recorded");
    }

    [Fact]
    public async Task Save_WhenUserPasswordChanges_NeverCopiesTheSecret()
    {
        await using (var db = database.CreateContext("user.create"))
        {
            var user = new AppUser { UserName = "a@test.local", Email = "a@test.local", DisplayName = "A", PasswordHash = "SECRET-HASH", SecurityStamp = "STAMP" };
            db.Users.Add(user);
            await db.SaveChangesAsync();
        }

        await using var read = database.CreateContext();
        var entry = await read.AuditEntries.SingleAsync();
        Assert.DoesNotContain("SECRET-HASH", entry.Changes);
        Assert.DoesNotContain("STAMP", entry.Changes);
        Assert.Equal("***", JsonDocument.Parse(entry.Changes!).RootElement.GetProperty("PasswordHash").GetProperty("After").GetString());
    }

    [Fact]
    public async Task Save_WhenTheSaveFails_LeavesNeitherDataNorAuditEntries()
    {
        await using (var db = database.CreateContext("merchant.create"))
        {
            db.Merchants.Add(new Merchant("DUP", "First", database.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }

        await using (var db = database.CreateContext("merchant.create"))
        {
            db.Merchants.Add(new Merchant("OK", "Fine", database.Clock.GetUtcNow()));
            db.Merchants.Add(new Merchant("DUP", "Duplicate code", database.Clock.GetUtcNow()));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        Assert.Equal(1, await database.ScalarAsync("SELECT COUNT(*) FROM Merchants"));
        Assert.Equal(1, await database.ScalarAsync("SELECT COUNT(*) FROM AuditEntries"));
    }

    [Theory]
    [InlineData("UPDATE AuditEntries SET Detail = 'nothing happened' WHERE Sequence = 2", "UPDATE is not allowed")]
    [InlineData("DELETE FROM AuditEntries WHERE Sequence = 2", "DELETE is not allowed")]
    public async Task Database_WhenAskedToChangeAnEntry_Refuses(string sql, string message)
    {
        await WriteEntriesAsync(3);

        var error = await Assert.ThrowsAsync<SqliteException>(() => database.ExecuteAsync(sql));

        Assert.Contains(message, error.Message);
        Assert.True((await VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task Verifier_WhenChainUntouched_ReportsIntact()
    {
        await WriteEntriesAsync(12);

        var result = await VerifyAsync();

        Assert.True(result.IsIntact, result.Message);
        Assert.Equal(12, result.VerifiedEntries);
    }

    [Fact]
    public async Task Verifier_WhenAnEntryIsChangedWithRawSql_ReportsThatEntry()
    {
        await WriteEntriesAsync(5);
        await database.ExecuteAsync("DROP TRIGGER TR_AuditEntries_NoUpdate; UPDATE AuditEntries SET UserName = 'someone-else' WHERE Sequence = 3;");

        var result = await VerifyAsync();

        Assert.False(result.IsIntact);
        Assert.Equal(3, result.BrokenAtSequence);
        Assert.Equal(2, result.VerifiedEntries);
        Assert.Contains("Entry #3 was changed after it was written", result.Message);
    }

    [Fact]
    public async Task Verifier_WhenAnEntryIsChangedAndItsHashRecomputed_ReportsTheNextLink()
    {
        await WriteEntriesAsync(5);
        await database.ExecuteAsync("DROP TRIGGER TR_AuditEntries_NoUpdate; UPDATE AuditEntries SET Hash = '" + new string('a', 64) + "' WHERE Sequence = 3;");

        var result = await VerifyAsync();

        Assert.False(result.IsIntact);
        Assert.Equal(3, result.BrokenAtSequence);
    }

    [Fact]
    public async Task Verifier_WhenAnEntryIsDeletedWithRawSql_ReportsTheGap()
    {
        await WriteEntriesAsync(5);
        await database.ExecuteAsync("DROP TRIGGER TR_AuditEntries_NoDelete; DELETE FROM AuditEntries WHERE Sequence = 4;");

        var result = await VerifyAsync();

        Assert.False(result.IsIntact);
        Assert.Equal(4, result.BrokenAtSequence);
        Assert.Contains("Entry #4 is missing", result.Message);
    }

    [Fact]
    public async Task Chain_WhenFiftyWritersAppendAtOnce_StaysLinearAndUnbroken()
    {
        const int writers = 50;
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(1, writers).Select(i => Task.Run(async () =>
        {
            start.Wait();
            await using var db = database.CreateContext("merchant.create", new AuditActor($"u{i}", $"writer{i}@test.local", Roles.Agent, "127.0.0.1"));
            db.Merchants.Add(new Merchant($"W{i:D3}", $"Writer {i}", database.Clock.GetUtcNow()));
            db.RecordAudit("Merchant", null, AuditOutcome.Succeeded, $"writer {i} says hello");
            await db.SaveChangesAsync();
        })).ToList();
        start.Set();
        await Task.WhenAll(tasks);

        var result = await VerifyAsync();
        Assert.True(result.IsIntact, result.Message);
        Assert.Equal(2 * writers, result.VerifiedEntries);
        Assert.Equal(writers, await database.ScalarAsync("SELECT COUNT(*) FROM Merchants"));
        Assert.Equal(2 * writers, await database.ScalarAsync("SELECT MAX(Sequence) FROM AuditEntries"));
    }

    private async Task WriteEntriesAsync(int count)
    {
        for (var i = 1; i <= count; i++)
        {
            await using var db = database.CreateContext("test.note");
            db.RecordAudit("Test", i.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditOutcome.Succeeded, $"entry {i}");
            await db.SaveChangesAsync();
            database.Clock.Advance(TimeSpan.FromSeconds(1));
        }
    }

    private async Task<AuditVerification> VerifyAsync()
    {
        await using var db = database.CreateContext();
        return await AuditChain.VerifyAsync(db);
    }
}
