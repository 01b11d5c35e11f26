using System.Collections.Frozen;
using System.Globalization;

namespace Coach.Core.Rubric;

/// <summary>
/// A currency an amount was written in, and roughly what one unit of it is worth in dollars. The bands are in dollars (the
/// guide's $1-5M and $10M+), so "₹40 crore" is banded as about $4.7M and "£3.2M" as about $4.2M; the rates are round
/// figures, close enough for bands a factor of two or ten apart, and the feedback restates the amount as it was written.
/// </summary>
public sealed record Currency(string Code, string Sign, double Dollars)
{
    public static readonly Currency Usd = new("USD", "$", 1);
    public static readonly Currency Gbp = new("GBP", "£", 1.3);
    public static readonly Currency Eur = new("EUR", "€", 1.1);
    public static readonly Currency Inr = new("INR", "₹", 1 / 85.0);
    public static readonly Currency Jpy = new("JPY", "¥", 1 / 150.0);
    public static readonly Currency Cny = new("CNY", "CN¥", 0.14);
    public static readonly Currency Brl = new("BRL", "R$", 0.18);
    public static readonly Currency Sgd = new("SGD", "S$", 0.75);
    public static readonly Currency Cad = new("CAD", "C$", 0.72);
    public static readonly Currency Aud = new("AUD", "A$", 0.65);
    public static readonly Currency Chf = new("CHF", "CHF ", 1.15);
    public static readonly Currency Pln = new("PLN", "PLN ", 0.25);
    public static readonly Currency Ngn = new("NGN", "₦", 1 / 1500.0);
    public static readonly Currency Krw = new("KRW", "₩", 1 / 1350.0);
    public static readonly Currency Mxn = new("MXN", "MX$", 0.055);
    public static readonly Currency Try = new("TRY", "₺", 1 / 35.0);
    public static readonly Currency Vnd = new("VND", "₫", 1 / 25000.0);
    public static readonly Currency Uah = new("UAH", "₴", 1 / 41.0);
    public static readonly Currency Egp = new("EGP", "EGP ", 1 / 49.0);
    public static readonly Currency Hkd = new("HKD", "HK$", 0.13);
    public static readonly Currency Sek = new("SEK", "SEK ", 0.095);
    public static readonly Currency Nok = new("NOK", "NOK ", 0.093);
    public static readonly Currency Dkk = new("DKK", "DKK ", 0.145);
    public static readonly Currency Zar = new("ZAR", "R ", 0.055);
    public static readonly Currency Nzd = new("NZD", "NZ$", 0.6);
    public static readonly Currency Aed = new("AED", "AED ", 0.27);
    public static readonly Currency Myr = new("MYR", "RM ", 0.22);
    public static readonly Currency Thb = new("THB", "฿", 0.029);
    public static readonly Currency Idr = new("IDR", "Rp ", 1 / 16000.0);
    public static readonly Currency Czk = new("CZK", "CZK ", 0.043);
    public static readonly Currency Huf = new("HUF", "HUF ", 1 / 360.0);
    public static readonly Currency Ils = new("ILS", "₪", 0.27);

    /// <summary>Where a word naming a currency may stand beside a number: before it ("INR 12 Cr"), after it ("2 million euros"),
    /// either, or neither (it names the currency only inside an amount already read: "lakh", "zł").</summary>
    [Flags]
    private enum Place
    {
        Inside = 0,
        Before = 1,
        After = 2,
        Either = Before | After,
    }

