using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Sla;
using Microsoft.Extensions.Localization;

namespace AfterSalesDesk.Web.Features.Queues;

/// <summary>English display text of the queue and deadline vocabulary; pages pass it through the localizer.</summary>
public static class QueueLabels
{
    public static string Of(Queue queue) => queue switch
    {
        Queue.Mine => "My cases",
        Queue.Unassigned => "Unassigned",
        Queue.AwaitingMerchant => "Awaiting merchant",
        Queue.AtRisk => "At risk or breached",
        Queue.Escalated => "Escalated",
        _ => "All cases",
    };

    public static string Of(QueueSort sort) => sort switch
    {
        QueueSort.UpdatedNewest => "Recently updated",
        QueueSort.UpdatedOldest => "Least recently updated",
        QueueSort.CreatedNewest => "Newest",
        QueueSort.CreatedOldest => "Oldest",
        _ => "Due soonest",
    };

    public static string Of(CasePriority priority) => priority switch
    {
        CasePriority.Low => "Low",
        CasePriority.Normal => "Normal",
        CasePriority.High => "High",
        _ => "Urgent",
    };

    public static string Of(SlaStatus status) => status switch
    {
        SlaStatus.OnTrack => "On track",
        SlaStatus.AtRisk => "At risk",
        SlaStatus.Breached => "Breached",
        _ => "No running clock",
    };

    public static string Of(DeadlineKind kind) => kind switch
    {
        DeadlineKind.MerchantResponse => "Merchant answers the request",
        DeadlineKind.BuyerReturnShipment => "Buyer ships the return",
        DeadlineKind.MerchantReceipt => "Merchant confirms receipt",
        DeadlineKind.AgentFirstResponse => "First response",
        _ => "Resolution",
    };

    public static string Of(DeadlineState state) => state switch
    {
        DeadlineState.Running => "Running",
        DeadlineState.Paused => "Paused (waiting on the buyer)",
        DeadlineState.Met => "Met",
        DeadlineState.Fired => "Ran out: outcome applied",
        _ => "Stopped",
    };

    public static string Of(DeadlineParty party) => party switch
    {
        DeadlineParty.Merchant => "Merchant",
        DeadlineParty.Buyer => "Buyer",
        _ => "Platform",
    };

    public static string Badge(SlaStatus status) => status switch
    {
        SlaStatus.OnTrack => "success",
        SlaStatus.AtRisk => "warning",
        SlaStatus.Breached => "danger",
        _ => "base",
    };

    /// <summary>"in 3 h 12 min" or "5 h ago", in the user's language.</summary>
    public static string Relative(IStringLocalizer localizer, DateTimeOffset at, DateTimeOffset now)
    {
        var span = at - now;
        var text = Duration(localizer, span.Duration());
        return span >= TimeSpan.Zero ? string.Format(localizer["in {0}"], text) : string.Format(localizer["{0} ago"], text);
    }

    public static string Duration(IStringLocalizer localizer, TimeSpan span) =>
        span.TotalDays >= 1 ? string.Format(localizer["{0} d {1} h"], (int)span.TotalDays, span.Hours)
        : span.TotalHours >= 1 ? string.Format(localizer["{0} h {1} min"], (int)span.TotalHours, span.Minutes)
        : string.Format(localizer["{0} min"], Math.Max(0, (int)span.TotalMinutes));
}
