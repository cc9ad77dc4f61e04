using System.Security.Cryptography;
using System.Text;

namespace AfterSalesDesk.Data.Identity;

/// <summary>Why a session ended. Stored as text.</summary>
public enum SessionEndReason
{
    LoggedOut,
    PasswordChanged,
    Disabled,
    Idle,
    Expired,
}

/// <summary>
/// A signed-in session, kept on the server: the login cookie carries only a random token whose hash is
/// this row's key, so a cookie is worth something only while its row says the session is live. Logout,
/// a password change, disabling the user and the idle and absolute limits end the row, and with it every
/// copy of the cookie (OWASP ASVS 3.3.1).
/// </summary>
public sealed class UserSession
{
    private UserSession()
    {
        Id = "";
        UserId = "";
    }

    private UserSession(string id, string userId, DateTimeOffset now, DateTimeOffset expiresAt)
    {
        Id = id;
        UserId = userId;
        CreatedAt = now;
        LastSeenAt = now;
        ExpiresAt = expiresAt;
    }

    /// <summary>SHA-256 of the cookie's token, in lower-case hex; the token itself is never stored.</summary>
    public string Id { get; private set; }

    public string UserId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The last request or circuit activity seen, to a minute's precision (see <see cref="TouchInterval"/>).</summary>
    public DateTimeOffset LastSeenAt { get; private set; }

    /// <summary>The absolute end, however active the session is.</summary>
    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    public SessionEndReason? EndReason { get; private set; }

    /// <summary>Activity is written back at most this often, so a busy session does not write on every request.</summary>
    public static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    /// <summary>Starts a session for <paramref name="userId"/>; returns it and the token for the cookie.</summary>
    public static (UserSession Session, string Token) Start(string userId, DateTimeOffset now, TimeSpan absoluteLifetime)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        return (new UserSession(HashOf(token), userId, now, now + absoluteLifetime), token);
    }

    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>
    /// Why this session is over at <paramref name="now"/>, or null while it is live: ended explicitly,
    /// past its absolute end, or idle for <paramref name="idleLimit"/>.
    /// </summary>
    public SessionEndReason? EndedBy(DateTimeOffset now, TimeSpan idleLimit) =>
        EndReason ?? (now >= ExpiresAt ? SessionEndReason.Expired
            : now - LastSeenAt >= idleLimit ? SessionEndReason.Idle
            : null);
}
