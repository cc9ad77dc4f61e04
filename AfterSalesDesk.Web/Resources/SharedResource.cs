namespace AfterSalesDesk.Web.Resources;

/// <summary>
/// Marker for the UI text resources (SharedResource.resx, English; SharedResource.zh-CN.resx).
/// Keys are the English text, so a missing translation still shows readable English.
/// </summary>
public sealed class SharedResource;
