using System.Text.Json;
using AfterSalesDesk.Data.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace AfterSalesDesk.Data.Audit;

/// <summary>Turns tracked changes into audit entries: entity, key, and before/after of changed fields.</summary>
internal static class ChangeAuditor
{
    /// <summary>Secrets are never copied into the trail; that they changed is recorded.</summary>
    private static readonly HashSet<string> Redacted = [nameof(AppUser.PasswordHash), nameof(AppUser.SecurityStamp), nameof(AppUser.ConcurrencyStamp), nameof(Integration.ApiClientSecret.Hash), nameof(Integration.WebhookSubscription.ProtectedSecret)];

    /// <summary>Derived copies of other fields: recording them would only repeat the original.</summary>
    private static readonly HashSet<string> Skipped = [nameof(AppUser.NormalizedEmail), nameof(AppUser.NormalizedUserName), nameof(IdentityRole.NormalizedName)];

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public sealed record Pending(EntityEntry Entry, string EntityType, string Verb, string? Changes);

    /// <summary>Snapshot taken before saving, while original values are still known.</summary>
    public static Pending Capture(EntityEntry entry)
    {
        var changes = new SortedDictionary<string, FieldChange>(StringComparer.Ordinal);
        foreach (var property in entry.Properties)
        {
            var name = property.Metadata.Name;
            if (Skipped.Contains(name))
            {
                continue;
            }

            object? before = entry.State == EntityState.Added ? null : property.OriginalValue;
            object? after = entry.State == EntityState.Deleted ? null : property.CurrentValue;
            if (entry.State == EntityState.Modified && (!property.IsModified || Equals(before, after)))
            {
                continue;
            }

            if (entry.State == EntityState.Added && after is null)
            {
                continue;
            }

            changes[name] = Redacted.Contains(name)
                ? new FieldChange(before is null ? null : "***", after is null ? null : "***")
                : new FieldChange(Plain(before), Plain(after));
        }

        var verb = entry.State switch
        {
            EntityState.Added => "created",
            EntityState.Deleted => "deleted",
            _ => "changed",
        };
        return new Pending(entry, EntityTypeName(entry), verb, changes.Count == 0 ? null : JsonSerializer.Serialize(changes, Json));
    }

    /// <summary>The entity's key after saving (generated keys are known by then).</summary>
    public static string KeyOf(EntityEntry entry) =>
        string.Join(",", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => Convert.ToString(entry.Property(p.Name).CurrentValue, System.Globalization.CultureInfo.InvariantCulture)));

    private static string EntityTypeName(EntityEntry entry) => entry.Entity switch
    {
        AppUser => "User",
        IdentityRole => "Role",
        IdentityUserRole<string> => "UserRole",
        IdentityUserClaim<string> => "UserClaim",
        IdentityUserToken<string> => "UserToken",
        _ => entry.Metadata.ClrType.Name,
    };

    private static object? Plain(object? value) => value switch
    {
        null => null,
        DateTimeOffset time => time.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        _ => value,
    };

    private sealed record FieldChange(object? Before, object? After);
}
