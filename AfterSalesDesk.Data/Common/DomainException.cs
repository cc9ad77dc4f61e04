namespace AfterSalesDesk.Data.Common;

/// <summary>
/// A business rule was violated. The message is meant for the person who tried the action,
/// so it must say what is wrong in words they understand.
/// </summary>
public sealed class DomainException(string message) : Exception(message);