    /// <summary>The codes and words that name a currency, plurals included ("rupees", "lakhs"): one table for what makes a number
    /// money (<see cref="Before"/>, <see cref="After"/>) and which currency it is (<see cref="Of"/>).</summary>
    private static readonly (string Word, Currency Currency, Place Place)[] Named =
    [
        ("usd", Usd, Place.Either), ("us$", Usd, Place.Before), ("dollars", Usd, Place.After), ("dollar", Usd, Place.After), ("bucks", Usd, Place.After),
        ("gbp", Gbp, Place.Either), ("pound", Gbp, Place.Inside), ("pounds", Gbp, Place.After),
        ("eur", Eur, Place.Either), ("euro", Eur, Place.After), ("euros", Eur, Place.After),
        ("inr", Inr, Place.Either), ("rupee", Inr, Place.After), ("rupees", Inr, Place.After), ("rs", Inr, Place.Before),
        ("lakh", Inr, Place.Inside), ("lakhs", Inr, Place.Inside), ("lac", Inr, Place.Inside), ("lacs", Inr, Place.Inside),
        ("crore", Inr, Place.Inside), ("crores", Inr, Place.Inside), ("cr", Inr, Place.Inside),
        ("ngn", Ngn, Place.Either), ("naira", Ngn, Place.After),
        ("rmb", Cny, Place.Either), ("cny", Cny, Place.Before), ("yuan", Cny, Place.After),
        ("jpy", Jpy, Place.Either), ("yen", Jpy, Place.After),
        ("brl", Brl, Place.Either), ("reais", Brl, Place.After),
        ("sgd", Sgd, Place.Either), ("cad", Cad, Place.Either), ("aud", Aud, Place.Either),
        ("chf", Chf, Place.Either), ("franc", Chf, Place.Inside), ("francs", Chf, Place.After),
        ("pln", Pln, Place.Either), ("zloty", Pln, Place.After), ("zlotys", Pln, Place.After), ("zł", Pln, Place.Inside),
        ("krw", Krw, Place.Either), ("won", Krw, Place.Inside), // not after a number on its own: "a team of 5 won the award"
        ("mxn", Mxn, Place.Either), ("pesos", Mxn, Place.After), ("lira", Try, Place.After), ("liras", Try, Place.After),
        ("vnd", Vnd, Place.Either), ("dong", Vnd, Place.After), ("uah", Uah, Place.Either), ("hryvnia", Uah, Place.After),
        ("hryvnias", Uah, Place.After), ("egp", Egp, Place.Either), ("hkd", Hkd, Place.Either),
        // currencies read as dollars before, ten times their worth for the crowns: "SEK 14 million a year"
        ("sek", Sek, Place.Either), ("kronor", Sek, Place.After), ("nok", Nok, Place.Either), ("dkk", Dkk, Place.Either),
        ("zar", Zar, Place.Either), ("rand", Zar, Place.After), ("nzd", Nzd, Place.Either), ("aed", Aed, Place.Either),
        ("dirhams", Aed, Place.After), ("myr", Myr, Place.Either), ("ringgit", Myr, Place.After), ("thb", Thb, Place.Either),
        ("baht", Thb, Place.After), ("idr", Idr, Place.Either), ("rupiah", Idr, Place.After), ("czk", Czk, Place.Either),
        ("huf", Huf, Place.Either), ("forint", Huf, Place.After), ("ils", Ils, Place.Either), ("shekels", Ils, Place.After),
    ];

    /// <summary>Codes that make the number after them money: "USD 4 million", "INR 12 Cr", "Rs. 40 lakh".</summary>
    internal static readonly FrozenSet<string> Before = Named.Where(n => n.Place.HasFlag(Place.Before)).Select(n => n.Word).ToFrozenSet();

    /// <summary>Codes and words that make the number before them money: "2 million euros", "40 lakh rupees".</summary>
    internal static readonly FrozenSet<string> After = Named.Where(n => n.Place.HasFlag(Place.After)).Select(n => n.Word).ToFrozenSet();

