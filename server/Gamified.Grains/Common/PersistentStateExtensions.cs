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
}
