using System.Security.Claims;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.Refunds;
using AfterSalesDesk.Web.Features.Cases;

namespace AfterSalesDesk.Tests.TestSupport;

/// <summary>
/// Cases moved through the real case service as the roles would move them, in any test app: one step, or a walk along
/// the shortest legal path to a state.
/// </summary>
public static class CaseWalks
{
    /// <summary>The waybill a walk records for a move: unique per case and move, readable in a failure.</summary>
    public static string Waybill(long caseId, CaseAction action, string prefix = "ZT") => $"{prefix}{caseId:D6}{(int)action:D2}";

    /// <summary>
    /// Walks the case on from where it is now to the state, each move by whoever it needs: agent1, else a user of the
    /// case's store, else supervisor1. Parcels carry <see cref="Waybill"/>, inspections accept, offers are "other".
    /// </summary>
    public static async Task WalkAsync(this AppFactory app, long caseId, CaseKind kind, CaseStatus target, string waybillPrefix = "ZT")
    {
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var from = (await app.Get<CaseService>().GetAsync(agent, caseId))!.Status;
        // The shortest path to the target passes through where the case is now: walk the rest of it.
        foreach (var action in CaseTransitions.ShortestPath(kind, target)!.Skip(CaseTransitions.ShortestPath(kind, from)!.Count))
        {
            var roles = CaseActions.Rules[action].Roles;
            var who = roles.Contains(Roles.Agent) ? agent
                : roles.Contains(Roles.Merchant) ? await app.MerchantUserOfAsync(caseId)
                : await app.PrincipalAsync("supervisor1@demo.local", Roles.Supervisor);
            var step = new CaseStepInput
            {
                Carrier = "ZTO Express", TrackingNo = Waybill(caseId, action, waybillPrefix), Result = InspectionResult.Accepted, OfferKind = OfferKind.Other,
            };
            await app.ActAsync(who, caseId, action, CaseActions.Rules[action].NeedsReason ? "walked by the test" : null, step);
        }

        Assert.Equal(target, (await app.Get<CaseService>().GetAsync(agent, caseId))!.Status);
    }

    /// <summary>One move at the case's current version, which must succeed.</summary>
    public static async Task ActAsync(this AppFactory app, ClaimsPrincipal user, long caseId, CaseAction action, string? reason, CaseStepInput? step = null)
    {
        var cases = app.Get<CaseService>();
        var version = (await cases.GetAsync(user, caseId))!.Version;
        var result = await cases.ActAsync(user, caseId, action, reason, version, step);
        Assert.True(result.Succeeded, $"{action}: {result.Error}");
    }

    /// <summary>A user of the case's store, signed in as a merchant.</summary>
    public static async Task<ClaimsPrincipal> MerchantUserOfAsync(this AppFactory app, long caseId) =>
        await app.PrincipalAsync(await app.MerchantOfAsync(caseId), Roles.Merchant);
}
