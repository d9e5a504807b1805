using System;
using System.Collections.Generic;
using System.Text;

namespace GeminiTuning.Emulator.Gemini;

/// <summary>Every Gemini API tuned model, by id, and the ids handed out. All access goes through <see cref="Gate"/>.</summary>
internal sealed class TunedModelStore
{
    private readonly Dictionary<string, TunedModel> _models = new Dictionary<string, TunedModel>(StringComparer.Ordinal);

    public object Gate { get; } = new object();

    public bool Contains(string id) => _models.ContainsKey(id);

    public TunedModel? Find(string id) => _models.TryGetValue(id, out var model) ? model : null;

    public void Add(TunedModel model) => _models[model.Id] = model;

    public void Remove(string id) => _models.Remove(id);

    /// <summary>Every model, newest first (the list order).</summary>
    public List<TunedModel> NewestFirst()
    {
        var sorted = new List<TunedModel>(_models.Values);
        sorted.Sort((a, b) => string.CompareOrdinal(Cursor(b), Cursor(a)));
        return sorted;
    }

    /// <summary>The position of a model in the list, for page tokens.</summary>
    public static string Cursor(TunedModel model) => PageToken.NewestFirstCursor(model.CreateTime, model.Id);

    /// <summary>The display name as a slug plus a random suffix, as the service derives ids ("Sentence Translator" →
    /// "sentence-translator-u3b7m"); unique in the store. Call with <see cref="Gate"/> held.</summary>
    public string NewId(string? displayName)
    {
        var slug = new StringBuilder();
        foreach (var c in (displayName ?? string.Empty).ToLowerInvariant())
        {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[slug.Length - 1] != '-')
            {
                slug.Append('-');
            }
        }

        var prefix = slug.ToString().Trim('-');
        while (prefix.Length > 0 && !(prefix[0] >= 'a' && prefix[0] <= 'z'))
        {
            prefix = prefix.Substring(1).TrimStart('-');
        }

        if (prefix.Length > 27)
        {
            prefix = prefix.Substring(0, 27).TrimEnd('-');
        }

        string id;
        do
        {
            id = prefix.Length == 0 ? "m" + Auth.RandomIds.Lowercase(11) : prefix + "-" + Auth.RandomIds.Lowercase(12);
        }
        while (_models.ContainsKey(id));
        return id;
    }
}
