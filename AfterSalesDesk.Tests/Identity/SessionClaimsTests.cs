using System.Security.Claims;
using AfterSalesDesk.Web.Components.Account;
using AfterSalesDesk.Web.Infrastructure;

namespace AfterSalesDesk.Tests.Identity;

public class SessionClaimsTests
{
    private static readonly DateTimeOffset Login = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void HasExpired_WhenWithinAbsoluteLifetime_IsFalse()
    {
        var principal = PrincipalWith(SessionClaims.CreateExpiry(Login, new SessionSettings { AbsoluteHours = 12 }));

        Assert.False(SessionClaims.HasExpired(principal, Login.AddHours(11).AddMinutes(59)));
    }

    [Fact]
    public void HasExpired_WhenAbsoluteLifetimeReached_IsTrue()
    {
        var principal = PrincipalWith(SessionClaims.CreateExpiry(Login, new SessionSettings { AbsoluteHours = 12 }));

        Assert.True(SessionClaims.HasExpired(principal, Login.AddHours(12)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("tomorrow")]
    [InlineData("-5")]
    public void HasExpired_WhenClaimMissingOrUnreadable_IsTrue(string? value)
    {
        var principal = value is null ? PrincipalWith() : PrincipalWith(new Claim(SessionClaims.ExpiresAt, value));

        Assert.True(SessionClaims.HasExpired(principal, Login));
    }

    private static ClaimsPrincipal PrincipalWith(params Claim[] claims) => new(new ClaimsIdentity(claims, "test"));
}
