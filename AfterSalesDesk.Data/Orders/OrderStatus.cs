namespace AfterSalesDesk.Data.Orders;

/// <summary>
/// The order life cycle before after-sales (the seeds' 订单生命周期): created, paid, shipped,
/// delivered, completed. After-sales and dispute states live on the case, not here.
/// </summary>
public enum OrderStatus
{
    Created,
    Paid,
    Shipped,
    Delivered,
    Completed,
}

public enum PaymentMethod
{
    Alipay,
    WeChatPay,
    UnionPay,
    CreditCard,
}
