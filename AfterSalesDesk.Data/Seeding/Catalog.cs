using AfterSalesDesk.Data.Complaints;

namespace AfterSalesDesk.Data.Seeding;

/// <summary>Realistic names and prices for generated data (demo mode and the benchmark generator).</summary>
internal static class Catalog
{
    public sealed record ProductTemplate(string Name, long PriceMinor, int WarrantyMonths);

    public sealed record Category(string Name, ProductTemplate[] Products);

    public static readonly Category[] Categories =
    [
        new("Electronics 数码", [
            new("无线蓝牙耳机 Wireless earbuds", 29900, 12), new("快充充电器 65W charger", 12900, 12),
            new("智能手表 Smart watch", 89900, 12), new("移动电源 Power bank 20000mAh", 15900, 12),
            new("机械键盘 Mechanical keyboard", 39900, 24), new("4K 显示器 4K monitor", 189900, 36),
            new("手机壳 Phone case", 3900, 0), new("数据线 USB-C cable", 2900, 6),
        ]),
        new("Home 家居", [
            new("纯棉四件套 Cotton bedding set", 45900, 0), new("记忆棉枕头 Memory foam pillow", 12900, 0),
            new("不锈钢保温杯 Vacuum flask", 8900, 6), new("电热水壶 Electric kettle", 15900, 12),
            new("空气炸锅 Air fryer", 39900, 12), new("收纳箱 Storage box", 4900, 0),
            new("台灯 Desk lamp", 9900, 12), new("浴巾 Bath towel", 5900, 0),
        ]),
        new("Fresh 生鲜", [
            new("赣南脐橙 5kg Navel oranges", 6990, 0), new("阳光玫瑰葡萄 Shine Muscat grapes", 8990, 0),
            new("智利车厘子 Cherries 2kg", 19900, 0), new("烟台苹果 Yantai apples", 5990, 0),
            new("海南芒果 Hainan mangoes", 4990, 0), new("猕猴桃 Kiwi fruit", 3990, 0),
        ]),
        new("Toys 玩具", [
            new("积木套装 Building blocks", 29900, 0), new("遥控车 RC car", 19900, 6),
            new("毛绒玩具 Plush toy", 7900, 0), new("拼图 1000 片 Jigsaw puzzle", 5900, 0),
            new("儿童滑板车 Kick scooter", 25900, 12), new("绘画套装 Drawing set", 8900, 0),
        ]),
        new("Sports 运动", [
            new("跑步鞋 Running shoes", 59900, 6), new("瑜伽垫 Yoga mat", 9900, 0),
            new("哑铃套装 Dumbbell set", 29900, 12), new("运动水壶 Sports bottle", 4900, 0),
            new("羽毛球拍 Badminton racket", 19900, 6), new("速干T恤 Quick-dry T-shirt", 7900, 0),
        ]),
        new("Beauty 美妆", [
            new("保湿面霜 Moisturising cream", 19900, 0), new("防晒霜 Sunscreen SPF50", 12900, 0),
            new("口红 Lipstick", 25900, 0), new("洁面乳 Facial cleanser", 6900, 0),
            new("电动牙刷 Electric toothbrush", 29900, 24), new("吹风机 Hair dryer", 39900, 12),
        ]),
    ];

    public static readonly string[] MerchantNames =
    [
        "优选数码 Youxuan Digital", "家居生活馆 Home Living", "鲜果园 Fresh Orchard", "童趣玩具 Kids Fun Toys",
        "运动工坊 Sports Workshop", "美妆小铺 Beauty Corner", "极客商城 Geek Mall", "暖家百货 Cosy Home",
        "果然鲜 Truly Fresh", "乐玩屋 Play House", "跑者之家 Runners' Home", "花颜坊 Bloom Beauty",
    ];

    public static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高"];

