using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using GeminiTuning.Emulator.Http;
using GeminiTuning.Emulator.Json;

namespace GeminiTuning.Emulator.Storage;

/// <summary>The Cloud Storage JSON API routes a dataset upload needs: resumable uploads (Google's protocol: a session
/// URI, <c>Content-Range</c> chunks in multiples of 256 KiB, <c>308 Resume Incomplete</c> with <c>Range</c>, status
/// queries with <c>bytes */total</c>), simple and multipart uploads, object metadata, download, list and delete.
/// Buckets spring into existence on first use.</summary>
internal sealed class StorageService
{
    private const int ChunkGranularity = 256 * 1024;
    private static readonly Regex BucketName = new Regex("^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$", RegexOptions.CultureInvariant);
    private static readonly Regex ContentRange = new Regex(@"^bytes (?:(\d+)-(\d+)|\*)/(\d+|\*)$", RegexOptions.CultureInvariant);

    private readonly ObjectStore _store;
    private readonly Func<Uri> _baseUri;
    private readonly long _maxInMemoryBytes;
    private readonly Func<string, string, MissingObject?>? _missing;

    /// <param name="store">The objects.</param>
    /// <param name="baseUri">The emulator's address, for session URIs and links.</param>
    /// <param name="maxInMemoryBytes">The largest upload body read whole into memory (metadata, a multipart upload).</param>
    /// <param name="missing">What stands for an object never uploaded (a file of the storage folder, a synthetic dataset), made an object on first access; null for nothing.</param>
    public StorageService(ObjectStore store, Func<Uri> baseUri, long maxInMemoryBytes, Func<string, string, MissingObject?>? missing = null)
    {
        _store = store;
        _baseUri = baseUri;
        _maxInMemoryBytes = maxInMemoryBytes;
        _missing = missing;
    }

    public void Register(Router router)
    {
        var upload = new[] { "upload" };
        // Upload bodies go to a scratch file as they arrive (takesUpload), never whole into memory.
        router.Add(new Route("POST", upload, "storage/v1/b/*/o", EmulatorOperation.StorageUpload, AuthRequirement.Bearer, c => Task.FromResult(StartUpload(c)), takesUpload: true));
        // The session URI is its own credential, as in Cloud Storage.
        router.Add(new Route("PUT", upload, "storage/v1/b/*/o", EmulatorOperation.StorageUpload, AuthRequirement.None, c => Task.FromResult(PutChunk(c)), takesUpload: true));
        router.Add(new Route("DELETE", upload, "storage/v1/b/*/o", EmulatorOperation.StorageUpload, AuthRequirement.None, c => Task.FromResult(CancelUpload(c))));
        router.Add(new Route("GET", new[] { "storage" }, "v1/b/*/o", EmulatorOperation.StorageListObjects, AuthRequirement.Bearer, c => Task.FromResult(List(c))));
        router.Add(new Route("GET", new[] { "storage" }, "v1/b/*/o/**", EmulatorOperation.StorageGetObject, AuthRequirement.Bearer, c => Task.FromResult(Get(c, c.Request.QueryValue("alt") == "media"))));
        router.Add(new Route("GET", new[] { "download" }, "storage/v1/b/*/o/**", EmulatorOperation.StorageDownloadObject, AuthRequirement.Bearer, c => Task.FromResult(Get(c, media: true))));
        router.Add(new Route("DELETE", new[] { "storage" }, "v1/b/*/o/**", EmulatorOperation.StorageDeleteObject, AuthRequirement.Bearer, c => Task.FromResult(Delete(c))));
    }

    /// <summary>
    /// The content of <c>gs://bucket/name</c>, opened for reading, and whether it is a synthetic dataset; null when there
    /// is no such object (neither uploaded, nor in the storage folder, nor made up in synthetic mode).
    /// </summary>
    public (Stream Content, bool Synthetic)? OpenDataset(string bucket, string name, DateTimeOffset now)
    {
        lock (_store.Gate)
        {
            return FindOrMake(bucket, name, now) is { } found ? (found.OpenRead(), found.Synthetic) : null;
        }
    }

    /// <summary>The object, or what stands for it made an object now. Call with the store's gate held.</summary>
    private StoredObject? FindOrMake(string bucket, string name, DateTimeOffset now)
    {
        var found = _store.Find(bucket, name);
        if (found is not null || _missing is null || _store.WasDeleted(bucket, name))
        {
            return found;
        }

        try
        {
            return _missing(bucket, name) is { } source ? _store.Put(bucket, name, source.ContentType, source.Write, now, source.Synthetic) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // a storage-folder file that cannot be read is no object
        }
    }

