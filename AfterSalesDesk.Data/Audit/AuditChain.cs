using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Data.Audit;

/// <summary>The SHA-256 hash chain over the audit trail, and its verifier.</summary>
public static class AuditChain
{
    /// <summary>The "previous hash" of the first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>
    /// SHA-256 over every field of the entry and the previous entry's hash, in a fixed order with
    /// separators that cannot occur in the values' encoding (each value is length-prefixed).
    /// </summary>
    public static string ComputeHash(AuditEntry entry)
    {
        var builder = new StringBuilder();
        void Add(string? value) => builder.Append(value is null ? "-1:" : $"{value.Length}:{value}").Append('|');
        Add(entry.Sequence.ToString(CultureInfo.InvariantCulture));
        Add(entry.PreviousHash);
        Add(entry.OccurredAt.UtcTicks.ToString(CultureInfo.InvariantCulture));
        Add(entry.UserId);
        Add(entry.UserName);
        Add(entry.Role);
        Add(entry.Origin);
        Add(entry.Action);
        Add(entry.EntityType);
        Add(entry.EntityId);
        Add(entry.Outcome.ToString());
        Add(entry.Changes);
        Add(entry.Detail);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }

    /// <summary>
    /// Walks the whole chain in sequence order, in pages so memory stays flat, and reports the first
    /// entry whose sequence, link or content does not match.
    /// </summary>
    public static async Task<AuditVerification> VerifyAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        const int pageSize = 5_000;
        var expectedSequence = 1L;
        var previousHash = Genesis;
        while (true)
        {
            var page = await db.AuditEntries.AsNoTracking()
                .Where(e => e.Sequence >= expectedSequence)
                .OrderBy(e => e.Sequence)
                .Take(pageSize)
                .ToListAsync(cancellationToken);
            foreach (var entry in page)
            {
                if (entry.Sequence != expectedSequence)
                {
                    return AuditVerification.Broken(expectedSequence - 1, expectedSequence,
                        $"Entry #{expectedSequence} is missing: the chain jumps to #{entry.Sequence}. Entries were deleted.");
                }

                if (entry.PreviousHash != previousHash)
                {
                    return AuditVerification.Broken(expectedSequence - 1, entry.Sequence,
                        $"Entry #{entry.Sequence} does not link to entry #{entry.Sequence - 1}: the previous entry was changed or replaced.");
                }

                if (ComputeHash(entry) != entry.Hash)
                {
                    return AuditVerification.Broken(expectedSequence - 1, entry.Sequence,
                        $"Entry #{entry.Sequence} was changed after it was written: its content no longer matches its hash.");
                }

                previousHash = entry.Hash;
                expectedSequence++;
            }

            if (page.Count < pageSize)
            {
                return AuditVerification.Intact(expectedSequence - 1);
            }
        }
    }
}

/// <summary>The verifier's answer: how many entries were verified, and where the chain first breaks.</summary>
public sealed record AuditVerification(bool IsIntact, long VerifiedEntries, long? BrokenAtSequence, string Message)
{
    public static AuditVerification Intact(long count) =>
        new(true, count, null, $"The audit trail is intact: {count} entries verified.");

    public static AuditVerification Broken(long verified, long at, string reason) =>
        new(false, verified, at, reason);
}
