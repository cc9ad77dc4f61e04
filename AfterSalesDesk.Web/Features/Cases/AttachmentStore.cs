using System.Security.Cryptography;
using AfterSalesDesk.Web.Infrastructure;

namespace AfterSalesDesk.Web.Features.Cases;

/// <summary>
/// Evidence files on disk, outside the web root ({DataDirectory}/attachments), named by their SHA-256
/// content hash. The type is decided by the file's first bytes, never by its name or the browser's word.
/// </summary>
public sealed class AttachmentStore(AppPaths paths)
{
    public const long MaxBytes = 10 * 1024 * 1024;

    private static readonly (string ContentType, byte[] Magic, int Offset)[] Signatures =
    [
        ("image/jpeg", [0xFF, 0xD8, 0xFF], 0),
        ("image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], 0),
        ("image/gif", "GIF8"u8.ToArray(), 0),
        ("image/webp", "WEBP"u8.ToArray(), 8),
        ("application/pdf", "%PDF-"u8.ToArray(), 0),
    ];

    public string Root => Path.Combine(paths.DataDirectory, "attachments");

    /// <summary>The content type the bytes prove, or null for anything else (executables, scripts, archives, …).</summary>
    public static string? Sniff(ReadOnlySpan<byte> head)
    {
        foreach (var (contentType, magic, offset) in Signatures)
        {
            if (head.Length >= offset + magic.Length && head.Slice(offset, magic.Length).SequenceEqual(magic)
                && (contentType != "image/webp" || head[..4].SequenceEqual("RIFF"u8)))
            {
                return contentType;
            }
        }

        return null;
    }

    /// <summary>Copies the upload to a temporary file while hashing and counting, checks it, then keeps it under its hash.</summary>
    public async Task<StoredFile> SaveAsync(Stream content, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Root);
        var temporary = Path.Combine(Root, $"upload-{Guid.NewGuid():N}.tmp");
        try
        {
            long size = 0;
            var head = new byte[16];
            var headLength = 0;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = File.Create(temporary))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    size += read;
                    if (size > MaxBytes)
                    {
                        throw new AttachmentRejectedException("The file is larger than 10 MB.");
                    }

                    var copy = Math.Min(read, head.Length - headLength);
                    Array.Copy(buffer, 0, head, headLength, copy);
                    headLength += copy;
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }

            if (size == 0)
            {
                throw new AttachmentRejectedException("The file is empty.");
            }

            var contentType = Sniff(head.AsSpan(0, headLength))
                ?? throw new AttachmentRejectedException("Only images (JPEG, PNG, GIF, WebP) and PDF documents can be attached; this file is neither, whatever its name says.");
            var sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            var target = PathOf(sha256);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (!File.Exists(target))
            {
                File.Move(temporary, target);
            }

            return new StoredFile(sha256, contentType, size);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public Stream Open(string sha256) => File.OpenRead(PathOf(sha256));

    private string PathOf(string sha256)
    {
        if (sha256.Length != 64 || !sha256.All(Uri.IsHexDigit))
        {
            throw new ArgumentException("Not a SHA-256 hex digest.", nameof(sha256));
        }

        return Path.Combine(Root, sha256[..2], sha256);
    }
}

public sealed record StoredFile(string Sha256, string ContentType, long Size);

public sealed class AttachmentRejectedException(string message) : Exception(message);
