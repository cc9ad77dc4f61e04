using System.Security.Claims;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Components.Account;

/// <summary>
/// The server's record of who is signed in (decision 0005). A login cookie is honoured only while the
/// session its token names is live: checked on every HTTP request and at every circuit revalidation,
/// ended by logout, a password change, disabling the user, and the idle and absolute limits.
/// Sessions are bookkeeping of events the audit trail already records (login, logout, password change,
/// disabling), so their rows are written outside it.
/// </summary>
internal sealed class SessionStore(IDbContextFactory<AppDbContext> dbs, IOptions<SessionSettings> settings, TimeProvider clock)
{
    private TimeSpan IdleLimit => TimeSpan.FromMinutes(settings.Value.IdleMinutes);

    /// <summary>The token of the session this scope (request) started last, if any.</summary>
    public string? IssuedToken { get; private set; }

    /// <summary>Starts a session of <paramref name="userId"/> and returns the token its cookie carries.</summary>
    public async Task<string> StartAsync(string userId, CancellationToken cancellationToken = default)
    {
        var (session, token) = UserSession.Start(userId, clock.GetUtcNow(), TimeSpan.FromHours(settings.Value.AbsoluteHours));
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        db.UserSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        IssuedToken = token;
        return token;
    }

    /// <summary>
    /// True while the principal's session is live. A session found past its idle or absolute limit is
    /// ended here. With <paramref name="activity"/>, the request counts as the person's activity.
    /// </summary>
    public async Task<bool> IsLiveAsync(ClaimsPrincipal principal, bool activity, CancellationToken cancellationToken = default)
    {
        if (IdOf(principal) is not { } id)
        {
            return false;
        }

        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var session = await db.UserSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (session is null || session.UserId != principal.FindFirstValue(ClaimTypes.NameIdentifier))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        if (session.EndedBy(now, IdleLimit) is { } reason)
        {
            if (session.EndedAt is null)
            {
                await EndWhereAsync(db.UserSessions.Where(s => s.Id == id), reason, now, cancellationToken);
            }

            return false;
        }

        if (activity && now - session.LastSeenAt >= UserSession.TouchInterval)
        {
            await db.UserSessions.Where(s => s.Id == id && s.EndedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenAt, now), cancellationToken);
        }

        return true;
    }

    /// <summary>Ends the principal's own session (logout).</summary>
    public async Task EndAsync(ClaimsPrincipal principal, SessionEndReason reason, CancellationToken cancellationToken = default)
    {
        if (IdOf(principal) is not { } id)
        {
            return;
        }

        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        await EndWhereAsync(db.UserSessions.Where(s => s.Id == id), reason, clock.GetUtcNow(), cancellationToken);
    }

    /// <summary>
    /// Ends every live session of a user but the one whose token is <paramref name="keepToken"/>, on
    /// <paramref name="db"/> so that it commits with the caller's transaction. Returns how many ended.
    /// </summary>
    public Task<int> EndAllAsync(
        AppDbContext db, string userId, SessionEndReason reason, string? keepToken = null, CancellationToken cancellationToken = default)
    {
        var sessions = db.UserSessions.Where(s => s.UserId == userId);
        if (keepToken is not null)
        {
            var keep = UserSession.HashOf(keepToken);
            sessions = sessions.Where(s => s.Id != keep);
        }

        return EndWhereAsync(sessions, reason, clock.GetUtcNow(), cancellationToken);
    }

    /// <summary>The key of the principal's session row (the hash of its cookie's token), or null without a token.</summary>
    private static string? IdOf(ClaimsPrincipal principal) =>
        principal.FindFirst(SessionClaims.SessionId)?.Value is { Length: > 0 } token ? UserSession.HashOf(token) : null;

    private static Task<int> EndWhereAsync(IQueryable<UserSession> sessions, SessionEndReason reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        sessions.Where(s => s.EndedAt == null).ExecuteUpdateAsync(u => u
            .SetProperty(s => s.EndedAt, now)
            .SetProperty(s => s.EndReason, reason), cancellationToken);
}
