using GeminiTuning.Storage;

namespace GeminiTuning.Tests.Storage;

/// <summary>Cloud Storage bucket and object naming rules, checked before any request.</summary>
public sealed class StorageNameTests
{
    [Theory]
    [InlineData("gs://my-bucket", "my-bucket", "")]
    [InlineData("gs://my-bucket/", "my-bucket", "")]
    [InlineData("gs://my_bucket.example.com/tuning/run 1", "my_bucket.example.com", "tuning/run 1/")]
    [InlineData(" gs://abc/a/b/ ", "abc", "a/b/")]
    public void A_staging_location_is_a_bucket_and_a_prefix(string uri, string bucket, string prefix)
    {
        var location = GcsLocation.Parse(uri);

        Assert.Equal((bucket, prefix), (location.Bucket, location.Prefix));
        Assert.Equal("gs://" + bucket + "/" + prefix + "x.jsonl", location.Object("x.jsonl").Uri);
    }

    [Theory]
    [InlineData("my-bucket/prefix", "not a Cloud Storage location")]
    [InlineData("https://storage.googleapis.com/b/o", "not a Cloud Storage location")]
    [InlineData("gs://ab", "3 to 63 characters")]
    [InlineData("gs://My-Bucket", "lowercase letters")]
    [InlineData("gs://-bucket", "start and end with a letter or digit")]
    [InlineData("gs://bucket-", "start and end with a letter or digit")]
    [InlineData("gs://buck et", "lowercase letters")]
    [InlineData("gs://a..b", "empty dot-separated parts")]
    [InlineData("gs://192.168.10.1", "IP address")]
    [InlineData("gs://goog-data", "must not start with \"goog\"")]
    [InlineData("gs://my-google-data", "\"google\"")]
    [InlineData("gs://my-g00gle-data", "\"google\"")]
    [InlineData("gs://bucket//prefix", "empty folder name")]
    [InlineData("gs://bucket/.well-known/acme-challenge/x", ".well-known/acme-challenge/")]
    public void An_invalid_bucket_or_prefix_is_refused_saying_which_rule_it_breaks(string uri, string rule)
    {
        var error = Assert.Throws<GeminiTuningArgumentException>(() => GcsLocation.Parse(uri));

        Assert.Equal("StagingBucket", error.ParameterName);
        Assert.Contains(rule, error.Message);
        Assert.NotNull(error.RecommendedAction);
    }

    [Fact]
    public void A_bucket_name_longer_than_63_characters_needs_dots()
    {
        Assert.Throws<GeminiTuningArgumentException>(() => GcsNames.ValidateBucket(new string('a', 64)));
        Assert.Equal(new string('a', 63) + ".example", GcsNames.ValidateBucket(new string('a', 63) + ".example"));
    }

    [Theory]
    [InlineData("line\nbreak")]
    [InlineData("carriage\rreturn")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("")]
    public void An_invalid_object_name_is_refused(string name)
    {
        Assert.Throws<GeminiTuningArgumentException>(() => new GcsObject("bucket", name));
    }

    [Fact]
    public void An_object_name_may_be_1024_bytes_of_utf8_and_no_more()
    {
        Assert.Equal(1024, new GcsObject("bucket", new string('é', 512)).Name.Length * 2);
        var error = Assert.Throws<GeminiTuningArgumentException>(() => new GcsObject("bucket", new string('é', 512) + "x"));
        Assert.Contains("1,025", error.Message);
    }
}
