namespace Gamified.Storage.Leaderboards;

/// <summary>
/// A board's members in rank order: composite score descending, then member id descending (ordinal), which is Redis's
/// ZREVRANGE order. Adding, removing, the rank of a member and the member at a rank are each one walk from the root,
/// O(log n), where the SortedSet this replaces counted every member above to rank one (half a million steps for a
/// member in the middle of a million).
/// <para>
/// It is a weight-balanced binary search tree (Adams's, as in Haskell's Data.Map). Every node keeps the size of its
/// subtree, and that one number does two jobs: it is the balance rule (no subtree more than three times the size of
/// its sibling, so a path from the root is at most about 2.4 log₂ n long: 48 at a million, 26 or 27 measured), and it
/// is the order statistics (a node's rank is the sizes of the left subtrees skipped on the way down, plus the nodes
/// passed). Not thread-safe: the store's lock guards it.
/// </para>
/// </summary>
public sealed class RankedSet
{
    // Nodes are structs in pages, addressed by int, not objects: 32 bytes a member against a SortedSet node's 56, and
    // one reference per member for the GC to trace instead of three. A page of 2,048 nodes is 64 KiB, below the large
    // object heap; growing adds a page and never copies the nodes before it (a doubling array would copy 32 MiB under
    // the store's lock at a million members and leave up to half of it unused). The first page starts at 16 nodes and
    // doubles, since most boards (a department's, a team board) are small. Slot 0 is the empty tree: size 0, never written.
    private const int PageBits = 11;
    private const int PageSize = 1 << PageBits;
    private const int FirstPageSize = 16;
    private const int Nil = 0;

    // The balance parameters of Haskell's Data.Map, shown to keep this tree balanced through any single insert or
    // delete (Straka 2010; Hirai and Yamamoto 2011): a subtree may hold at most Delta times its sibling's members; when
    // one grows heavier, a single rotation restores balance, unless its inner child holds at least Ratio times its outer
    // child, and then a double rotation does. The tests check the rule at every node after random and in-order changes.
    private const int Delta = 3;
    private const int Ratio = 2;

    private struct Node
    {
        public double Composite;
        public string Member;
        public int Left, Right, Size;
    }

    private Node[][] _pages = [new Node[FirstPageSize]];
    private int _slots = 1;        // slots handed out so far, the empty tree's included
    private int _free = Nil;       // slots of removed members, chained through Left, reused first
    private int _root = Nil;
    private int _version;          // changes on every change, so an enumeration notices one under it

    public int Count => N(_root).Size;

    /// <summary>Adds the member with its composite; false when that exact pair is in already.</summary>
    public bool Add(double composite, string member)
    {
        ArgumentNullException.ThrowIfNull(member);
        var slot = NewSlot(composite, member);
        var added = true;
        _root = Insert(_root, slot, ref added);
        if (added) _version++;
        else Release(slot);
        return added;
    }

    /// <summary>Removes the member with that composite; false when that exact pair is not in.</summary>
    public bool Remove(double composite, string member)
    {
        ArgumentNullException.ThrowIfNull(member);
        var removed = false;
        _root = Delete(_root, composite, member, ref removed);
        if (removed) _version++;
        return removed;
    }

    /// <summary>The 0-based position of the pair in rank order, or -1 when it is not in.</summary>
    public int IndexOf(double composite, string member)
    {
        ArgumentNullException.ThrowIfNull(member);
        var index = 0;
        for (var t = _root; t != Nil;)
        {
            ref var node = ref N(t);
            var order = Compare(composite, member, t);
            if (order < 0)
            {
                t = node.Left;
                continue;
            }
            index += N(node.Left).Size;
            if (order == 0) return index;
            index++;   // this node is before the pair too
            t = node.Right;
        }
        return -1;
    }

    /// <summary>
    /// The members in rank order from the 0-based <paramref name="index"/> on (nothing when it is past the end): one walk
    /// down to it, then each next member in O(1) on average. Throws if the set changes during the enumeration.
    /// </summary>
    public IEnumerable<(double Composite, string Member)> From(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return Walk(index);
    }

    private IEnumerable<(double Composite, string Member)> Walk(int index)
    {
        var version = _version;
        // Walk down to the index-th node, keeping the nodes passed on their left: they and their right subtrees come
        // after it, nearest on top. Past the end the walk only ever turns right and keeps nothing.
        var ahead = new Stack<int>();
        for (var t = _root; t != Nil;)
        {
            ref var node = ref N(t);
            var left = N(node.Left).Size;
            if (index <= left) ahead.Push(t);
            if (index == left) break;
            if (index < left) t = node.Left;
            else
            {
                index -= left + 1;
                t = node.Right;
            }
        }
        while (ahead.TryPop(out var t))
        {
            yield return (N(t).Composite, N(t).Member);
            if (version != _version) throw new InvalidOperationException("The set changed during the enumeration.");
            for (var next = N(t).Right; next != Nil; next = N(next).Left) ahead.Push(next);
        }
    }

    /// <summary>
    /// A copy in O(n) with no walk and no comparison: the pages are copied as they are, each one block copy (a tree walk
    /// in rank order would jump between pages at random, a cache miss a member).
    /// </summary>
    public RankedSet Clone()
    {
        var copy = (RankedSet)MemberwiseClone();
        copy._pages = Array.ConvertAll(_pages, page => (Node[])page?.Clone()!);
        return copy;
    }

