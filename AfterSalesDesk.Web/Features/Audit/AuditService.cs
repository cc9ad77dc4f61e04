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

    public async Task<PagedRows<AuditRow>?> ListAsync(ClaimsPrincipal user, AuditQuery query, CancellationToken cancellationToken = default)
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

        var total = await entries.CountAsync(cancellationToken);
        var page = await entries
            .OrderByDescending(e => e.Sequence)
            .Skip(Math.Max(0, query.Skip))
            .Take(Math.Clamp(query.Take, 1, MaxPageSize))
            .Select(e => new { e.Sequence, e.OccurredAt, e.UserName, e.Role, e.Origin, e.Action, e.EntityType, e.EntityId, e.Outcome, e.Detail, e.Changes })
            .ToListAsync(cancellationToken);
        var rows = page.Select(e => new AuditRow(
            e.Sequence, e.OccurredAt, e.UserName, e.Role, e.Origin, e.Action, e.EntityType, e.EntityId, e.Outcome, e.Detail, ParseChanges(e.Changes))).ToList();
        return new PagedRows<AuditRow>(rows, total);
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
    DateTimeOffset? To = null,
    int Skip = 0,
    int Take = 25);

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
