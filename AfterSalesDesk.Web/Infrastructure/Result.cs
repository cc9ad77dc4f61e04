namespace AfterSalesDesk.Web.Infrastructure;

public enum ResultStatus
{
    Ok,
    Invalid,
    NotFound,
    Forbidden,
    Conflict,
}

/// <summary>
/// The outcome of a service command. Expected failures (a broken rule, a missing record, a denied
/// action, a concurrent change) come back as values with a message a person can act on; components
/// show the message and never catch exceptions.
/// </summary>
public sealed record Result(ResultStatus Status, string? Error = null)
{
    public static readonly Result Ok = new(ResultStatus.Ok);

    public bool Succeeded => Status == ResultStatus.Ok;

    public static Result Invalid(string error) => new(ResultStatus.Invalid, error);

    public static Result NotFound(string error) => new(ResultStatus.NotFound, error);

    public static Result Forbidden(string error = "You are not allowed to do this.") => new(ResultStatus.Forbidden, error);

    public static Result Conflict(string error) => new(ResultStatus.Conflict, error);
}

/// <summary>A page of projected rows and the total that matches the filter, for server-side grids.</summary>
public sealed record PagedRows<T>(IReadOnlyList<T> Rows, int Total);
