using System;
using System.Text;
using GeminiTuning.Datasets;

namespace GeminiTuning.Tests.Datasets;

/// <summary>The UTF-8 helpers columns and token estimates rest on.</summary>
public sealed class Utf8TextTests
{
    [Fact]
    public void Character_counts_match_dotnet_strings_for_any_mix_of_scripts()
    {
        var random = new Random(3);
        var pieces = new[] { "a", "é", "日本", "😀", "\u0000", "Ω", "z", "𝄞" };
        for (var round = 0; round < 200; round++)
        {
            var text = new StringBuilder();
            for (var i = random.Next(40); i > 0; i--)
            {
                text.Append(pieces[random.Next(pieces.Length)]);
            }

            var bytes = Encoding.UTF8.GetBytes(text.ToString());

            Assert.Equal(text.Length, Utf8Text.CharCount(bytes));
            Assert.Equal(-1, Utf8Text.FirstInvalid(bytes, 0, bytes.Length));
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0xC0, 0x80 }, 1)]             // overlong NUL
    [InlineData(new byte[] { 0x61, 0x62, 0xED, 0xA0, 0x80 }, 2)] // a UTF-16 surrogate
    [InlineData(new byte[] { 0xF5, 0x80, 0x80, 0x80 }, 0)]       // above U+10FFFF
    [InlineData(new byte[] { 0x61, 0xE2, 0x82 }, 1)]             // cut off at the end
    [InlineData(new byte[] { 0x80 }, 0)]                         // a lone continuation byte
    [InlineData(new byte[] { 0xC3, 0x28 }, 0)]                   // a lead byte without its continuation
    public void The_first_invalid_byte_is_found(byte[] bytes, int expected)
    {
        Assert.Equal(expected, Utf8Text.FirstInvalid(bytes, 0, bytes.Length));
    }

    [Fact]
    public void The_first_line_break_in_a_range_is_found_wherever_it_is_and_none_outside_the_range()
    {
        var buffer = new byte[300];
        buffer.AsSpan().Fill((byte)'x');
        foreach (var at in new[] { 5, 31, 32, 33, 64, 130, 299 })
        {
            buffer[at] = (byte)'\n';
            Assert.Equal(at, Utf8Text.IndexOfNewline(buffer, 0, buffer.Length));
            Assert.Equal(at, Utf8Text.IndexOfNewline(buffer, at, buffer.Length));
            Assert.Equal(-1, Utf8Text.IndexOfNewline(buffer, 0, at));
            Assert.Equal(-1, Utf8Text.IndexOfNewline(buffer, at + 1, buffer.Length));
            buffer[at] = (byte)'x';
        }
    }
}
