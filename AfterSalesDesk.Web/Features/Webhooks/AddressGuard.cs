using System.Net;
using System.Net.Sockets;

namespace AfterSalesDesk.Web.Features.Webhooks;

/// <summary>
/// Which addresses a webhook may not reach unless <see cref="WebhookOptions.AllowPrivateAddresses"/> (SSRF, decision 0026):
/// unspecified, loopback, private (RFC 1918), shared (100.64/10), link-local (169.254/16 with the cloud metadata address,
/// fe80::/10), unique-local (fc00::/7), site-local, multicast and broadcast; an IPv4-mapped IPv6 address counts as its IPv4.
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
            return address.Equals(IPAddress.IPv6Any)
                || address.IsIPv6LinkLocal
                || address.IsIPv6SiteLocal
                || address.IsIPv6Multicast
                || (b[0] & 0xFE) == 0xFC // unique local fc00::/7
                || (b.Take(12).All(x => x == 0) && !address.Equals(IPAddress.IPv6Any)); // IPv4-compatible ::a.b.c.d (deprecated)
        }

        return true;
    }

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
            ? $"{ip} is a loopback, private or link-local address; webhooks may not reach the app's own network."
            : null;
    }
}
