using Coach.Discord.Gateway;
using Coach.Discord.Interactions;
using Coach.Discord.Payloads;

namespace Coach.Discord.Inbound;

/// <summary>An event waiting on its lane: a message for Coach or an interaction, with the session generation it came in.</summary>
internal sealed record WorkItem(GatewayDispatch Dispatch, DiscordMessage? Message, InteractionState? Interaction, int Generation = 0);
