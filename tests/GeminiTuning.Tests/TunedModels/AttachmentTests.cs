using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Emulator;
using GeminiTuning.Generation;

namespace GeminiTuning.Tests.TunedModels;

public sealed class AttachmentTests : IDisposable
{
    private readonly EmulatorHost _host = new();
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("attachments-");

    public void Dispose()
    {
        _host.Dispose();
        _folder.Delete(recursive: true);
    }

    private string File(string name, byte[] content)
    {
        var path = Path.Combine(_folder.FullName, name);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    private string SparseFile(string name, long length)
    {
        var path = Path.Combine(_folder.FullName, name);
        using var stream = new FileStream(path, FileMode.Create);
        stream.SetLength(length);
        return path;
    }

    private static readonly byte[] PngBytes = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 };

    [Fact]
    public async Task Local_files_go_inline_with_their_mime_type_and_cloud_storage_uris_by_reference_before_the_text()
    {
        var target = await ThinkingAndHistoryTests.TunedEndpointAsync(_host);
        var png = File("cat.PNG", PngBytes);
        var warnings = new List<string>();
        var parts = await Attachments.LoadAsync(new[] { png, "gs://my-bucket/docs/report.pdf" }, warnings.Add, CancellationToken.None);

        var answer = await _host.Generation().GenerateAsync(target, "Describe these", new GenerationOptions { Attachments = parts }, CancellationToken.None);

        Assert.Empty(warnings);
        var sent = JsonDocument.Parse(Assert.Single(_host.RequestsFor(EmulatorOperation.GenerateContent)).Body).RootElement
            .GetProperty("contents")[0].GetProperty("parts");
        Assert.Equal("image/png", sent[0].GetProperty("inlineData").GetProperty("mimeType").GetString());
        Assert.Equal(Convert.ToBase64String(PngBytes), sent[0].GetProperty("inlineData").GetProperty("data").GetString());
        Assert.Equal("{\"mimeType\":\"application/pdf\",\"fileUri\":\"gs://my-bucket/docs/report.pdf\"}", sent[1].GetProperty("fileData").GetRawText());
        Assert.Equal("Describe these", sent[2].GetProperty("text").GetString());
        Assert.EndsWith("You said: Describe these (with image/png, application/pdf)", answer.Text);
        Assert.Equal("user: Describe these [+2 file(s)]", answer.Turns[0].ToString());
        Assert.Equal(png, answer.Turns[0].Parts[0].Source);
    }

    [Theory]
    [InlineData("notes.docx", "is not a file type Gemini reads")]
    [InlineData("missing.png", "does not exist")]
    [InlineData("gs://bucket-only", "is not a Cloud Storage URI")]
    [InlineData("gs://my-bucket/archive.zip", "is not a file type Gemini reads")]
    public async Task A_file_gemini_cannot_read_is_refused_before_anything_is_sent(string item, string message)
    {
        var path = item.StartsWith("gs://", StringComparison.Ordinal) ? item : Path.Combine(_folder.FullName, item);
        if (item == "notes.docx")
        {
            File(item, new byte[] { 1, 2, 3 });
        }

        var ex = await Assert.ThrowsAsync<GeminiTuningArgumentException>(() => Attachments.LoadAsync(new[] { path }, _ => { }, CancellationToken.None));

        Assert.Equal("Attachment", ex.ParameterName);
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public async Task A_file_over_the_20_MB_limit_is_refused_with_the_cloud_storage_way_and_one_over_7_MB_is_warned_about()
    {
        var huge = SparseFile("scan.pdf", 20_000_001);
        var ex = await Assert.ThrowsAsync<GeminiTuningArgumentException>(() => Attachments.LoadAsync(new[] { huge }, _ => { }, CancellationToken.None));
        Assert.Contains("20,000,000", ex.Message);
        Assert.Contains("gs://", ex.RecommendedAction);

        var big = SparseFile("photo.jpg", 7_000_001);
        var warnings = new List<string>();
        var parts = await Attachments.LoadAsync(new[] { big }, warnings.Add, CancellationToken.None);
        Assert.Equal(7_000_001, Assert.Single(parts).InlineData!.Length);
        Assert.Contains("7,000,000", Assert.Single(warnings));
    }

    [Fact]
    public async Task More_images_than_a_tuning_example_holds_is_warned_about()
    {
        var items = Enumerable.Range(0, 31).Select(i => "gs://my-bucket/images/" + i + ".jpeg").ToArray();
        var warnings = new List<string>();

        var parts = await Attachments.LoadAsync(items, warnings.Add, CancellationToken.None);

        Assert.All(parts, p => Assert.Equal("image/jpeg", p.MimeType));
        Assert.Contains("31 image(s)", Assert.Single(warnings));
    }
}