    public static readonly string[] GivenNames = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "华", "慧", "建国", "晓东", "雪", "婷"];

    public static readonly string[] Cities = ["上海 Shanghai", "北京 Beijing", "广州 Guangzhou", "深圳 Shenzhen", "杭州 Hangzhou", "成都 Chengdu", "武汉 Wuhan", "南京 Nanjing", "西安 Xi'an", "重庆 Chongqing", "苏州 Suzhou", "长沙 Changsha"];

    public static readonly string[] Carriers = ["SF Express 顺丰速运", "ZTO 中通快递", "YTO 圆通速递", "JD Logistics 京东物流", "EMS 中国邮政", "Yunda 韵达快递"];

    public static readonly string[] DeductionReasons =
        ["包装破损 Packaging damaged", "配件缺失 Missing accessories", "有使用痕迹 Signs of use", "吊牌已剪 Tags removed"];

    public static readonly string[] RefundRejections =
    [
        "The photos show the item undamaged; ask the buyer for a video of the fault.",
        "The amount includes shipping, but the reason does not put the fault with the merchant.",
        "Duplicate of a refund the buyer already received on this order.",
        "Return not yet received by the merchant; propose again once it arrives.",
    ];

    /// <summary>Written reasoning of arbitrations (at least ten characters, as the domain demands).</summary>
    public static readonly IReadOnlyDictionary<ArbitrationOutcome, string[]> Reasonings = new Dictionary<ArbitrationOutcome, string[]>
    {
        [ArbitrationOutcome.ForBuyer] =
        [
            "The buyer's photos show the defect on arrival and the merchant gave no evidence to the contrary.",
            "The tracking record shows the parcel was never delivered; the merchant bears the loss.",
            "The item differs from the listing in colour and size; the listing is the merchant's promise.",
        ],
        [ArbitrationOutcome.ForMerchant] =
        [
            "The merchant's inspection report and photos show the returned item was used beyond inspection.",
            "The request came after the return window and the listing stated it clearly.",
            "The buyer gave no evidence of the fault; the merchant's test video shows the item working.",
        ],
        [ArbitrationOutcome.Partial] =
        [
            "Both sides share the fault: the item was damaged in transit but the buyer signed without checking.",
            "The defect is cosmetic; the buyer keeps the item and gets part of the price back.",
        ],
    };

    public static readonly IReadOnlyDictionary<ComplaintCategory, string[]> ComplaintSummaries = new Dictionary<ComplaintCategory, string[]>
    {
        [ComplaintCategory.Logistics] =
            ["快递三天没有更新 The parcel has not moved for three days.", "Courier left the parcel at the gate without calling; it was wet.", "配送员态度恶劣 The courier was rude on delivery."],
        [ComplaintCategory.ServiceAttitude] =
            ["客服不回复消息 The merchant's service does not answer messages.", "The merchant's agent insulted the buyer in the chat.", "商家催促好评 The merchant pressed for a five-star review."],
        [ComplaintCategory.Counterfeit] =
            ["怀疑假货 The buyer suspects a counterfeit: the serial number is not registered.", "Packaging and logo differ from the brand's original."],
        [ComplaintCategory.Fraud] =
            ["商家要求线下付款 The merchant asked for payment outside the platform.", "The order was marked shipped with a tracking number of another parcel."],
    };

    public static readonly string[] Dismissals =
        ["Duplicate of an earlier complaint about the same order.", "The buyer withdrew the complaint after the merchant's call.", "Not a matter for the platform: the buyer asks about use of the product."];

    public static readonly string[] LowRatingComments =
    [
        "处理太慢了 Took far too long to get an answer.", "The merchant rejected the return without looking at my photos.",
        "退款金额不对 The refund was less than I paid.", "Nobody told me the case was closed.", "客服态度差 The agent was impatient.",
    ];

    public static readonly string[] NeutralRatingComments = ["还行 OK in the end.", "Solved, but I had to ask twice.", "一般 Average service."];

    public static readonly string[] GoodRatingComments =
        ["处理很快 Quick and friendly.", "Refund arrived the same day, thank you.", "客服很耐心 Patient and helpful agent.", "Easy return, would buy again."];

    public static readonly string[] FollowUpOutcomes =
    [
        "Called the buyer: apologised for the delay, buyer satisfied with the explanation.",
        "Buyer not reachable twice; sent a message with the case summary.",
        "回访完成：已补发优惠券 Called back; a coupon was sent as an apology.",
        "Explained the deduction with the inspection photos; buyer accepted.",
    ];
}
