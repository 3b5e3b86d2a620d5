namespace Gamified.Common;

public static class PersistentStateExtensions
{
    /// <summary>Writes the state; if the write fails, undoes the in-memory change so memory matches storage.</summary>
    public static async Task WriteOrUndoAsync<T>(this IPersistentState<T> state, Action undo)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            undo();
            throw;
        }
    }

    /// <summary>Like <see cref="WriteOrUndoAsync{T}(IPersistentState{T}, Action)"/>, for an undo that also reaches a store.</summary>
    public static async Task WriteOrUndoAsync<T>(this IPersistentState<T> state, Func<Task> undo)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            await undo();
            throw;
        }
    }
}
