using System.Buffers.Binary;
using System.Collections.Concurrent;
using Coach.Charts;
using Coach.Core.Conversation;
using Coach.Core.Progress;

namespace Coach.Tests.Shared;

/// <summary>Reads a PNG's header: the signature and the IHDR chunk's width and height (it fails on anything else).</summary>
public static class PngImage
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static (int Width, int Height) Size(byte[] bytes)
    {
        Assert.True(bytes.Length > 33, $"{bytes.Length} bytes is too short for a PNG");
        Assert.Equal(Signature, bytes[..8]);
        Assert.Equal(13, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8, 4)));
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal("IEND", System.Text.Encoding.ASCII.GetString(bytes, bytes.Length - 8, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
    }
}

/// <summary>The real ScottPlot renderer, keeping each chart it was asked to draw so tests can count its points.</summary>
public sealed class RecordingChartRenderer : IProgressChartRenderer
{
    private readonly ScottPlotProgressRenderer _inner = new();

    public ConcurrentQueue<(ProgressChart Chart, FileAttachment File)> Drawn { get; } = new();

    public FileAttachment Render(ProgressChart chart)
    {
        FileAttachment file = _inner.Render(chart);
        Drawn.Enqueue((chart, file));
        return file;
    }
}
