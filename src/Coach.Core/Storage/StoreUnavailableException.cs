namespace Coach.Core.Storage;

/// <summary>Thrown by <see cref="StoreOutageGuard"/> for an event the transport keeps in the store's inbox
/// (<see cref="Conversation.Incoming.InInbox"/>) when the store could not be reached to handle it: nothing of the turn was
/// written and the person is told nothing. The transport leaves the event unhandled in the inbox, and the sweep that takes
/// up unhandled events handles it, once, when the store is back (an event the store could not take either was never
/// acknowledged: the platform sends it again).</summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException()
        : base("The store cannot be reached.")
    {
    }

    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
