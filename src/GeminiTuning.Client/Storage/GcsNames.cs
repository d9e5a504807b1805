using System;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using GeminiTuning.Config;

namespace GeminiTuning.Storage;

/// <summary>An object in Cloud Storage: <c>gs://bucket/name</c>, both parts validated.</summary>
public sealed class GcsObject
{
    /// <summary>Creates the reference, validating both names.</summary>
    /// <exception cref="GeminiTuningArgumentException">The bucket or object name breaks Cloud Storage's naming rules.</exception>
    public GcsObject(string bucket, string name, string parameterName = "StagingBucket")
    {
        Bucket = GcsNames.ValidateBucket(bucket, parameterName);
        Name = GcsNames.ValidateObjectName(name, parameterName);
    }

    /// <summary>The bucket.</summary>
    public string Bucket { get; }

    /// <summary>The object name (may contain '/').</summary>
    public string Name { get; }

    /// <summary><c>gs://bucket/name</c>.</summary>
    public string Uri => "gs://" + Bucket + "/" + Name;

    /// <inheritdoc />
    public override string ToString() => Uri;
}

/// <summary>Where staged files go: a bucket and an object-name prefix, from <c>gs://bucket</c> or <c>gs://bucket/prefix</c>.</summary>
public sealed class GcsLocation
{
    private GcsLocation(string bucket, string prefix)
    {
        Bucket = bucket;
        Prefix = prefix;
    }

    /// <summary>The bucket.</summary>
    public string Bucket { get; }

    /// <summary>The object-name prefix: empty, or ending with '/'.</summary>
    public string Prefix { get; }

    /// <summary>The object <paramref name="fileName"/> under this location.</summary>
    public GcsObject Object(string fileName, string parameterName = "StagingBucket") => new(Bucket, Prefix + fileName, parameterName);

    /// <summary><c>gs://bucket/prefix/</c>.</summary>
    public override string ToString() => "gs://" + Bucket + "/" + Prefix;

    /// <summary>Reads <c>gs://bucket</c> or <c>gs://bucket/prefix</c> (a trailing '/' is optional); the bucket and prefix are validated.</summary>
    /// <exception cref="GeminiTuningArgumentException">Not a gs:// URI, or a name breaks Cloud Storage's rules.</exception>
    public static GcsLocation Parse(string? uri, string parameterName = "StagingBucket")
    {
        var text = uri?.Trim() ?? string.Empty;
        if (!text.StartsWith("gs://", StringComparison.Ordinal))
        {
            throw new GeminiTuningArgumentException(parameterName,
                $"'{Identifiers.Printable(uri)}' is not a Cloud Storage location.",
                "Give a bucket, optionally with a folder, as 'gs://my-bucket' or 'gs://my-bucket/tuning/datasets'.");
        }

        var rest = text.Substring(5);
        var slash = rest.IndexOf('/');
        var bucket = slash < 0 ? rest : rest.Substring(0, slash);
        var prefix = slash < 0 ? string.Empty : rest.Substring(slash + 1);
        GcsNames.ValidateBucket(bucket, parameterName);
        if (prefix.Length > 0)
        {
            if (!prefix.EndsWith("/", StringComparison.Ordinal))
            {
                prefix += "/";
            }

            if (prefix.StartsWith("/", StringComparison.Ordinal) || prefix.Contains("//"))
            {
                throw new GeminiTuningArgumentException(parameterName,
                    $"'{Identifiers.Printable(uri)}' has an empty folder name ('//').",
                    "Write the folder as 'gs://my-bucket/folder/sub'.");
            }

            GcsNames.ValidateObjectName(prefix, parameterName);
        }

        return new GcsLocation(bucket, prefix);
    }
}

/// <summary>Cloud Storage's naming rules for buckets and objects (cloud.google.com/storage/docs/buckets#naming, …/objects#naming).</summary>
public static class GcsNames
{
    private static readonly Regex BucketCharacters = new("^[a-z0-9][a-z0-9._-]*[a-z0-9]$", RegexOptions.CultureInvariant);

    /// <summary>Returns the bucket name when valid; otherwise throws an error that says which rule it breaks.</summary>
    public static string ValidateBucket(string? bucket, string parameterName = "StagingBucket")
    {
        var name = bucket ?? string.Empty;
        string? problem = null;
        if (name.Length < 3 || name.Length > 222)
        {
            problem = "must be 3 to 63 characters long (up to 222 with dots)";
        }
        else if (!BucketCharacters.IsMatch(name))
        {
            problem = "may contain only lowercase letters, digits, '-', '_' and '.', and must start and end with a letter or digit";
        }
        else if (name.IndexOf('.') < 0 && name.Length > 63)
        {
            problem = "must be at most 63 characters long without dots";
        }
        else if (name.Contains("..") || name.Contains(".-") || name.Contains("-."))
        {
            problem = "must not contain empty dot-separated parts or '-' next to '.'";
        }
        else if (Array.Exists(name.Split('.'), part => part.Length > 63))
        {
            problem = "has a dot-separated part longer than 63 characters";
        }
        else if (IPAddress.TryParse(name, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && name.Split('.').Length == 4)
        {
            problem = "must not be an IP address";
        }
        else if (name.StartsWith("goog", StringComparison.Ordinal))
        {
            problem = "must not start with \"goog\"";
        }
        else if (name.Contains("google") || name.Contains("g00gle") || name.Contains("go0gle") || name.Contains("g0ogle"))
        {
            problem = "must not contain \"google\" or a look-alike";
        }

        if (problem is not null)
        {
            throw new GeminiTuningArgumentException(parameterName,
                $"'{Identifiers.Printable(bucket)}' is not a valid Cloud Storage bucket name: it {problem}.",
                "Give an existing bucket such as 'gs://my-tuning-data' (see https://cloud.google.com/storage/docs/buckets#naming).");
        }

        return name;
    }

    /// <summary>Returns the object name when valid; otherwise throws an error that says which rule it breaks.</summary>
    public static string ValidateObjectName(string? objectName, string parameterName = "StagingBucket")
    {
        var name = objectName ?? string.Empty;
        string? problem = null;
        var bytes = Encoding.UTF8.GetByteCount(name);
        if (bytes == 0 || bytes > 1024)
        {
            problem = string.Format(CultureInfo.InvariantCulture, "must be 1 to 1,024 bytes of UTF-8 (it is {0:N0})", bytes);
        }
        else if (name is "." or "..")
        {
            problem = "must not be '.' or '..'";
        }
        else if (name.StartsWith(".well-known/acme-challenge/", StringComparison.Ordinal))
        {
            problem = "must not start with '.well-known/acme-challenge/'";
        }
        else
        {
            foreach (var c in name)
            {
                if (char.IsControl(c))
                {
                    problem = "must not contain control characters such as line breaks";
                    break;
                }
            }
        }

        if (problem is not null)
        {
            throw new GeminiTuningArgumentException(parameterName,
                $"'{Identifiers.Printable(objectName)}' is not a valid Cloud Storage object name: it {problem}.",
                "Use a folder and file name of ordinary characters (see https://cloud.google.com/storage/docs/objects#naming).");
        }

        return name;
    }
}
