namespace AfterSalesDesk.Tests.TestSupport;

/// <summary>A clock the test moves by hand (Microsoft's FakeTimeProvider package is not obtainable here).</summary>
public sealed class FakeTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly object gate = new();
    private DateTimeOffset now = start;

    /// <summary>
    /// Starts at the real time: ASP.NET Core Identity's lockout reads the system clock, not TimeProvider,
    /// so the two must agree at the start of a test.
    /// </summary>
    public FakeTimeProvider()
        : this(DateTimeOffset.UtcNow)
    {
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    /// <summary>Whether a test has set or advanced the clock (an app started after that seeds at the time it was given).</summary>
    public bool Moved { get; private set; }

    public void Set(DateTimeOffset to)
    {
        lock (gate)
        {
            now = to;
            Moved = true;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (gate)
        {
            now += by;
            Moved = true;
        }
    }

    /// <summary>Starts the clock at another time before the app starts, as if the test had begun then.</summary>
    internal void StartAt(DateTimeOffset at)
    {
        lock (gate)
        {
            now = at;
        }
    }
}
