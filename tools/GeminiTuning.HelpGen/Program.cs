namespace GeminiTuning.HelpGen;

internal static class Program
{
    private static int Main() => 0;
}
