using System.Linq;
using System.Text;
using GeminiTuning.Datasets;
using static GeminiTuning.Tests.Datasets.Examples;

namespace GeminiTuning.Tests.Datasets;

/// <summary>One test per validation rule: the problem's code, severity, line and column.</summary>
public sealed class DatasetRuleTests
{
    private static int ColumnOf(string line, string fragment) => line.IndexOf(fragment, System.StringComparison.Ordinal) + 1;

    [Fact]
    public void A_valid_text_dataset_has_no_problems_and_counts_its_examples_and_tokens()
    {
        // "Hi" = 1 token, "Hello there" (11 chars) = 3 tokens; "abcdefghij" (10) = 3 and "x" = 1.
        var report = Validate(new[] { Good, Text("abcdefghij", "x") });

        Assert.True(report.IsValid);
        Assert.Empty(report.Findings());
        Assert.Equal(2, report.ExampleCount);
        Assert.Equal(8, report.EstimatedTokens);
        Assert.Equal(4, report.MinExampleTokens);
        Assert.Equal(4, report.MaxExampleTokens);
        Assert.Equal(4.0, report.MeanExampleTokens);
        Assert.Equal(DatasetPurpose.Training, report.Purpose);
        Assert.Contains(report.Notes, n => n.Contains("characters / 4"));
    }

    [Fact]
    public void Invalid_utf8_is_reported_at_the_bad_byte_counting_characters_not_bytes()
    {
        var prefix = Encoding.UTF8.GetBytes("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"héllo ");
        var content = Encoding.UTF8.GetBytes(Good + "\n")
            .Concat(prefix).Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"x\"}]}]}\n"))
            .ToArray();

        var problem = ValidateBytes(content).Only();