    private HttpResponse StartUpload(RequestContext context)
    {
        var bucket = CheckBucket(context.Captures[0]);
        var request = context.Request;
        var uploadType = request.QueryValue("uploadType");
        switch (uploadType)
        {
            case "resumable":
            {
                var metadata = ReadMetadata(SmallBody(request).Text);
                var name = request.QueryValue("name") ?? JsonFields.String(metadata, "name") ?? throw Required("name");
                var contentType = request.Header("X-Upload-Content-Type") ?? JsonFields.String(metadata, "contentType") ?? "application/octet-stream";
                long? length = null;
                if (request.Header("X-Upload-Content-Length") is string lengthText)
                {
                    if (!long.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var declared))
                    {
                        throw ApiException.Storage(400, "invalid", "Invalid X-Upload-Content-Length header.");
                    }

                    length = declared;
                }

                UploadSession session;
                lock (_store.Gate)
                {
                    session = _store.StartSession(bucket, name, contentType, length);
                }

                var location = new Uri(_baseUri(), "upload/storage/v1/b/" + Uri.EscapeDataString(bucket) + "/o?uploadType=resumable&name=" +
                    Uri.EscapeDataString(name) + "&upload_id=" + session.Id);
                return HttpResponse.Empty(200)
                    .WithHeader("Location", location.AbsoluteUri)
                    .WithHeader("X-GUploader-UploadID", session.Id);
            }

            case "media":
            {
                var name = request.QueryValue("name") ?? throw Required("name");
                var contentType = request.Header("Content-Type") ?? "application/octet-stream";
                return Created(context, bucket, name, contentType, write => request.Body.CopyTo(0, write));
            }

            case "multipart":
                return Multipart(context, bucket);

            default:
                throw ApiException.Storage(400, "invalid", "Invalid upload type \"" + uploadType + "\": use resumable, media or multipart.");
        }
    }

    private HttpResponse PutChunk(RequestContext context)
    {
        var request = context.Request;
        var session = FindSession(request);
        lock (_store.Gate)
        {
            if (session.Result is not null)
            {
                return context.Json(Render(session.Result));
            }

            var body = request.Body;
            var rangeHeader = request.Header("Content-Range");
            long? first = null, last = null, total = null;
            if (rangeHeader is null)
            {
                // The whole object in one request.
                if (body.Length > 0)
                {
                    first = 0;
                    last = body.Length - 1;
                }

                total = body.Length;
            }
            else
            {
                var match = ContentRange.Match(rangeHeader.Trim());
                if (!match.Success)
                {
                    throw ApiException.Storage(400, "invalid", "Failed to parse Content-Range header.");
                }

                if (match.Groups[1].Success)
                {
                    first = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                    last = long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
                    if (last < first)
                    {
                        throw ApiException.Storage(400, "invalid", "Failed to parse Content-Range header.");
                    }
                }

                if (match.Groups[3].Value != "*")
                {
                    total = long.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
                }
            }

            if (total is long t)
            {
                if (session.TotalLength is long known && known != t)
                {
                    throw ApiException.Storage(400, "invalid",
                        "Invalid request. The total size " + t.ToString(CultureInfo.InvariantCulture) + " differs from the size declared earlier, " +
                        known.ToString(CultureInfo.InvariantCulture) + ".");
                }

                session.TotalLength = t;
            }

            if (first is long from && last is long to)
            {
                var length = to - from + 1;
                if (length != body.Length)
                {
                    throw ApiException.Storage(400, "invalid",
                        "Invalid request. The Content-Range header announces " + length.ToString(CultureInfo.InvariantCulture) +
                        " byte(s) but the request contained " + body.Length.ToString(CultureInfo.InvariantCulture) + ".");
                }

                if (session.TotalLength is long declared && to >= declared)
                {
                    throw ApiException.Storage(400, "invalid", "Invalid request. The Content-Range header goes beyond the total size of the upload.");
                }

                if (from > session.Persisted)
                {
                    throw ApiException.Storage(400, "invalid",
                        "Invalid request. According to the Content-Range header, the upload offset is " + from.ToString(CultureInfo.InvariantCulture) +
                        " byte(s), which exceeds already uploaded size of " + session.Persisted.ToString(CultureInfo.InvariantCulture) + " byte(s).");
                }

                var isFinal = session.TotalLength is long all && to == all - 1;
                if (!isFinal && body.Length % ChunkGranularity != 0)
                {
                    throw ApiException.Storage(400, "invalid",
                        "Invalid request. The number of bytes uploaded is required to be equal or greater than 262144, except for the final request " +
                        "(it's recommended to be the exact multiple of 262144). The received request contained " +
                        body.Length.ToString(CultureInfo.InvariantCulture) + " bytes, which does not meet this requirement.");
                }

                // A chunk that starts before the persisted offset (a resend after a lost response) keeps only its new bytes.
                var overlap = session.Persisted - from;
                if (overlap < body.Length)
                {
                    session.Append(body, overlap);
                }
            }

            if (session.TotalLength is long size && session.Persisted == size)
            {
                return context.Json(Render(_store.Complete(session, context.Now)));
            }

            var incomplete = HttpResponse.Empty(308);
            if (session.Persisted > 0)
            {
                incomplete.WithHeader("Range", "bytes=0-" + (session.Persisted - 1).ToString(CultureInfo.InvariantCulture));
            }

            return incomplete;
        }
    }

    private HttpResponse CancelUpload(RequestContext context)
    {
        var session = FindSession(context.Request);
        lock (_store.Gate)
        {
            _store.CancelSession(session);
        }

        return HttpResponse.Empty(499);
    }

    private HttpResponse Get(RequestContext context, bool media)
    {
        var bucket = context.Captures[0];
        var name = DecodePath(context.Captures[1]);
        StoredObject? found;
        lock (_store.Gate)
        {
            found = FindOrMake(bucket, name, context.Now);
        }

        if (found is null)
        {
            throw ApiException.Storage(404, "notFound", "No such object: " + bucket + "/" + name);
        }

        if (media)
        {
            return HttpResponse.FromStream(200, found.ContentType, found.OpenRead())
                .WithHeader("X-Goog-Hash", "crc32c=" + Crc32C.ToBase64(found.Crc32C) + (found.Md5 is null ? string.Empty : ",md5=" + Convert.ToBase64String(found.Md5)))
                .WithHeader("X-Goog-Generation", found.Generation.ToString(CultureInfo.InvariantCulture));
        }

        return context.Json(Render(found));
    }

    private HttpResponse List(RequestContext context)
    {
        var bucket = context.Captures[0];
        var prefix = context.Request.QueryValue("prefix") ?? string.Empty;
        var max = 1000;
        if (context.Request.QueryValue("maxResults") is string maxText &&
            (!int.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out max) || max < 1))
        {
            throw ApiException.Storage(400, "invalid", "Invalid value for maxResults: " + maxText);
        }

        var after = PageToken.Decode(context.Request.QueryValue("pageToken"), "objects/" + bucket + "/" + prefix);
        var items = new JsonArray();
        string? next = null;
        lock (_store.Gate)
        {
            foreach (var stored in _store.List(bucket, prefix))
            {
                if (after is not null && string.CompareOrdinal(stored.Name, after) <= 0)
                {
                    continue;
                }

                if (items.Count == max)
                {
                    next = PageToken.Encode("objects/" + bucket + "/" + prefix, JsonFields.String(items[items.Count - 1], "name")!);
                    break;
                }

                items.Add(Render(stored));
            }
        }

        var result = new JsonObject { ["kind"] = "storage#objects" };
        if (next is not null)
        {
            result["nextPageToken"] = next;
        }

        if (items.Count > 0)
        {
            result["items"] = items;
        }

        return context.Json(result);
    }

    private HttpResponse Delete(RequestContext context)
    {
        var bucket = context.Captures[0];
        var name = DecodePath(context.Captures[1]);
        bool removed;
        lock (_store.Gate)
        {
            removed = _store.Delete(bucket, name);
        }

        if (!removed)
        {
            throw ApiException.Storage(404, "notFound", "No such object: " + bucket + "/" + name);
        }

        return HttpResponse.Empty(204);
    }

    private HttpResponse Multipart(RequestContext context, string bucket)
    {
        var contentType = context.Request.Header("Content-Type") ?? string.Empty;
        var boundaryMatch = Regex.Match(contentType, "boundary=\"?([^\";]+)\"?", RegexOptions.CultureInvariant);
        if (!contentType.StartsWith("multipart/related", StringComparison.OrdinalIgnoreCase) || !boundaryMatch.Success)
        {
            throw ApiException.Storage(400, "invalid", "A multipart upload needs Content-Type: multipart/related; boundary=….");
        }

        var parts = MultipartReader.Split(SmallBody(context.Request).ToArray(), boundaryMatch.Groups[1].Value);
        if (parts.Count != 2)
        {
            throw ApiException.Storage(400, "invalid", "A multipart upload has exactly two parts: the metadata and the media.");
        }

        var metadata = ReadMetadata(Encoding.UTF8.GetString(parts[0].Body));
        var name = context.Request.QueryValue("name") ?? JsonFields.String(metadata, "name") ?? throw Required("name");
        var mediaType = JsonFields.String(metadata, "contentType") ?? parts[1].ContentType ?? "application/octet-stream";
        var media = parts[1].Body;
        return Created(context, bucket, name, mediaType, write => write(media, 0, media.Length));
    }

    private HttpResponse Created(RequestContext context, string bucket, string name, string contentType, Action<Action<byte[], int, int>> writeContent)
    {
        StoredObject stored;
        lock (_store.Gate)
        {
            stored = _store.Put(bucket, name, contentType, writeContent, context.Now);
        }

        return context.Json(Render(stored));
    }

    private UploadSession FindSession(HttpRequest request)
    {
        var id = request.QueryValue("upload_id");
        lock (_store.Gate)
        {
            return (id is null ? null : _store.FindSession(id)) ??
                throw ApiException.Storage(404, "notFound", "No such upload session. It may have been cancelled or have expired.");
        }
    }

    private JsonObject Render(StoredObject stored)
    {
        var generation = stored.Generation.ToString(CultureInfo.InvariantCulture);
        var encodedName = Uri.EscapeDataString(stored.Name);
        var created = stored.Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var root = _baseUri();
        var resource = new JsonObject
        {
            ["kind"] = "storage#object",
            ["id"] = stored.Bucket + "/" + stored.Name + "/" + generation,
            ["selfLink"] = new Uri(root, "storage/v1/b/" + stored.Bucket + "/o/" + encodedName).AbsoluteUri,
            ["mediaLink"] = new Uri(root, "download/storage/v1/b/" + stored.Bucket + "/o/" + encodedName + "?generation=" + generation + "&alt=media").AbsoluteUri,
            ["name"] = stored.Name,
            ["bucket"] = stored.Bucket,
            ["generation"] = generation,
            ["metageneration"] = "1",
            ["contentType"] = stored.ContentType,
            ["storageClass"] = "STANDARD",
            ["size"] = stored.Length.ToString(CultureInfo.InvariantCulture),
            ["md5Hash"] = stored.Md5 is null ? null : Convert.ToBase64String(stored.Md5),
            ["crc32c"] = Crc32C.ToBase64(stored.Crc32C),
            ["etag"] = Convert.ToBase64String(BitConverter.GetBytes(stored.Generation)).TrimEnd('='),
            ["timeCreated"] = created,
            ["updated"] = created,
            ["timeStorageClassUpdated"] = created,
            ["timeFinalized"] = created,
        };
        if (stored.Md5 is null)
        {
            resource.Remove("md5Hash");
        }

        return resource;
    }

    private static JsonObject? ReadMetadata(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw ApiException.Storage(400, "parseError", "Parse Error");
        }
        catch (JsonException)
        {
            throw ApiException.Storage(400, "parseError", "Parse Error");
        }
    }

    private static string CheckBucket(string bucket)
    {
        if (!BucketName.IsMatch(bucket))
        {
            throw ApiException.Storage(400, "invalid", "Invalid bucket name: '" + bucket + "'");
        }

        return bucket;
    }

    /// <summary>A body the handler reads whole (JSON metadata, a multipart upload): refused with 413 over the in-memory
    /// limit, as any other route's body would be. Large objects go by resumable or media upload, which stream.</summary>
    private RequestBody SmallBody(HttpRequest request)
    {
        if (request.Body.Length > _maxInMemoryBytes)
        {
            throw ApiException.Storage(413, "uploadTooLarge",
                "The request body is too large to read whole (" + request.Body.Length.ToString(CultureInfo.InvariantCulture) +
                " bytes). Send large objects with a resumable or media upload.");
        }

        return request.Body;
    }

    private static ApiException Required(string what) => ApiException.Storage(400, "required", "Required: " + what);

    /// <summary>Percent-decodes an object name taken from a path ('+' stays a plus in a path).</summary>
    private static string DecodePath(string segment)
    {
        try
        {
            return Uri.UnescapeDataString(segment);
        }
        catch (UriFormatException)
        {
            return segment;
        }
    }
}

/// <summary>What stands for an object the emulator was never given: its content type and bytes, and whether it is made up.</summary>
internal sealed class MissingObject
{
    public MissingObject(string contentType, Action<Action<byte[], int, int>> write, bool synthetic)
    {
        ContentType = contentType;
        Write = write;
        Synthetic = synthetic;
    }

    public string ContentType { get; }

    public Action<Action<byte[], int, int>> Write { get; }

    public bool Synthetic { get; }
}
