namespace GeminiTuning.Datasets;

/// <summary>
/// Size and count limits of the files in a prompt or a training example, shared by the dataset checker's wording and
/// the checks on Invoke-GeminiTunedModel -Attachment. Sources: the tuning modality pages (reference dataset-format.md
/// §1.3, W5: "PDFs ≤4 files/example, ≤20 MB each; images ≤30/example, ≤20 MB each") and the model pages
/// (docs/reference/multimodal-prompts.md §2: 7 MB per inline image on Flash-Lite models, 500 MB per request).
/// </summary>
public static class MediaLimits
{
    /// <summary>Largest file (image or PDF) tuning reads: 20 MB, taken the strict way (10^6 bytes per MB).</summary>
    public const long MaxFileBytes = 20_000_000;

    /// <summary>Above this an inline file is refused by some models (7 MB per inline image on the Flash-Lite model pages).</summary>
    public const long InlineWarningBytes = 7_000_000;

    /// <summary>Largest generateContent request (500 MB on the model pages).</summary>
    public const long MaxRequestBytes = 500_000_000;

    /// <summary>Most images in one training example.</summary>
    public const int MaxImagesPerExample = 30;

    /// <summary>Most PDF files in one training example.</summary>
    public const int MaxPdfsPerExample = 4;
}
