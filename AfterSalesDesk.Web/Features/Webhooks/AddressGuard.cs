using System.Net;
using System.Net.Sockets;

namespace AfterSalesDesk.Web.Features.Webhooks;

/// <summary>
/// Which addresses a webhook may not reach unless <see cref="WebhookOptions.AllowPrivateAddresses"/> (SSRF, decision 0026):
/// unspecified, loopback, private (RFC 1918), shared (100.64/10), link-local (169.254/16 with the cloud metadata address,
/// fe80::/10), unique-local (fc00::/7), site-local, multicast and broadcast. An IPv6 address that carries an IPv4 one
/// where a standard fixes its place counts as that IPv4: IPv4-mapped (::ffff:a.b.c.d), NAT64's well-known prefix
/// (64:ff9b::a.b.c.d, RFC 6052) and 6to4 (2002:aabb:ccdd::/48, RFC 3056). Refused whatever they carry: IPv4-compatible
/// ::a.b.c.d (deprecated), NAT64's local-use prefix 64:ff9b:1::/48 (RFC 8215: the operator picks the prefix length, so
/// where the IPv4 sits cannot be known, and it is a local network's translator by definition) and Teredo 2001::/32 (the
/// client's IPv4 is hidden and reached through a relay; deprecated, no receiver needs it).
/// </summary>
public static class AddressGuard
{
    public static bool IsForbidden(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 0 // "this network", 0.0.0.0 included
                || b[0] == 10
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] == 0) // IETF protocol assignments
                || b[0] >= 224; // multicast, reserved, broadcast
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            if (EmbeddedIPv4(b) is { } embedded)
            {
                return IsForbidden(embedded);
            }

            return address.IsIPv6LinkLocal
                || address.IsIPv6SiteLocal
                || address.IsIPv6Multicast
                || address.IsIPv6Teredo // 2001::/32
                || (b[0] & 0xFE) == 0xFC // unique local fc00::/7
                || b.Take(12).All(x => x == 0) // IPv4-compatible ::a.b.c.d (deprecated), :: and ::1 included
                || StartsWith(b, 0x00, 0x64, 0xFF, 0x9B, 0x00, 0x01); // NAT64 local-use 64:ff9b:1::/48
        }

        return true;
    }

    /// <summary>
    /// The IPv4 address a NAT64 well-known-prefix address (64:ff9b::/96: its last four bytes) or a 6to4 address (2002::/16:
    /// the four bytes after 2002) leads to; null for other addresses.
    /// </summary>
    private static IPAddress? EmbeddedIPv4(byte[] b)
    {
        if (StartsWith(b, 0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0))
        {
            return new IPAddress(b.AsSpan(12, 4));
        }

        return StartsWith(b, 0x20, 0x02) ? new IPAddress(b.AsSpan(2, 4)) : null;
    }

    private static bool StartsWith(byte[] address, params byte[] prefix) => address.AsSpan().StartsWith(prefix);

    /// <summary>At subscribe time: an address literal (or localhost) that may not be reached. Names are checked again when sending.</summary>
    public static string? RefusalOf(Uri url, bool allowPrivate)
    {
        if (allowPrivate)
        {
            return null;
        }

        var host = url.IdnHost.Trim('[', ']').TrimEnd('.');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return "The address is this machine (localhost); webhooks go to other systems.";
        }

        return IPAddress.TryParse(host, out var ip) && IsForbidden(ip)
            ? $"{ip} is, or leads to, a loopback, private or link-local address; webhooks may not reach the app's own network."
            : null;
    }
}
