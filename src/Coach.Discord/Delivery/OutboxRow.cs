using System.Security.Cryptography;
using System.Text;
using Coach.Discord.Payloads;

namespace Coach.Discord.Delivery;

/// <summary>
/// One outbox reply being sent: the <see cref="Seq"/>-th reply of the event <see cref="EventKey"/>. A reply may take several
/// messages (long text split, a note beside it); each is message <c>part</c> of the row and is posted with the nonce
/// <see cref="Nonce"/> of its part, so a retry (this worker's, or the next worker's after a crash) is recognised by Discord.
/// </summary>
internal sealed class OutboxRow(string eventKey, int seq)
{
    private readonly HashSet<string> _found = new(StringComparer.Ordinal);
    private int _part;

    public string EventKey { get; } = eventKey;
    public int Seq { get; } = seq;

    /// <summary>Set when the reply is taken up from a dead worker past Discord's nonce window: before posting a part, look
    /// for it among the channel's messages since then.</summary>
    public DateTimeOffset? LookSince { get; init; }

    /// <summary>The nonce of the next part, and that part's number.</summary>
    public string NextNonce() => Nonce(EventKey, Seq, _part++);

    /// <summary>True the first time a message is claimed for one of this reply's parts: one message never stands for two parts.</summary>
    public bool Claim(string messageId) => _found.Add(messageId);

    /// <summary>Discord takes nonces of at most 25 characters: the outbox key (event key, reply number, part) hashed, in
    /// base 36 so it is plain letters and digits.</summary>
    public static string Nonce(string eventKey, int seq, int part)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{eventKey}#{seq}#{part}"), hash);
        var value = new System.Numerics.BigInteger(hash[..16], isUnsigned: true);
        var chars = new char[25];
        for (int i = 0; i < chars.Length; i++)
        {
            int digit = (int)(value % 36);
            value /= 36;
            chars[i] = (char)(digit < 10 ? '0' + digit : 'a' + digit - 10);
        }
        return new string(chars);
    }

    /// <summary>What a message shows, to tell whether a message in the channel is this reply's part: the text and the
    /// embeds' titles and descriptions, trimmed (what Discord returns of what was sent).</summary>
    public static string Fingerprint(MessagePayload sent) =>
        Fingerprint(sent.Content, (sent.Embeds ?? []).Select(e => (e.Title, e.Description)));

    public static string Fingerprint(PostedMessage read) =>
        Fingerprint(read.Content, (read.Embeds ?? []).Select(e => (e.Title, e.Description)));

    private static string Fingerprint(string? content, IEnumerable<(string? Title, string? Description)> embeds) =>
        string.Join('\u001f', new[] { (content ?? "").Trim() }.Concat(embeds.Select(e => $"{e.Title?.Trim()}\u001e{e.Description?.Trim()}")));
}