        Assert.Equal(DatasetProblemCode.InvalidUtf8, problem.Code);
        Assert.Equal(DatasetProblemSeverity.Error, problem.Severity);
        Assert.Equal(2, problem.Line);
        // 'é' is two bytes but one character: the column counts characters.
        Assert.Equal(Encoding.UTF8.GetString(prefix).Length + 1, problem.Column);
        Assert.Contains("0xC3", problem.Message);
    }

    [Fact]
    public void Invalid_json_is_reported_with_the_readers_column_and_hides_schema_findings_of_that_line()
    {
        // The role is wrong too, but the line is not JSON: only the syntax error is reported.
        var broken = "{\"contents\":[{\"role\":\"bot\",\"parts\":[{\"text\":\"hi\"}]}, ]}";

        var problem = Validate(new[] { Good, Good, broken }).Only();

        Assert.Equal(DatasetProblemCode.InvalidJson, problem.Code);
        Assert.Equal(3, problem.Line);
        Assert.Equal(broken.LastIndexOf(" ]", System.StringComparison.Ordinal) + 2, problem.Column);
        Assert.StartsWith("Invalid JSON: ", problem.Message);
        Assert.DoesNotContain("LineNumber", problem.Message);
    }

    [Fact]
    public void Two_values_on_one_line_are_invalid_json_at_the_second()
    {
        var line = Good + " " + Good;

        var problem = Validate(new[] { line }).Only();

        Assert.Equal(DatasetProblemCode.InvalidJson, problem.Code);
        Assert.Equal(Good.Length + 2, problem.Column);
    }

    [Theory]
    [InlineData("[1, 2]", "array")]
    [InlineData("  \"text\"", "string")]
    [InlineData("42", "number")]
    public void A_line_that_is_not_an_object_is_reported_at_its_first_token(string line, string kind)
    {
        var problem = Validate(new[] { Good, line }).Only();

        Assert.Equal(DatasetProblemCode.NotAnObject, problem.Code);
        Assert.Equal(2, problem.Line);
        Assert.Equal(line.Length - line.TrimStart().Length + 1, problem.Column);
        Assert.Contains(kind, problem.Message);
    }

    [Fact]
    public void A_blank_line_between_examples_is_an_error_and_blank_lines_at_the_end_are_warnings()
    {
        var report = Validate(new[] { Good, "", Good, "  \t", Good, "", "" });

        var problems = report.Findings();
        Assert.Equal(new long[] { 2, 4, 6, 7 }, problems.Select(p => p.Line));
        Assert.All(problems, p => Assert.Equal(DatasetProblemCode.BlankLine, p.Code));
        Assert.Equal(new[] { DatasetProblemSeverity.Error, DatasetProblemSeverity.Error, DatasetProblemSeverity.Warning, DatasetProblemSeverity.Warning },
            problems.Select(p => p.Severity));
        Assert.Equal(3, report.ExampleCount);
    }

    [Fact]
    public void A_leading_byte_order_mark_is_a_warning_and_does_not_shift_columns()
    {
        var bad = "{\"contents\":[{\"role\":\"assistant\",\"parts\":[{\"text\":\"x\"}]}]}";
        var content = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(bad + "\n" + Good + "\n")).ToArray();

        var problems = ValidateBytes(content).Findings();

        Assert.Equal(DatasetProblemCode.ByteOrderMark, problems[0].Code);
        Assert.Equal(DatasetProblemSeverity.Warning, problems[0].Severity);
        Assert.Equal((1L, 1), (problems[0].Line, problems[0].Column));
        var role = problems.Single(p => p.Code == DatasetProblemCode.InvalidRole);
        Assert.Equal(ColumnOf(bad, "\"assistant\""), role.Column);
    }

    [Fact]
    public void A_byte_order_mark_inside_the_file_is_an_error_on_its_line()
    {
        var content = Encoding.UTF8.GetBytes(Good + "\n").Concat(new byte[] { 0xEF, 0xBB, 0xBF }).Concat(Encoding.UTF8.GetBytes(Good + "\n")).ToArray();

        var problem = ValidateBytes(content).Only();

        Assert.Equal((DatasetProblemCode.ByteOrderMark, DatasetProblemSeverity.Error, 2L, 1), (problem.Code, problem.Severity, problem.Line, problem.Column));
    }

    [Fact]
    public void The_legacy_messages_format_is_recognised_and_refused_at_its_key()
    {
        var line = "{\"messages\":[{\"role\":\"user\",\"content\":\"Diversify\"},{\"role\":\"model\",\"content\":\"business\"}]}";

        var problem = Validate(new[] { line }).Only();

        Assert.Equal(DatasetProblemCode.LegacyMessagesFormat, problem.Code);
        Assert.Equal((1L, 2), (problem.Line, problem.Column));
        Assert.Contains("gemini-1.0-pro-002", problem.Message);
        Assert.Contains("\"contents\"", problem.Message);
    }

    [Fact]
    public void The_palm_input_text_output_text_format_is_recognised_and_refused()
    {
        var problem = Validate(new[] { "{\"input_text\":\"q\",\"output_text\":\"a\"}" }).Only();

        Assert.Equal(DatasetProblemCode.LegacyTextFormat, problem.Code);
        Assert.Equal(2, problem.Column);
    }

    [Fact]
    public void An_object_without_contents_is_reported()
    {
        var problem = Validate(new[] { Good, "{\"prompt\":\"x\"}" }).Findings().Single(p => p.Severity == DatasetProblemSeverity.Error);

        Assert.Equal((DatasetProblemCode.MissingContents, 2L, 1), (problem.Code, problem.Line, problem.Column));
    }

    [Fact]
    public void Contents_that_is_not_an_array_is_a_wrong_type_at_its_value()
    {
        var line = "{\"contents\":{\"role\":\"user\"}}";

        var problem = Validate(new[] { line }).Only();

        Assert.Equal((DatasetProblemCode.WrongType, ColumnOf(line, "{\"role")), (problem.Code, problem.Column));
        Assert.Contains("\"contents\" must be an array", problem.Message);
    }

    [Fact]
    public void Empty_contents_is_reported_at_the_array()
    {
        var line = "{\"contents\":[]}";

        var problem = Validate(new[] { line }).Only();

        Assert.Equal((DatasetProblemCode.EmptyContents, 13), (problem.Code, problem.Column));
    }

    [Fact]
    public void A_turn_without_a_role_is_reported_at_the_turn()
    {
        var line = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"a\"}]},{\"parts\":[{\"text\":\"b\"}]}]}";

        var problem = Validate(new[] { line }).Only();

        Assert.Equal((DatasetProblemCode.MissingRole, ColumnOf(line, "{\"parts\":[{\"text\":\"b")), (problem.Code, problem.Column));
    }

    [Theory]
    [InlineData("assistant", "Use \"model\"")]
    [InlineData("system", "systemInstruction")]
    [InlineData("function", "functionResponse")]
    [InlineData("narrator", "roles are \"user\" and \"model\"")]
    public void A_role_other_than_user_or_model_is_an_error_with_a_hint(string role, string hint)
    {
        var line = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"a\"}]},{\"role\":\"" + role + "\",\"parts\":[{\"text\":\"b\"}]}]}";

        var problem = Validate(new[] { line }).Only();

        Assert.Equal(DatasetProblemCode.InvalidRole, problem.Code);
        Assert.Equal(DatasetProblemSeverity.Error, problem.Severity);
        Assert.Equal(ColumnOf(line, "\"" + role + "\""), problem.Column);
        Assert.Contains(hint, problem.Message);
    }

    [Fact]
    public void A_capitalised_role_is_a_warning_and_still_counts_as_that_role()
    {
        var line = Text("a", "b").Replace("\"user\"", "\"User\"");

        var problem = Validate(new[] { line }).Only();

        Assert.Equal((DatasetProblemCode.InvalidRole, DatasetProblemSeverity.Warning), (problem.Code, problem.Severity));
        Assert.Equal(ColumnOf(line, "\"User\""), problem.Column);
    }

    [Fact]
    public void Two_user_turns_in_a_row_are_reported_at_the_second_role()
    {
        var line = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"a\"}]},{\"role\":\"user\",\"parts\":[{\"text\":\"b\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"c\"}]}]}";

        var problem = Validate(new[] { Good, line }).Only();

        Assert.Equal(DatasetProblemCode.RolesNotAlternating, problem.Code);
        Assert.Equal(2, problem.Line);
        Assert.Equal(line.IndexOf("\"user\"", line.IndexOf("\"user\"") + 1) + 1, problem.Column);
        Assert.Contains("Turns 1 and 2", problem.Message);
    }

    [Fact]
    public void A_conversation_that_ends_with_a_user_turn_is_reported_at_that_turn()
    {
        var line = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"a\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"b\"}]},{\"role\":\"user\",\"parts\":[{\"text\":\"c\"}]}]}";

        var problem = Validate(new[] { line }).Only();

        Assert.Equal(DatasetProblemCode.LastTurnNotModel, problem.Code);
        Assert.Equal(line.LastIndexOf("{\"role\"") + 1, problem.Column);
    }

    [Fact]
    public void A_turn_without_parts_and_a_turn_with_empty_parts_are_reported()
    {
        var missing = "{\"contents\":[{\"role\":\"user\"},{\"role\":\"model\",\"parts\":[{\"text\":\"b\"}]}]}";
        var empty = "{\"contents\":[{\"role\":\"user\",\"parts\":[]},{\"role\":\"model\",\"parts\":[{\"text\":\"b\"}]}]}";

        var problems = Validate(new[] { missing, empty }).Findings();

        Assert.Equal((DatasetProblemCode.MissingParts, 1L, ColumnOf(missing, "{\"role\":\"user")), (problems[0].Code, problems[0].Line, problems[0].Column));
        Assert.Equal((DatasetProblemCode.EmptyParts, 2L, ColumnOf(empty, "[]")), (problems[1].Code, problems[1].Line, problems[1].Column));
    }

    [Fact]
    public void An_empty_part_has_no_data()
    {
        var line = WithUserPart("{}");

        var problem = Validate(new[] { line }).Only();

        Assert.Equal((DatasetProblemCode.PartWithoutData, ColumnOf(line, "{}")), (problem.Code, problem.Column));
    }

    [Fact]
    public void A_part_with_two_kinds_of_content_is_reported_at_the_second()
    {
        var line = WithUserPart("{\"text\":\"look\",\"fileData\":{\"mimeType\":\"image/png\",\"fileUri\":\"gs://b/i.png\"}}");

        var problem = Validate(new[] { line }).Only();

        Assert.Equal((DatasetProblemCode.PartWithSeveralData, ColumnOf(line, "\"fileData\"")), (problem.Code, problem.Column));
        Assert.Contains("\"text\"", problem.Message);
    }

    [Fact]
    public void An_empty_text_is_reported_at_the_string()
    {
        var line = WithUserPart("{\"text\":\"\"}");

        var problem = Validate(new[] { line }).Only();

        Assert.Equal((DatasetProblemCode.EmptyText, ColumnOf(line, "\"\"")), (problem.Code, problem.Column));
    }

    [Fact]
    public void Text_that_is_not_a_string_is_a_wrong_type()
    {
        var line = WithUserPart("{\"text\":42}");

        var problem = Validate(new[] { line }).Only();

        Assert.Equal((DatasetProblemCode.WrongType, ColumnOf(line, "42")), (problem.Code, problem.Column));
    }

    [Fact]
    public void File_data_without_mime_type_or_uri_is_incomplete()
    {
        var noMime = WithUserPart("{\"fileData\":{\"fileUri\":\"gs://b/doc.pdf\"}}");
        var noUri = WithUserPart("{\"fileData\":{\"mimeType\":\"application/pdf\"}}");

        var problems = Validate(new[] { noMime, noUri }).Findings();

        Assert.All(problems, p => Assert.Equal(DatasetProblemCode.FileDataIncomplete, p.Code));
        Assert.Equal((1L, ColumnOf(noMime, "\"fileData\"")), (problems[0].Line, problems[0].Column));
        Assert.Contains("mimeType", problems[0].Message);
        Assert.Equal(2L, problems[1].Line);
        Assert.Contains("fileUri", problems[1].Message);
    }

    [Theory]
    [InlineData("/local/image.png")]
    [InlineData("gs://bucket-only")]
    [InlineData("ftp://host/x.png")]
    public void A_file_uri_that_is_neither_gs_nor_http_is_reported(string uri)
    {
        var line = WithUserPart("{\"fileData\":{\"mimeType\":\"image/png\",\"fileUri\":\"" + uri + "\"}}");

        var problem = Validate(new[] { line }).Only();

        Assert.Equal((DatasetProblemCode.InvalidFileUri, ColumnOf(line, "\"" + uri)), (problem.Code, problem.Column));
    }

    [Fact]
    public void Image_pdf_audio_and_video_files_are_accepted_by_current_models_and_make_the_example_multimodal()
    {
        var lines = new[] { "image/jpeg", "application/pdf", "audio/mpeg", "video/mp4", "text/plain" }
            .Select(m => WithUserPart("{\"fileData\":{\"mimeType\":\"" + m + "\",\"fileUri\":\"https://example.com/f\"}},{\"text\":\"describe\"}"));

        var report = Validate(lines, baseModel: "gemini-2.5-flash");

        Assert.Empty(report.Findings());
        Assert.Equal(5, report.MultimodalExampleCount);
    }

    [Fact]
    public void A_mime_type_gemini_cannot_read_is_reported_at_the_value()
    {
        var line = WithUserPart("{\"fileData\":{\"mimeType\":\"application/zip\",\"fileUri\":\"gs://b/a.zip\"}}");

        var problem = Validate(new[] { line }).Only();

        Assert.Equal((DatasetProblemCode.UnsupportedMimeType, ColumnOf(line, "\"application/zip\"")), (problem.Code, problem.Column));
    }

    [Fact]
    public void Inline_data_is_refused_with_the_fix()
    {
        var line = WithUserPart("{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"iVBORw0KGgo=\"}}");

        var problem = Validate(new[] { line }).Only();

        Assert.Equal((DatasetProblemCode.UnsupportedPartType, ColumnOf(line, "\"inlineData\"")), (problem.Code, problem.Column));
        Assert.Contains("fileData", problem.Message);
    }

    [Fact]
    public void Files_are_refused_for_a_text_only_model()
    {
        var line = WithUserPart("{\"fileData\":{\"mimeType\":\"image/png\",\"fileUri\":\"gs://b/i.png\"}}");

        var problem = Validate(Repeat(line, 20), baseModel: "gemini-1.0-pro-002").Findings().First();

        Assert.Equal((DatasetProblemCode.UnsupportedPartType, ColumnOf(line, "\"fileData\"")), (problem.Code, problem.Column));
        Assert.Contains("text only", problem.Message);
    }

    [Fact]
    public void A_system_instruction_takes_text_only()
    {
        var line = "{\"systemInstruction\":{\"parts\":[{\"fileData\":{\"mimeType\":\"image/png\",\"fileUri\":\"gs://b/i.png\"}}]}," + Good.Substring(1);

        var problem = Validate(new[] { line }).Only();

        Assert.Equal((DatasetProblemCode.UnsupportedPartType, ColumnOf(line, "\"fileData\"")), (problem.Code, problem.Column));
    }

    [Fact]
    public void A_function_call_in_a_user_turn_is_reported()
    {
        var line = WithUserPart("{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Oslo\"}}}");

        var problem = Validate(new[] { line }).Only();

        Assert.Equal((DatasetProblemCode.UnsupportedPartType, ColumnOf(line, "\"functionCall\"")), (problem.Code, problem.Column));
    }

    [Fact]
    public void A_function_calling_conversation_is_valid()
    {
        var line = "{\"tools\":[{\"functionDeclarations\":[{\"name\":\"get_weather\",\"parameters\":{\"type\":\"OBJECT\"}}]}]," +
                   "\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Weather in Oslo?\"}]}," +
                   "{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Oslo\"}}}]}," +
                   "{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"name\":\"get_weather\",\"response\":{\"c\":3}}}]}," +
                   "{\"role\":\"model\",\"parts\":[{\"text\":\"3 degrees.\"}]}]}";

        var report = Validate(new[] { line });

        Assert.Empty(report.Findings());
        Assert.True(report.EstimatedTokens > 10);
    }

    [Fact]
    public void Snake_case_names_and_generation_config_are_accepted()
    {
        var line = "{\"system_instruction\":{\"role\":\"system\",\"parts\":[{\"text\":\"Be brief.\"}]},\"generation_config\":{\"mediaResolution\":\"MEDIA_RESOLUTION_LOW\"}," +
                   "\"contents\":[{\"role\":\"user\",\"parts\":[{\"file_data\":{\"mime_type\":\"image/png\",\"file_uri\":\"gs://b/i.png\"}}]},{\"role\":\"model\",\"parts\":[{\"text\":\"A cat.\"}]}]}";

        Assert.Empty(Validate(new[] { line }).Findings());
    }

    [Fact]
    public void An_unknown_field_is_a_warning_at_its_key()
    {
        var line = "{\"id\":7," + Good.Substring(1);

        var problem = Validate(new[] { line }).Only();

        Assert.Equal((DatasetProblemCode.UnknownField, DatasetProblemSeverity.Warning, 2), (problem.Code, problem.Severity, problem.Column));
        Assert.Contains("\"id\"", problem.Message);
    }

    [Fact]
    public void Every_problem_of_a_line_is_reported_in_column_order()
    {
        var line = "{\"contents\":[{\"role\":\"assistant\",\"parts\":[]},{\"role\":\"model\",\"parts\":[{}]}]}";

        var problems = Validate(new[] { line }).Findings();

        Assert.Equal(new[] { DatasetProblemCode.InvalidRole, DatasetProblemCode.EmptyParts, DatasetProblemCode.PartWithoutData },
            problems.Select(p => p.Code));
        Assert.Equal(new[] { ColumnOf(line, "\"assistant\""), ColumnOf(line, "[]"), ColumnOf(line, "{}") }, problems.Select(p => p.Column));
        Assert.All(problems, p => Assert.Equal(1, p.Line));
    }

    [Fact]
    public void Columns_count_characters_on_a_line_with_non_ascii_text()
    {
        var line = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"日本語のテキスト 😀\"}]},{\"role\":\"modèle\",\"parts\":[{\"text\":\"x\"}]}]}";

        var problem = Validate(new[] { line }).Only();

        Assert.Equal(DatasetProblemCode.InvalidRole, problem.Code);
        // string.IndexOf counts UTF-16 code units, as editors do (the emoji is two).
        Assert.Equal(ColumnOf(line, "\"modèle\""), problem.Column);
    }

    [Fact]
    public void Crlf_line_endings_and_a_last_line_without_newline_are_fine()
    {
        var content = Encoding.UTF8.GetBytes(Good + "\r\n" + Good + "\r\n" + Good);

        var report = ValidateBytes(content);

        Assert.Empty(report.Findings());
        Assert.Equal(3, report.ExampleCount);
    }

    [Fact]
    public void Escaped_characters_count_as_the_characters_they_stand_for()
    {
        // "a\nb\u00e9" is 4 characters (1 token) although it takes 11 bytes; "é😀" is 3 UTF-16 code units (1 token).
        var report = Validate(new[] { Text("a\\nb\\u00e9", "é😀") });

        Assert.Equal(2, report.EstimatedTokens);
    }

    [Fact]
    public void An_empty_file_is_an_error()
    {
        var report = ValidateBytes(System.Array.Empty<byte>());

        var problem = Assert.Single(report.Problems);
        Assert.Equal((DatasetProblemCode.EmptyFile, 0L, 0), (problem.Code, problem.Line, problem.Column));
        Assert.False(report.IsValid);
    }
}
