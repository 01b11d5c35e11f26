namespace Coach.Discord.Payloads;

internal static class InteractionType
{
    public const int Ping = 1;
    public const int Command = 2;
    public const int Component = 3;
    public const int Autocomplete = 4;
    public const int ModalSubmit = 5;
}

internal static class CallbackType
{
    public const int Message = 4;
    public const int DeferredMessage = 5;
    public const int DeferredUpdate = 6;
    public const int Modal = 9;
}

internal static class MessageFlags
{
    public const int Ephemeral = 64;
}

internal static class ChannelTypes
{
    public const int GuildText = 0;
    public const int Dm = 1;
    public static bool IsThread(int type) => type is 10 or 11 or 12;
    public const int PublicThread = 11;
}
