using AfterSalesDesk.Data.Integration;

namespace AfterSalesDesk.Web.Features.Webhooks;

/// <summary>English display text of the webhooks' vocabulary; pages pass it through the localizer.</summary>
public static class WebhookLabels
{
    public static string OfEvent(string eventType) => eventType switch
    {
        WebhookEvents.CaseOpened => "A case is opened",
        WebhookEvents.CaseStatusChanged => "A case's status changes",
        WebhookEvents.MessageToBuyer => "A message is written to the buyer",
        WebhookEvents.RefundPaid => "A refund is paid",
        WebhookEvents.RefundFailed => "A refund fails",
        WebhookEvents.ComplaintDecided => "A complaint is decided",
        _ => "A rating's follow-up is done",
    };

    public static string Of(WebhookDeliveryStatus status) => status switch
    {
        WebhookDeliveryStatus.Pending => "Pending",
        WebhookDeliveryStatus.Delivered => "Delivered",
        _ => "Failed",
    };
}
