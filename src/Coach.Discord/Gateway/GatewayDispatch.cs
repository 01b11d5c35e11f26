using System.Text.Json;

namespace Coach.Discord.Gateway;

/// <summary>One dispatch (op 0) from the gateway. <paramref name="ReceivedAt"/> is a <see cref="TimeProvider"/> timestamp.</summary>
public sealed record GatewayDispatch(string Type, int Sequence, JsonElement Data, long ReceivedAt);
