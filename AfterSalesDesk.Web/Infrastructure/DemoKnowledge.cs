using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Knowledge;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Web.Infrastructure;

/// <summary>
/// Demo macros and knowledge-base articles: the after-sales rules agents quote most, in English with
/// the Chinese terms buyers and merchants use. Seeded once, only while there are none of each.
/// </summary>
internal static class DemoKnowledge
{
    private const string Author = "supervisor1@demo.local";

    private static readonly (string Title, string Body, MessageVisibility Visibility)[] Macros =
    [
        ("Request received", "Dear {buyer_name}, we have received your after-sales request {case_no} for order {order_no}. We will reply by {deadline}.\n您好，我们已收到您的售后申请，会尽快处理。", MessageVisibility.ToBuyer),
        ("Ask for photos", "Dear {buyer_name}, to check the problem with order {order_no}, please upload clear photos of the item, its label and the packaging in case {case_no}.", MessageVisibility.ToBuyer),
        ("Return address sent", "Dear {buyer_name}, the merchant has agreed to the return. Please ship the item back with the tracking number entered in case {case_no}; parcels sent freight-collect (到付) cannot be accepted.", MessageVisibility.ToBuyer),
        ("Refund on its way", "Dear {buyer_name}, the refund for order {order_no} has been approved. It goes back to the original payment method, usually within 1-3 working days (bank cards up to 7).", MessageVisibility.ToBuyer),
        ("Merchant: please respond within 48 h", "Case {case_no} (order {order_no}) needs your answer by {deadline}. Without a response within 48 hours the platform may decide in the buyer's favour.", MessageVisibility.ToMerchant),
        ("Internal: escalation checklist", "Before escalating {case_no}: photos present? merchant asked and 48 h passed? logistics checked for order {order_no}? Note the buyer's history.", MessageVisibility.Internal),
    ];

    private static readonly (string Title, string Tags, string Body)[] Articles =
    [
        ("7-day no-reason return (七天无理由退货)", "return, 7 days, 七天无理由, 退货",
            "# Who may return without a reason\nBuyers may return most goods within 7 days after delivery without giving a reason, if the goods are complete and in resaleable condition.\n\n# Exceptions\n- Custom-made goods\n- Fresh and perishable food (鲜活易腐)\n- Opened audio-visual media and software\n- Underwear and cosmetics whose seal is broken\n\n# Shipping fee\nThe buyer pays the return shipping for a no-reason return unless the merchant offers return-shipping insurance (运费险).\n\n七天无理由退货：签收之日起七日内，商品完好即可退货。"),
        ("Merchant response within 48 hours", "merchant, 48 h, deadline, 商家响应",
            "Merchants must answer an after-sales request within 48 hours: agree, reject with a reason, or make a counter-offer.\n\nIf a merchant does not answer in time, the agent may escalate and a supervisor may decide for the buyer.\n\n商家须在48小时内处理售后申请，超时平台可介入。"),
        ("Refund timelines", "refund, timeline, 退款时效",
            "# When money arrives\n- Balance / wallet: immediately\n- Debit and credit cards: 1–7 working days\n- Installment payments: the remaining installments are cancelled\n\nA refund is started only after the return is received and inspected, except for refund-only cases before shipment.\n\n退款原路返回，银行卡一般1-7个工作日到账。"),
        ("Shipping fee rules for returns", "shipping, freight, 运费, 运费险",
            "Who pays the shipping fee of a return depends on the reason:\n\n- Quality problem, wrong or damaged item: the merchant pays.\n- No-reason return: the buyer pays, unless return-shipping insurance covers it.\n- Exchanges for a different size: the buyer pays one way, the merchant the other.\n\nAsk the buyer to keep the shipping receipt; the merchant reimburses it on request."),
        ("Warranty and repair", "warranty, repair, 保修, 维修",
            "Electronics carry a one-year warranty unless the product page says otherwise. Inside warranty, repair is free, including shipping both ways.\n\n# Outside warranty\nThe merchant quotes the repair cost first; nothing is repaired without the buyer's consent.\n\n维修期间如需更换配件，需买家确认。"),
        ("Inspection deductions on returned goods", "inspection, deduction, 验货, 扣款",
            "When a returned item arrives used, incomplete or damaged by the buyer, the merchant may deduct from the refund:\n\n- Missing accessories or gifts: their listed value\n- Damaged packaging of a sealed item: up to 10%\n- Signs of use beyond trying on: agreed case by case, with photos\n\nDeductions must be shown with photos in the case; an agent checks them before the refund."),
        ("Complaint handling (投诉处理)", "complaint, merchant, 投诉",
            "A buyer may complain about a merchant for refusing valid after-sales requests, rude service or fake goods.\n\n# Steps\n- Record the complaint with evidence\n- Ask the merchant for a statement within 48 hours\n- A supervisor decides and may penalise the merchant\n\nNever share the buyer's phone number or address with the merchant outside the order."),
        ("Damaged in transit (运输损坏)", "logistics, damaged, 破损, 物流",
            "If the parcel arrives damaged, ask the buyer for photos of the outer box and the item within 48 hours of delivery.\n\nThe merchant ships a replacement or refunds in full and settles with the carrier; the buyer never has to deal with the carrier."),
    ];

    public static async Task<(int Macros, int Articles)> SeedAsync(AppDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var macros = 0;
        var articles = 0;
        if (!await db.Macros.AnyAsync(cancellationToken))
        {
            foreach (var (title, body, visibility) in Macros)
            {
                db.Macros.Add(Macro.Create(title, body, visibility, Author, now));
                macros++;
            }
        }

        if (!await db.Articles.AnyAsync(cancellationToken))
        {
            foreach (var (title, tags, body) in Articles)
            {
                db.Articles.Add(Article.Create(title, body, tags, publish: true, Author, now));
                articles++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return (macros, articles);
    }
}
