using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AfterSalesDesk.Data.Common;

/// <summary>
/// Stores a point in time as UTC ticks (INTEGER). Order-preserving, so the database can sort and
/// range-filter on it, and lossless to the tick. See docs/decisions/0003-timestamps-as-utc-ticks.md.
/// In sqlite3: <c>datetime((col - 621355968000000000) / 10000000, 'unixepoch')</c>.
/// </summary>
public sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
