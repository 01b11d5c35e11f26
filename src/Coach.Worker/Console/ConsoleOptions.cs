using System.ComponentModel.DataAnnotations;

namespace Coach.Worker.Console;

/// <summary>The console chat (section <c>Console</c>).</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>Who is typing (the person's key in the store); the login name when empty.</summary>
    public string? User { get; set; }

    /// <summary>The column to wrap replies at. Empty: the terminal's width when the output is a terminal, no wrapping when it
    /// is piped or redirected. 0: never wrap.</summary>
    [Range(0, 10_000, ErrorMessage = "Console:Width must be 0 (no wrapping) or a number of columns.")]
    public int? Width { get; set; }

    /// <summary>The folder the progress picture is written to; the current folder when empty.</summary>
    public string? PictureFolder { get; set; }
}
