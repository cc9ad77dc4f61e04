namespace AfterSalesDesk.Data.Orders;

/// <summary>The parcel that carried an order to the buyer.</summary>
public class Shipment
{
    private Shipment()
    {
    }

    internal Shipment(string carrier, string trackingNo, DateTimeOffset shippedAt)
    {
        Carrier = carrier;
        TrackingNo = trackingNo;
        ShippedAt = shippedAt;
    }

    public long Id { get; private set; }

    public long OrderId { get; private set; }

    public string Carrier { get; private set; } = "";

    public string TrackingNo { get; private set; } = "";

    public DateTimeOffset ShippedAt { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }

    internal void MarkDelivered(DateTimeOffset at) => DeliveredAt = at;
}