    /// <summary>Negative when the pair ranks before node <paramref name="t"/>, positive when after, 0 when it is that node's.</summary>
    private int Compare(double composite, string member, int t)
    {
        ref var node = ref N(t);
        var byScore = node.Composite.CompareTo(composite);   // the higher composite first
        return byScore != 0 ? byScore : string.CompareOrdinal(node.Member, member);   // then the higher member id
    }

    private int Insert(int t, int slot, ref bool added)
    {
        if (t == Nil) return slot;
        ref var node = ref N(t);
        var order = Compare(N(slot).Composite, N(slot).Member, t);
        if (order == 0)
        {
            added = false;
            return t;
        }
        if (order < 0) node.Left = Insert(node.Left, slot, ref added);
        else node.Right = Insert(node.Right, slot, ref added);
        return added ? Balance(t) : t;
    }

    private int Delete(int t, double composite, string member, ref bool removed)
    {
        if (t == Nil) return Nil;
        ref var node = ref N(t);
        var order = Compare(composite, member, t);
        if (order < 0) node.Left = Delete(node.Left, composite, member, ref removed);
        else if (order > 0) node.Right = Delete(node.Right, composite, member, ref removed);
        else
        {
            removed = true;
            var (left, right) = (node.Left, node.Right);
            Release(t);
            if (left == Nil) return right;
            if (right == Nil) return left;
            // Two children: the next member in order (the first of the right subtree) takes the removed one's place.
            right = DeleteFirst(right, out t);
            N(t).Left = left;
            N(t).Right = right;
        }
        return removed ? Balance(t) : t;
    }

    private int DeleteFirst(int t, out int first)
    {
        ref var node = ref N(t);
        if (node.Left == Nil)
        {
            first = t;
            return node.Right;
        }
        node.Left = DeleteFirst(node.Left, out first);
        return Balance(t);
    }

    /// <summary>
    /// Sets the size of <paramref name="t"/>, whose subtrees are balanced and changed by at most one member since it
    /// was, and rotates it back into balance if it is not; returns the subtree's new root.
    /// </summary>
    private int Balance(int t)
    {
        ref var node = ref N(t);
        int left = N(node.Left).Size, right = N(node.Right).Size;
        node.Size = 1 + left + right;
        if (left + right <= 1) return t;
        if (right > Delta * left)
        {
            ref var heavy = ref N(node.Right);
            if (N(heavy.Left).Size >= Ratio * N(heavy.Right).Size) node.Right = Rotate(node.Right, fromRight: false);
            return Rotate(t, fromRight: true);
        }
        if (left > Delta * right)
        {
            ref var heavy = ref N(node.Left);
            if (N(heavy.Right).Size >= Ratio * N(heavy.Left).Size) node.Left = Rotate(node.Left, fromRight: true);
            return Rotate(t, fromRight: false);
        }
        return t;
    }

    /// <summary>
    /// A rotation at <paramref name="t"/>: its child on the right (<paramref name="fromRight"/>) or on the left rises to
    /// t's place, and t becomes that child's child on the other side, taking over the child's inner subtree. The order
    /// is unchanged; returns the risen child.
    /// </summary>
    private int Rotate(int t, bool fromRight)
    {
        ref var node = ref N(t);
        ref var link = ref fromRight ? ref node.Right : ref node.Left;
        var up = link;
        ref var risen = ref N(up);
        ref var inner = ref fromRight ? ref risen.Left : ref risen.Right;
        link = inner;
        inner = t;
        risen.Size = node.Size;   // the same members as before the rotation
        node.Size = 1 + N(node.Left).Size + N(node.Right).Size;
        return up;
    }

    private ref Node N(int slot) => ref _pages[slot >> PageBits][slot & (PageSize - 1)];

    private int NewSlot(double composite, string member)
    {
        var slot = _free;
        if (slot != Nil) _free = N(slot).Left;
        else
        {
            slot = _slots++;
            var page = slot >> PageBits;
            if (page == _pages.Length) Array.Resize(ref _pages, _pages.Length * 2);   // page references only: 4 KiB at a million
            if (_pages[page] is null) _pages[page] = new Node[PageSize];
            else if (page == 0 && slot == _pages[0].Length) Array.Resize(ref _pages[0], _pages[0].Length * 2);   // the first page, at most 64 KiB
        }
        N(slot) = new Node { Composite = composite, Member = member, Size = 1 };
        return slot;
    }

    private void Release(int slot)
    {
        N(slot) = new Node { Left = _free, Member = null! };   // drop the member id, so the GC can take it
        _free = slot;
    }

    /// <summary>For tests: checks every node's size, the balance rule and the order, and returns the tree's height.</summary>
    internal int CheckShape()
    {
        var previous = Nil;
        return Check(_root, ref previous);
    }

    private int Check(int t, ref int previous)
    {
        if (t == Nil) return 0;
        ref var node = ref N(t);
        int left = N(node.Left).Size, right = N(node.Right).Size;
        if (node.Size != 1 + left + right) throw new InvalidOperationException($"Node {t} says size {node.Size}, its subtrees hold {1 + left + right}.");
        if (left + right > 1 && (left > Delta * right || right > Delta * left)) throw new InvalidOperationException($"Node {t} is out of balance: {left} and {right}.");
        var height = Check(node.Left, ref previous);
        if (previous != Nil && Compare(node.Composite, node.Member, previous) <= 0) throw new InvalidOperationException($"Node {t} is not after the one before it.");
        previous = t;
        return 1 + Math.Max(height, Check(node.Right, ref previous));
    }
}
