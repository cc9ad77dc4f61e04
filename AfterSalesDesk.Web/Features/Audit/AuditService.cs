using System.Security.Claims;
using System.Text.Json;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Web.Features.Audit;

/// <summary>
/// Reads the audit trail for supervisors, managers and admins, and runs the chain verifier.
/// Other roles are refused here, and the refusal is itself audited.
/// </summary>
public sealed class AuditService(IDbContextFactory<AppDbContext> contextFactory, AuditActors actors, AuditWriter audit)
{
    public const int MaxPageSize = 100;

    /// <summary>
    /// One keyset page of the trail the query finds, newest first by sequence, with the matches counted up to
    /// <see cref="Keyset.CountCap"/> (the trail grows by every change and login; a full count and an offset would
    /// read it all); null when the user may not read the trail.
    /// </summary>
    public async Task<AuditPage?> ListAsync(ClaimsPrincipal user, AuditQuery query, CancellationToken cancellationToken = default)
    {
        if (!await AllowedAsync(user, "audit.list", cancellationToken))
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.User))
        {
            var name = query.User.Trim();
            entries = entries.Where(e => e.UserName.Contains(name));
        }

        if (!string.IsNullOrWhiteSpace(query.EntityType))
        {
            entries = entries.Where(e => e.EntityType == query.EntityType);
        }

        if (!string.IsNullOrWhiteSpace(query.EntityId))
        {
            entries = entries.Where(e => e.EntityId == query.EntityId.Trim());
        }

        if (!string.IsNullOrWhiteSpace(query.Action))
        {
            var action = query.Action.Trim();
            entries = entries.Where(e => e.Action.StartsWith(action));
        }

        if (query.Outcome is { } outcome)
        {
            entries = entries.Where(e => e.Outcome == outcome);
        }

        if (query.From is { } from)
        {
            entries = entries.Where(e => e.OccurredAt >= from);
        }

        if (query.To is { } to)
        {
            entries = entries.Where(e => e.OccurredAt < to);
        }

        var (matches, capped) = await Keyset.CountAsync(entries, cancellationToken);
        var slice = await Keyset.ReadAsync(
            (cursor, backwards) => BySequence(entries, cursor, backwards), query, MaxPageSize,
            e => new { e.Sequence, e.OccurredAt, e.UserName, e.Role, e.Origin, e.Action, e.EntityType, e.EntityId, e.Outcome, e.Detail, e.Changes },
            e => new KeysetCursor(e.OccurredAt, e.Sequence), cancellationToken);
        var rows = slice.Rows.Select(e => new AuditRow(
            e.Sequence, e.OccurredAt, e.UserName, e.Role, e.Origin, e.Action, e.EntityType, e.EntityId, e.Outcome, e.Detail, ParseChanges(e.Changes))).ToList();
        return new AuditPage(rows, slice.First, slice.LastRow, slice.HasNext, slice.HasPrevious, matches, capped);
    }

    /// <summary>
    /// Newest first by sequence (the trail's order, unique and the primary key), after the cursor's sequence; backwards
    /// the other way, for "previous" and "last".
    /// </summary>
    private static IQueryable<AuditEntry> BySequence(IQueryable<AuditEntry> entries, KeysetCursor? cursor, bool backwards)
    {
        if (cursor is not null)
        {
            var sequence = cursor.Id;
            entries = backwards ? entries.Where(e => e.Sequence > sequence) : entries.Where(e => e.Sequence < sequence);
        }

        return backwards ? entries.OrderBy(e => e.Sequence) : entries.OrderByDescending(e => e.Sequence);
    }

    public async Task<IReadOnlyList<string>> EntityTypesAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (!IsReader(user))
        {
            return [];
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.AuditEntries.Select(e => e.EntityType).Distinct().OrderBy(t => t).ToListAsync(cancellationToken);
    }

    /// <summary>Verifies the whole chain; who ran it and what it found is recorded.</summary>
    public async Task<AuditVerification?> VerifyAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (!await AllowedAsync(user, "audit.verify", cancellationToken))
        {
            return null;
        }

        AuditVerification result;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            result = await AuditChain.VerifyAsync(db, cancellationToken);
        }

        await audit.RecordAsync(actors.For(user), "audit.verify", "AuditTrail", null,
            result.IsIntact ? AuditOutcome.Succeeded : AuditOutcome.Failed, result.Message, cancellationToken);
        return result;
    }

    private async Task<bool> AllowedAsync(ClaimsPrincipal user, string action, CancellationToken cancellationToken)
    {
        if (IsReader(user))
        {
            return true;
        }

        await audit.RecordAsync(actors.For(user), action, "AuditTrail", null, AuditOutcome.Denied,
            "Only supervisors, managers and administrators can read the audit trail.", cancellationToken);
        return false;
    }

    private static bool IsReader(ClaimsPrincipal user) => Policies.AuditReaderRoles.Any(user.IsInRole);

    private static IReadOnlyList<FieldChange> ParseChanges(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject()
            .Select(p => new FieldChange(p.Name, Text(p.Value.GetProperty("Before")), Text(p.Value.GetProperty("After"))))
            .ToList();
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        _ => value.GetRawText(),
    };
}

public sealed record AuditQuery(
    string? User = null,
    string? EntityType = null,
    string? EntityId = null,
    string? Action = null,
    AuditOutcome? Outcome = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null) : KeysetPosition;

/// <param name="Matches">How many entries match, counted up to <see cref="Keyset.CountCap"/>.</param>
/// <param name="MatchesCapped">True when there are more than the cap.</param>
public sealed record AuditPage(
    IReadOnlyList<AuditRow> Rows, KeysetCursor? First, KeysetCursor? LastRow, bool HasNext, bool HasPrevious, int Matches, bool MatchesCapped);

public sealed record AuditRow(
    long Sequence,
    DateTimeOffset OccurredAt,
    string UserName,
    string Role,
    string Origin,
    string Action,
    string EntityType,
    string? EntityId,
    AuditOutcome Outcome,
    string? Detail,
    IReadOnlyList<FieldChange> Changes);

public sealed record FieldChange(string Field, string? Before, string? After);