    /// <summary>The currency each word names, dollars left out (dollars are what an amount is when nothing else is named), any case.</summary>
    private static readonly FrozenDictionary<string, Currency> Words =
        Named.Where(n => n.Currency != Usd).ToFrozenDictionary(n => n.Word, n => n.Currency, StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, Currency>.AlternateLookup<ReadOnlySpan<char>> WordsBySpan =
        Words.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The currency signs other than "$" (whose letter before it, "R$", "S$", tells which dollar); "¥" is yen unless "CN¥".</summary>
    private static readonly FrozenDictionary<char, Currency> Signs = new Dictionary<char, Currency>
    {
        ['£'] = Gbp, ['€'] = Eur, ['₹'] = Inr, ['₦'] = Ngn, ['₩'] = Krw, ['₺'] = Try, ['₫'] = Vnd, ['₴'] = Uah, ['¥'] = Jpy,
    }.ToFrozenDictionary();

    /// <summary>A currency sign the tokenizer reads as "$" (outside ASCII).</summary>
    internal static bool IsSign(char c) => Signs.ContainsKey(c);

    /// <summary>
    /// The currency of an amount as written, with the word or sign just before it (<paramref name="before"/>, for "R$" and
    /// "S$", whose letter is a token of its own): a sign ("£4M", "₹12 lakh"), a code ("EUR 200K", "INR 12 Cr"), a word
    /// ("40 lakh rupees", "2 million euros"), or Indian scale words alone ("saved 40 lakh a year"). Anything else is dollars.
    /// One pass over the amount's characters: it is read for every amount of every answer.
    /// </summary>
    public static Currency Of(string written, string before = "")
    {
        bool dollar = false;
        for (int i = 0; i < written.Length;)
        {
            char c = written[i];
            if (c == '$')
            {
                dollar = true;
            }
            else if (c >= 128 && Signs.TryGetValue(c, out Currency? signed))
            {
                return signed == Jpy && before.EndsWith("CN", StringComparison.OrdinalIgnoreCase) ? Cny : signed;
            }
            if (!char.IsLetter(c))
            {
                i++;
                continue;
            }
            int start = i;
            while (i < written.Length && char.IsLetter(written[i]))
            {
                i++;
            }
            if (i - start >= 2 && WordsBySpan.TryGetValue(written.AsSpan(start, i - start), out Currency? named))
            {
                return named;
            }
        }
        return !dollar ? Usd
            : Letter(before, 'R') ? Brl
            : Letter(before, 'S') ? Sgd
            : Letter(before, 'C') ? Cad
            : Letter(before, 'A') ? Aud
            : before.EndsWith("HK", StringComparison.OrdinalIgnoreCase) ? Hkd
            : before.EndsWith("MX", StringComparison.OrdinalIgnoreCase) ? Mxn
            : Usd;
    }

    /// <summary>An amount in this currency, given in dollars: "$1.8M", "£4M", "₹40 crore", "₹12 lakh".</summary>
    public string Format(double dollars)
    {
        double amount = dollars / Dollars;
        if (Code == "INR" && amount >= 1e5)
        {
            // lakh and crore, as amounts in rupees are said
            return amount >= 1e7
                ? Sign + (amount / 1e7).ToString("0.##", CultureInfo.InvariantCulture) + " crore"
                : Sign + (amount / 1e5).ToString("0.##", CultureInfo.InvariantCulture) + " lakh";
        }
        return Sign + amount switch
        {
            >= 1e9 => (amount / 1e9).ToString("0.##", CultureInfo.InvariantCulture) + "B",
            >= 1e6 => (amount / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "M",
            >= 1e3 => (amount / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "K",
            _ => amount.ToString("0", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>As <see cref="Format"/>, and in dollars beside it when it is another currency: "₹40 crore (about $4.71M)".</summary>
    public string Restate(double dollars) => Code == "USD" ? Format(dollars) : $"{Format(dollars)} (about {Usd.Format(dollars)})";

    private static bool Letter(string before, char letter) =>
        before.Length > 0 && char.ToUpperInvariant(before[^1]) == letter && (before.Length == 1 || !char.IsLetter(before[^2]));
}
