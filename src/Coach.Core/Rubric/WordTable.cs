namespace Coach.Core.Rubric;

/// <summary>
/// The lexicon's vocabulary as an open-addressing table of lowercased words. The tokenizer lowercases and hashes a word in
/// the same pass over its letters (<see cref="Step"/>), so finding it costs one probe and one comparison, and a word the
/// table knows needs no string of its own.
/// </summary>
internal sealed class WordTable
{
    /// <summary>The hash of the empty word.</summary>
    public const uint Seed = 0;

    private readonly string?[] _words;
    private readonly int[] _ids;
    private readonly uint[] _hashes;
    private readonly int _mask;
    private readonly int _shift;

    /// <summary>A table of <paramref name="ids"/> (word → id), at most a quarter full so a probe rarely goes past one slot.</summary>
    public WordTable(IReadOnlyDictionary<string, int> ids)
    {
        int size = 16;
        while (size < ids.Count * 4)
        {
            size *= 2;
        }
        _words = new string?[size];
        _ids = new int[size];
        _hashes = new uint[size];
        _mask = size - 1;
        _shift = 32 - System.Numerics.BitOperations.Log2((uint)size);
        foreach ((string word, int id) in ids)
        {
            uint hash = Hash(word);
            int slot = Slot(hash);
            while (_words[slot] is not null)
            {
                slot = (slot + 1) & _mask;
            }
            _words[slot] = word;
            _ids[slot] = id;
            _hashes[slot] = hash;
        }
    }

    /// <summary>One character more of a word's hash: a rotate and an exclusive or, two cycles a character on the
    /// tokenizer's path; <see cref="Slot"/> mixes the bits once per word.</summary>
    public static uint Step(uint hash, char c) => System.Numerics.BitOperations.RotateLeft(hash, 5) ^ c;

    public static uint Hash(ReadOnlySpan<char> word)
    {
        uint hash = Seed;
        foreach (char c in word)
        {
            hash = Step(hash, c);
        }
        return hash;
    }

    /// <summary>The id of <paramref name="word"/> (lowercased, with <paramref name="hash"/> from <see cref="Hash"/>) and the
    /// table's own string for it; -1 and null when the table does not know it.</summary>
    public int Find(ReadOnlySpan<char> word, uint hash, out string? known)
    {
        for (int slot = Slot(hash); ; slot = (slot + 1) & _mask)
        {
            string? candidate = _words[slot];
            if (candidate is null)
            {
                known = null;
                return -1;
            }
            if (_hashes[slot] == hash && word.SequenceEqual(candidate))
            {
                known = candidate;
                return _ids[slot];
            }
        }
    }

    // Fibonacci hashing: the multiply spreads every character's bits into the top bits the slot is taken from
    private int Slot(uint hash) => (int)((hash * 2654435769u) >> _shift);
}
